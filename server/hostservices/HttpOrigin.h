#pragma once

// One HTTP origin the adapters call (a SOAP endpoint, say), shared by every event loop: where it
// is (resolved once) and its circuit breaker, so every loop's failures count toward one breaker
// and an open breaker spares the origin on all loops alike. Each loop keeps its own connections.

#include "config/Config.h"
#include "proxy/TargetState.h"

#include <cstdint>
#include <memory>
#include <string>

namespace portico::hostservices
{

struct HttpOrigin
{
    // Resolves host; resolved() tells whether that worked.
    HttpOrigin(const std::string& scheme, const std::string& host, std::uint16_t port);

    bool resolved() const { return state.resolved; }

    config::TargetConfig target; // url is "scheme://host:port"
    proxy::TargetState state{target, 0};
};

} // namespace portico::hostservices
