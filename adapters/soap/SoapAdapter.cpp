#include "soap/SoapAdapter.h"

#include "soap/RequestFields.h"

#include <Poco/String.h>

#include <exception>

namespace portico::soap
{

SoapAdapter::SoapAdapter(std::shared_ptr<const SoapRoute> route, plugin::HostServices& host)
    : _route(std::move(route)), _host(host)
{
}

void SoapAdapter::handle(std::shared_ptr<const plugin::Request> request,
                         std::shared_ptr<plugin::Responder> responder)
{
    try
    {
        std::string detail;
        int status = 404;
        std::shared_ptr<const SoapOperation> operation =
            _route->selectOperation(request->pathParams, status, detail);
        if (!operation)
        {
            responder->fail(status, detail);
            return;
        }
        Poco::JSON::Object::Ptr fields;
        if (!mergeRequestFields(request->body, request->pathParams, _route->selectorParam(),
                                request->queryParams, fields, detail))
        {
            responder->fail(400, detail);
            return;
        }
        SoapCall soapCall;
        status = 400;
        if (!_route->buildCall(*operation, *fields, soapCall, status, detail))
        {
            responder->fail(status, detail);
            return;
        }
        plugin::HttpCall call;
        call.method = "POST";
        call.url = std::move(soapCall.url);
        call.headers.reserve(soapCall.headers.size() + 3);
        for (auto& [name, value] : soapCall.headers)
            call.headers.push_back(plugin::Header{std::move(name), std::move(value)});
        if (!request->requestId.empty())
            call.headers.push_back(plugin::Header{"X-Request-Id", request->requestId});
        // W3C trace context, as the host prepared it (its traceparent names the gateway's span).
        for (const char* traceField : {"traceparent", "tracestate"})
            if (const std::string* value = request->header(traceField))
                call.headers.push_back(plugin::Header{traceField, *value});
        call.body = std::move(soapCall.body);
        call.timeout = soapCall.timeout;
        // The callback owns what it needs: the route (immutable) and the operation stay alive
        // even if the configuration is reloaded while the call is in flight.
        std::shared_ptr<const SoapRoute> route = _route;
        _host.http(std::move(call),
                   [route, operation, responder](plugin::HttpResult result)
                   {
                       try
                       {
                           answer(*route, *operation, result, *responder);
                       }
                       catch (const std::exception& e)
                       {
                           responder->fail(502,
                                           std::string("the SOAP reply could not be mapped: ") + e.what());
                       }
                       catch (...)
                       {
                           responder->fail(502, "the SOAP reply could not be mapped");
                       }
                   });
    }
    catch (const std::exception& e)
    {
        responder->fail(500, std::string("soap adapter error: ") + e.what());
    }
    catch (...)
    {
        responder->fail(500, "soap adapter error");
    }
}

void SoapAdapter::answer(const SoapRoute& route, const SoapOperation& operation,
                         const plugin::HttpResult& result, plugin::Responder& responder)
{
    switch (result.outcome)
    {
    case plugin::HttpResult::Outcome::Unreachable:
        responder.fail(502, "the SOAP service is unreachable: " + result.error);
        return;
    case plugin::HttpResult::Outcome::TimedOut:
        responder.fail(504, "the SOAP service did not answer in time");
        return;
    case plugin::HttpResult::Outcome::BadResponse:
        responder.fail(502, "the SOAP service sent an invalid HTTP response: " + result.error);
        return;
    case plugin::HttpResult::Outcome::CircuitOpen:
        responder.unavailable(result.error, result.retryAfter);
        return;
    case plugin::HttpResult::Outcome::Ok:
        break;
    }
    std::string_view contentType;
    for (const plugin::Header& header : result.headers)
    {
        if (Poco::icompare(header.name, "Content-Type") == 0) contentType = header.value;
    }
    ReplyOutcome outcome = route.mapReply(operation, result.status, result.body, contentType);
    if (!outcome.ok())
    {
        responder.fail(outcome.status, std::move(outcome.detail), std::move(outcome.extensionsJson));
        return;
    }
    plugin::Response response;
    response.status = 200;
    response.headers.push_back(plugin::Header{"Content-Type", "application/json"});
    response.body = std::move(outcome.body);
    responder.respond(std::move(response));
}

std::string SoapAdapter::openApiPathItem(const std::string& routePath) const
{
    try
    {
        return _route->openApiPathItem(routePath);
    }
    catch (...)
    {
        return std::string();
    }
}

std::vector<plugin::Adapter::Unavailable> SoapAdapter::unavailable() const
{
    std::vector<Unavailable> result;
    for (const auto& [name, reason] : _route->unavailable())
        result.push_back({name, reason});
    return result;
}

} // namespace portico::soap
