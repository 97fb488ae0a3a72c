#pragma once

// The tcp adapter as the gateway sees it: one per route, wrapping a TcpRoute. handle() runs on the
// gateway's event loops, so it only encodes (a 400 is answered at once) and hands the blocking
// exchange to HostServices::submit(); the worker answers through the Responder. Thread-safe.

#include "tcp/InFlightWork.h"
#include "tcp/TcpRoute.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <string>

namespace portico::tcp
{

class TcpAdapter final : public plugin::Adapter
{
public:
    // host outlives the adapter (PluginAbi.h).
    TcpAdapter(std::shared_ptr<TcpRoute> route, plugin::HostServices& host);

    // Waits (bounded by the route's timeout) for exchanges still running on the host's workers.
    ~TcpAdapter() override;

    void handle(std::shared_ptr<const plugin::Request> request,
                std::shared_ptr<plugin::Responder> responder) override;
    std::string openApiPathItem(const std::string& routePath) const override;

private:
    const std::shared_ptr<TcpRoute> _route;
    plugin::HostServices& _host;
    const std::shared_ptr<InFlightWork> _work = std::make_shared<InFlightWork>();
};

} // namespace portico::tcp
