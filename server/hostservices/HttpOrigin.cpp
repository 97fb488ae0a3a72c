#include "hostservices/HttpOrigin.h"

namespace portico::hostservices
{

HttpOrigin::HttpOrigin(const std::string& scheme, const std::string& host, std::uint16_t port)
{
    target.url = scheme + "://" + host + ":" + std::to_string(port);
    target.https = scheme == "https";
    target.host = host;
    target.port = port;
    state.breakerSettings.consecutive = 5; // as a stream pool's default: 5 failures, 10 s
    // Adapters' endpoints are fixed by their configuration: resolved once.
    state.resolved = net::resolveEndpoint(host, port, state.endpoint, state.resolveError);
    const bool defaultPort = port == (target.https ? 443 : 80);
    state.hostHeader = defaultPort ? host : host + ":" + std::to_string(port);
}

} // namespace portico::hostservices
