#include "runtime/OpenApiDocument.h"

#include "adapter/AdapterHandler.h"
#include "routing/PathTemplate.h"
#include "runtime/Runtime.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace portico::runtime
{

namespace
{

// "/orders/{id}/*" → "/orders/{id}/{rest}": OpenAPI has no wildcard, so the rest is a parameter.
std::string openApiPath(const routing::PathTemplate& pathTemplate)
{
    std::string path;
    for (const auto& segment : pathTemplate.segments())
    {
        path += '/';
        path += segment.kind == routing::PathTemplate::SegmentKind::Parameter ? "{" + segment.text + "}"
                                                                              : segment.text;
    }
    if (pathTemplate.wildcard())
    {
        path += "/{rest}";
    }
    if (path.empty())
    {
        path = "/";
    }
    if (pathTemplate.text().size() > 1 && pathTemplate.text().back() == '/' && !pathTemplate.wildcard())
    {
        path += '/';
    }
    return path;
}

Poco::JSON::Array::Ptr pathParameters(const routing::PathTemplate& pathTemplate)
{
    Poco::JSON::Array::Ptr parameters = new Poco::JSON::Array;
    auto add = [&](const std::string& name)
    {
        Poco::JSON::Object::Ptr parameter = new Poco::JSON::Object;
        parameter->set("name", name);
        parameter->set("in", "path");
        parameter->set("required", true);
        Poco::JSON::Object::Ptr schema = new Poco::JSON::Object;
        schema->set("type", "string");
        parameter->set("schema", schema);
        parameters->add(parameter);
    };
    for (const auto& segment : pathTemplate.segments())
    {
        if (segment.kind == routing::PathTemplate::SegmentKind::Parameter)
        {
            add(segment.text);
        }
    }
    if (pathTemplate.wildcard())
    {
        add("rest");
    }
    return parameters;
}

Poco::JSON::Object::Ptr problemResponse(const std::string& description)
{
    Poco::JSON::Object::Ptr response = new Poco::JSON::Object;
    response->set("description", description);
    Poco::JSON::Object::Ptr content = new Poco::JSON::Object;
    Poco::JSON::Object::Ptr media = new Poco::JSON::Object;
    Poco::JSON::Object::Ptr reference = new Poco::JSON::Object;
    reference->set("$ref", "#/components/schemas/Problem");
    media->set("schema", reference);
    content->set("application/problem+json", media);
    response->set("content", content);
    return response;
}

Poco::JSON::Object::Ptr problemSchema()
{
    Poco::JSON::Object::Ptr schema = new Poco::JSON::Object;
    schema->set("type", "object");
    Poco::JSON::Object::Ptr properties = new Poco::JSON::Object;
    for (const char* name : {"type", "title", "detail", "requestId"})
    {
        Poco::JSON::Object::Ptr property = new Poco::JSON::Object;
        property->set("type", "string");
        properties->set(name, property);
    }
    Poco::JSON::Object::Ptr status = new Poco::JSON::Object;
    status->set("type", "integer");
    properties->set("status", status);
    schema->set("properties", properties);
    return schema;
}

Poco::JSON::Object::Ptr genericOperation(const config::RouteConfig& route, const std::string& method,
                                         const routing::PathTemplate& pathTemplate)
{
    Poco::JSON::Object::Ptr operation = new Poco::JSON::Object;
    std::string lower = method;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    operation->set("operationId", route.name + "_" + lower);
    operation->set("summary", "route " + route.name);
    operation->set("parameters", pathParameters(pathTemplate));
    Poco::JSON::Object::Ptr responses = new Poco::JSON::Object;
    Poco::JSON::Object::Ptr ok = new Poco::JSON::Object;
    ok->set("description", "the upstream's answer");
    responses->set("default", ok);
    responses->set("404", problemResponse("no route"));
    responses->set("502", problemResponse("upstream unreachable or bad reply"));
    responses->set("504", problemResponse("upstream timeout"));
    operation->set("responses", responses);
    return operation;
}

// Merges what an adapter says about its route: a path item for the route's own path, or an
// object whose keys are concrete paths ("/api/calculator/Add") each holding a path item.
void mergeAdapterDescription(const std::string& text, const std::string& routePath,
                             Poco::JSON::Object::Ptr paths)
{
    Poco::JSON::Object::Ptr described = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    // A path item may list, as "x-portico-concrete-paths", one path per value of a selector
    // parameter ({operation} → /api/calculator/Add, …): those become paths of their own, so SDK
    // generators see one typed operation each.
    if (described->has("x-portico-concrete-paths"))
    {
        Poco::JSON::Object::Ptr concrete = described->getObject("x-portico-concrete-paths");
        described->remove("x-portico-concrete-paths");
        if (!concrete.isNull())
        {
            for (const auto& member : *concrete)
            {
                paths->set(member.first, member.second);
            }
        }
    }
    bool concretePaths = false;
    for (const auto& member : *described)
    {
        concretePaths = concretePaths || (!member.first.empty() && member.first.front() == '/');
    }
    if (!concretePaths)
    {
        paths->set(routePath, described);
        return;
    }
    for (const auto& member : *described)
    {
        paths->set(member.first, member.second);
    }
}

} // namespace

std::string buildOpenApiDocument(const Runtime& runtime)
{
    Poco::JSON::Object document;
    document.set("openapi", "3.0.3");
    Poco::JSON::Object::Ptr info = new Poco::JSON::Object;
    info->set("title", "Portico gateway");
    info->set("version", PORTICO_VERSION);
    info->set("description",
              "Every public route of this gateway; SOAP routes carry schemas derived from their WSDL.");
    document.set("info", info);
    Poco::JSON::Object::Ptr paths = new Poco::JSON::Object;
    static const char* const anyMethods[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    for (std::size_t i = 0; i < runtime.table.routes.size(); ++i)
    {
        const pipeline::RoutePipeline& route = *runtime.table.routes[i];
        const config::RouteConfig& config = route.config();
        const routing::PathTemplate& pathTemplate = runtime.table.router.pathTemplate(i);
        std::string path = openApiPath(pathTemplate);
        if (config.handler == config::HandlerKind::Adapter)
        {
            const auto& factory = static_cast<const adapter::AdapterHandlerFactory&>(route.handler());
            try
            {
                std::string described = factory.adapter().openApiPathItem(path);
                if (!described.empty())
                {
                    mergeAdapterDescription(described, path, paths);
                    continue;
                }
            }
            catch (...)
            {
                // An adapter that cannot describe itself still gets the generic description.
            }
        }
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        std::vector<std::string> methods = config.methods;
        if (methods.empty())
        {
            methods.assign(std::begin(anyMethods), std::end(anyMethods));
        }
        for (const std::string& method : methods)
        {
            if (method == "HEAD" || method == "OPTIONS" || method == "TRACE" || method == "CONNECT")
            {
                continue;
            }
            std::string lower = method;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            item->set(lower, genericOperation(config, method, pathTemplate));
        }
        paths->set(path, item);
    }
    document.set("paths", paths);
    Poco::JSON::Object::Ptr components = new Poco::JSON::Object;
    Poco::JSON::Object::Ptr schemas = new Poco::JSON::Object;
    schemas->set("Problem", problemSchema());
    components->set("schemas", schemas);
    document.set("components", components);
    std::ostringstream text;
    document.stringify(text);
    return text.str();
}

} // namespace portico::runtime
