#include "runtime/RuntimeBuilder.h"

#include "adapter/AdapterHandler.h"
#include "proxy/ProxyHandler.h"
#include "routing/PathTemplate.h"
#include "runtime/AdapterErrors.h"
#include "runtime/DocumentHandler.h"
#include "runtime/OpenApiDocument.h"

#include <loader/PluginCatalog.h>

#include <stdexcept>

namespace portico::runtime
{

namespace
{

// The adapter previous made for a route configured as route is, or null.
std::shared_ptr<plugin::Adapter> unchangedAdapter(const Runtime* previous, const config::RouteConfig& route)
{
    if (previous == nullptr) return nullptr;
    for (const auto& pipeline : previous->table.routes)
    {
        const config::RouteConfig& before = pipeline->config();
        if (before.name != route.name) continue;
        const auto* factory = dynamic_cast<const adapter::AdapterHandlerFactory*>(&pipeline->handler());
        if (factory == nullptr || before.handler != config::HandlerKind::Adapter) return nullptr;
        // What the adapter was made from (its positions in the file aside).
        const bool same = before.adapter.type == route.adapter.type &&
                          before.adapter.elementXml == route.adapter.elementXml &&
                          before.adapter.baseDirectory == route.adapter.baseDirectory &&
                          before.pathTemplate == route.pathTemplate && before.methods == route.methods;
        return same ? factory->sharedAdapter() : nullptr;
    }
    return nullptr;
}

} // namespace

std::shared_ptr<Runtime> buildRuntime(config::ConfigPtr config, const plugins::PluginCatalog& catalog,
                                      plugin::HostServices& host, std::vector<std::string>& errors,
                                      const Runtime* previous)
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
    runtime->table.trustedProxies = config->server.trustedProxies;
    for (const config::RouteConfig& route : config->routes)
    {
        std::unique_ptr<pipeline::HandlerFactory> handler;
        if (route.handler == config::HandlerKind::Proxy)
        {
            handler = std::make_unique<proxy::ProxyHandlerFactory>(runtime->upstreams, route);
        }
        else if (std::shared_ptr<plugin::Adapter> kept = unchangedAdapter(previous, route))
        {
            handler = std::make_unique<adapter::AdapterHandlerFactory>(route, std::move(kept));
        }
        else
        {
            plugin::AdapterConfig adapterConfig;
            adapterConfig.elementXml = route.adapter.elementXml;
            adapterConfig.baseDirectory = route.adapter.baseDirectory;
            adapterConfig.sourceFile = route.adapter.position.file;
            adapterConfig.line = route.adapter.position.line;
            adapterConfig.column = route.adapter.position.column;
            adapterConfig.positions = route.adapter.positions;
            adapterConfig.routeName = route.name;
            adapterConfig.routePath = route.pathTemplate;
            adapterConfig.routeMethods = route.methods;
            routing::PathTemplate pathTemplate;
            std::string templateError;
            if (routing::PathTemplate::parse(route.pathTemplate, pathTemplate, templateError))
            {
                for (const auto& segment : pathTemplate.segments())
                {
                    if (segment.kind == routing::PathTemplate::SegmentKind::Parameter)
                    {
                        adapterConfig.pathParameters.push_back(segment.text);
                    }
                }
                if (pathTemplate.wildcard())
                {
                    adapterConfig.pathParameters.push_back("*");
                }
            }
            std::vector<std::string> adapterErrors;
            std::shared_ptr<plugin::Adapter> adapter =
                catalog.createAdapter(route.adapter.type, adapterConfig, host, adapterErrors);
            if (!adapter)
            {
                for (std::string& line : placeAdapterErrors(route, adapterErrors))
                    errors.push_back(std::move(line));
                continue;
            }
            handler = std::make_unique<adapter::AdapterHandlerFactory>(route, std::move(adapter));
        }
        runtime->table.routes.push_back(std::make_unique<pipeline::RoutePipeline>(route, std::move(handler)));
    }
    if (!errors.empty())
    {
        return nullptr;
    }
    runtime->openApiDocument = buildOpenApiDocument(*runtime);
    for (const config::RouteConfig& route : runtime->table.builtinConfigs)
    {
        // One built-in route so far: the OpenAPI document.
        runtime->table.builtins.push_back(std::make_unique<pipeline::RoutePipeline>(
            route, std::make_unique<DocumentHandlerFactory>(runtime->openApiDocument, "application/json")));
    }
    return runtime;
}

} // namespace portico::runtime
