#pragma once

// Everything compiled from one configuration that the request path reads: the route table
// (router, each route's pipeline, the built-in routes, the completion stages) and the upstreams'
// shared state. Immutable after build (upstream health counters are atomics; each policy's loop
// state belongs to its loop); shared by every event loop.

#include "config/Config.h"
#include "pipeline/RouteTable.h"
#include "proxy/UpstreamRegistry.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::runtime
{

// The routes the gateway serves itself when no configured route takes the path.
std::vector<config::RouteConfig> builtinRoutes();

struct Runtime
{
    explicit Runtime(config::ConfigPtr configuration)
        : config(std::move(configuration)), table(config->routes, builtinRoutes()), upstreams(*config)
    {
    }

    config::ConfigPtr config;
    pipeline::RouteTable table;
    proxy::UpstreamRegistry upstreams;
    std::string openApiDocument; // GET /openapi.json, built once with the routes
};

} // namespace portico::runtime
