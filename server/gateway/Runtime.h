#pragma once

// Everything compiled from one configuration that the request path reads: the router, each
// route's pipeline, the upstreams' shared state and the completion stages. Immutable after
// build (upstream health counters are atomics); shared by every event loop.

#include "config/Config.h"
#include "pipeline/RoutePipeline.h"
#include "proxy/UpstreamRegistry.h"
#include "routing/Router.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::gateway
{

struct Runtime
{
    explicit Runtime(config::ConfigPtr configuration)
        : config(std::move(configuration)), router(config->routes), upstreams(*config)
    {
    }

    config::ConfigPtr config;
    routing::Router router;
    proxy::UpstreamRegistry upstreams;
    std::vector<std::unique_ptr<pipeline::RoutePipeline>> routes; // by route index
    std::vector<pipeline::CompletionStage*> completion;           // not owned
    std::string openApiDocument; // GET /openapi.json, built once with the routes
};

} // namespace portico::gateway
