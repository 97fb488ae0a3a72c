#include "gateway/RuntimeBuilder.h"

#include "proxy/ProxyHandler.h"

#include <stdexcept>

namespace portico::gateway
{

namespace
{

std::string at(const config::SourcePosition& position)
{
    return position.file + ":" + std::to_string(position.line) + ":" + std::to_string(position.column) + ": ";
}

} // namespace

std::shared_ptr<Runtime> buildRuntime(config::ConfigPtr config, std::vector<std::string>& errors)
{
    std::shared_ptr<Runtime> runtime;
    try
    {
        runtime = std::make_shared<Runtime>(config);
    }
    catch (const std::exception& e)
    {
        errors.push_back(config->file + ":1:1: " + e.what());
        return nullptr;
    }
    for (const config::RouteConfig& route : config->routes)
    {
        std::unique_ptr<pipeline::HandlerFactory> handler;
        if (route.handler == config::HandlerKind::Proxy)
        {
            handler = std::make_unique<proxy::ProxyHandlerFactory>(runtime->upstreams, route);
        }
        else
        {
            errors.push_back(at(route.adapter.position) + "route '" + route.name + "': no loaded plugin provides adapter type '" +
                             route.adapter.type + "'");
            continue;
        }
        runtime->routes.push_back(std::make_unique<pipeline::RoutePipeline>(route, std::move(handler)));
    }
    if (!errors.empty())
    {
        return nullptr;
    }
    return runtime;
}

} // namespace portico::gateway
