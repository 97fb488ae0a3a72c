#pragma once

// The tcp adapter as the gateway sees it: one per route, wrapping a TcpRoute and the host's stream
// pool to the route's peer. handle() runs on the gateway's event loops: it encodes (a 400 is
// answered at once) and hands the frame to the pool, whose exchange runs on the same loop without
// blocking; the reply is decoded there and answered through the Responder. Thread-safe.

#include "tcp/TcpRoute.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <string>

namespace portico::tcp
{

class TcpAdapter final : public plugin::Adapter
{
public:
    TcpAdapter(std::shared_ptr<TcpRoute> route, std::shared_ptr<plugin::StreamPool> pool);

    void handle(std::shared_ptr<const plugin::Request> request,
                std::shared_ptr<plugin::Responder> responder) override;
    std::string openApiPathItem(const std::string& routePath) const override;

private:
    const std::shared_ptr<TcpRoute> _route;
    const std::shared_ptr<plugin::StreamPool> _pool;
};

} // namespace portico::tcp
