#pragma once

// The soap adapter of one route: the plugin-facing shell around an immutable SoapRoute. handle()
// selects the operation, merges the JSON body with path and query parameters, builds the
// envelope and sends it with HostServices::http(); the callback maps the reply. It never blocks
// and never throws. Thread-safe: it only reads the shared SoapRoute.
//
// Answers: 404 unknown operation; 400 bad JSON / unmappable value / SOAP Client or Sender fault;
// 502 unreachable service, bad HTTP, a reply that is not a SOAP envelope of the route's version
// (or has a DOCTYPE), other faults; 504 timeout; fault statuses as the route's <faults> say;
// 200 application/json otherwise.

#include "soap/SoapRoute.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>

namespace portico::soap
{

class SoapAdapter : public plugin::Adapter
{
public:
    // host must outlive the adapter (the ABI guarantees it).
    SoapAdapter(std::shared_ptr<const SoapRoute> route, plugin::HostServices& host);

    void handle(std::shared_ptr<const plugin::Request> request,
                std::shared_ptr<plugin::Responder> responder) override;

    std::string openApiPathItem(const std::string& routePath) const override;
    std::vector<Unavailable> unavailable() const override;

    // Maps the outcome of the HTTP call for operation to the client's answer (public for tests).
    static void answer(const SoapRoute& route, const SoapOperation& operation,
                       const plugin::HttpResult& result, plugin::Responder& responder);

private:
    std::shared_ptr<const SoapRoute> _route;
    plugin::HostServices& _host;
};

} // namespace portico::soap
