#include "runtime/Runtime.h"

namespace portico::runtime
{

std::vector<config::RouteConfig> builtinRoutes()
{
    config::RouteConfig openApi;
    openApi.name = "openapi";
    openApi.pathTemplate = "/openapi.json";
    openApi.methods = {"GET"};
    openApi.handler = config::HandlerKind::Builtin;
    return {openApi};
}

} // namespace portico::runtime
