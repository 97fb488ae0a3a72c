#pragma once

// Everything one soap route needs at request time, built once from its SoapConfig: the loaded
// WSDL's operations (or the untyped operation of a route without a WSDL), the endpoint, the SOAP
// version, the envelope builder and the reply mapper. Immutable after create(); every method is
// const and thread-safe, and none parses a WSDL or configuration. The plugin's SoapAdapter is a
// thin shell around it; tests use it directly, without a gateway.
//
// Defaults: the SOAP version is the chosen binding's (see OperationResolver for the port choice:
// SOAP 1.1 preferred); without a WSDL it is <version>, else 1.1. A route with a WSDL and no
// <operation> uses the binding's only operation (an error when there are several).

#include "soap/DocumentFetcher.h"
#include "soap/EnvelopeBuilder.h"
#include "soap/ReplyMapper.h"
#include "soap/RequestFields.h"
#include "soap/ServiceContract.h"
#include "soap/SoapConfig.h"

#include <Poco/JSON/Object.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace portico::soap
{

// Where the route comes from (copied from the plugin's AdapterConfig).
struct RouteInfo
{
    std::string routeName;
    std::string baseDirectory;               // for a relative <wsdl>
    std::vector<std::string> pathParameters; // names the route's path template binds
};

// The HTTP request to the SOAP service.
struct SoapCall
{
    std::string url;
    NameValues headers;
    std::string body;
    std::chrono::milliseconds timeout{30000};
};

class SoapRoute
{
public:
    // Loads the WSDL through fetch (when configured) and checks everything the route will use.
    // Returns nullptr and appends messages to errors on failure; warnings are worth logging.
    static std::shared_ptr<const SoapRoute> create(const SoapConfig& config, const RouteInfo& route,
                                                   const FetchFunction& fetch,
                                                   std::vector<std::string>& errors,
                                                   std::vector<std::string>& warnings);

    // The operation a request names (fixed, or from the path parameter). nullptr with status and
    // detail otherwise: 404 when the service has no such operation, 501 when the adapter cannot
    // map it (the detail names the construct, where it is and in which WSDL line).
    std::shared_ptr<const SoapOperation> selectOperation(const NameValues& pathParams, int& status,
                                                         std::string& detail) const;
    std::shared_ptr<const SoapOperation> selectOperation(const NameValues& pathParams,
                                                         std::string& detail) const
    {
        int status = 0;
        return selectOperation(pathParams, status, detail);
    }

    // The operations of the WSDL this route leaves out, by name, with the reason: a construct the
    // adapter cannot map. Requests for them answer 501. Empty with strict="true" (they fail the
    // route instead).
    const std::map<std::string, std::string>& unavailable() const { return _unavailable; }

    // The HTTP call for fields (RequestFields), which are built for this one request: their
    // "soap:Header" member is taken out (EnvelopeBuilder). False with status (400, or 500) and detail.
    bool buildCall(const SoapOperation& operation, Poco::JSON::Object& fields, SoapCall& call, int& status,
                   std::string& detail, const SecurityStamp* stamp = nullptr) const;

    // The reply as JSON, or a problem. contentType is the reply's: an MTOM package
    // (multipart/related) is unpacked first, its parts' bytes as base64 text in place.
    ReplyOutcome mapReply(const SoapOperation& operation, int httpStatus, const std::string& body,
                          std::string_view contentType = {}) const;

    // OpenAPI 3.0 path item (JSON text) for this route; see OpenApiBuilder.h.
    std::string openApiPathItem(const std::string& routePath) const;

    SoapVersion version() const { return _version; }
    const std::string& endpoint() const { return _endpoint; }
    std::chrono::milliseconds timeout() const { return _timeout; }
    const std::string& selectorParam() const { return _selectorParam; }
    // The operations requests may use (one for a fixed route; all for {operation} routes; none
    // for an untyped {operation} route, whose names are not known in advance).
    std::vector<const SoapOperation*> operations() const;
    const ServiceContract* contract() const { return _contract.get(); }

private:
    SoapRoute() = default;

    std::shared_ptr<const ServiceContract> _contract;
    std::map<std::string, std::shared_ptr<const SoapOperation>> _operations;
    std::shared_ptr<const SoapOperation> _fixed;
    std::map<std::string, std::string> _unavailable;
    SoapOperation _untypedTemplate; // without a WSDL, for {operation} routes
    bool _untyped = false;
    std::string _selectorParam;
    std::string _endpoint;
    SoapVersion _version = SoapVersion::Soap11;
    std::chrono::milliseconds _timeout{30000};
    std::unique_ptr<EnvelopeBuilder> _envelopes;
    std::unique_ptr<ReplyMapper> _replies;
    RouteInfo _route;
    std::vector<FaultRule> _faultRules;
};

} // namespace portico::soap
