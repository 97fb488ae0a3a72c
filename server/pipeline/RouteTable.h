#pragma once

// Every route of one configuration as the exchange runner sees them: the router with each
// route's pipeline, the gateway's built-in routes (tried when no configured route matches the
// path), and the completion stages that observe every exchange. Built once with the Runtime.

#include "config/Config.h"
#include "net/AddressRange.h"
#include "pipeline/ReleaseGate.h"
#include "pipeline/RoutePipeline.h"
#include "routing/Router.h"

#include <memory>
#include <vector>

namespace portico::pipeline
{

struct RouteTable
{
    RouteTable(const std::vector<config::RouteConfig>& routes, std::vector<config::RouteConfig> builtinRoutes)
        : builtinConfigs(std::move(builtinRoutes)), router(routes), builtinRouter(builtinConfigs)
    {
    }

    void attachLoops(const std::vector<net::EventLoop*>& loops)
    {
        for (auto& route : routes)
        {
            route->attachLoops(loops);
        }
        for (auto& route : builtins)
        {
            route->attachLoops(loops);
        }
    }

    std::vector<config::RouteConfig> builtinConfigs;
    routing::Router router;
    routing::Router builtinRouter;
    std::vector<std::unique_ptr<RoutePipeline>> routes;   // by route index
    std::vector<std::unique_ptr<RoutePipeline>> builtins; // by index into builtinConfigs
    std::vector<CompletionStage*> completion;             // not owned
    ReleaseGate* gate = nullptr;                          // not owned; null: answers go out at once
    std::size_t auditBodyBytes = 0; // bytes of each body kept in Exchange::audit*Body (0: none)
    // Peers whose X-Forwarded-For is believed (null: none).
    std::shared_ptr<const net::AddressRangeSet> trustedProxies;
};

} // namespace portico::pipeline
