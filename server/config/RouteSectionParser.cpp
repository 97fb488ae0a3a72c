#include "config/RouteSectionParser.h"

#include "config/AdapterElement.h"
#include "config/UpstreamSectionParser.h"
#include "pipeline/PolicyRegistry.h"
#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace portico::config
{

namespace
{

std::string trim(std::string_view text)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return std::string(text);
}

std::string upperCase(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string lowerCase(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// The methods both routes answer: an empty list stands for every method.
std::vector<std::string> overlappingMethods(const std::vector<std::string>& a,
                                            const std::vector<std::string>& b)
{
    if (a.empty()) return b;
    if (b.empty()) return a;
    std::vector<std::string> both;
    for (const std::string& method : a)
    {
        if (std::find(b.begin(), b.end(), method) != b.end()) both.push_back(method);
    }
    return both;
}

std::string joinMethods(const std::vector<std::string>& methods)
{
    if (methods.empty()) return "any method";
    std::string text;
    for (const std::string& method : methods)
        text += (text.empty() ? "" : ",") + method;
    return text;
}

} // namespace

RouteSectionParser::RouteSectionParser(LoadContext& context, const Config& config,
                                       std::vector<RouteConfig>& target)
    : _context(context), _config(config), _target(target)
{
}

void RouteSectionParser::setDefaults(const pugi::xml_node& defaults)
{
    const pipeline::PolicyRegistry& registry = _context.policies();
    ElementReader reader(_context, defaults, {});
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view name = child.name();
            if (registry.find(name) != nullptr)
                _defaults.push_back(child);
            else
                reader.unknownChild(child);
        });
}

void RouteSectionParser::parsePolicy(const pugi::xml_node& element, RouteConfig& route,
                                     const std::vector<std::string>& pathParameters, bool fromDefaults)
{
    const pipeline::PolicyModule* module = _context.policies().find(element.name());
    std::vector<pipeline::PolicyPart> parts;
    pipeline::PolicyElement input{_context, element, _config, route, pathParameters, fromDefaults, parts};
    std::shared_ptr<const pipeline::Policy> policy;
    try
    {
        policy = module->build(input);
    }
    catch (const std::exception& e)
    {
        _context.error(_context.position(element), "<" + module->element + ">: " + e.what());
        return;
    }
    if (policy)
        parts.insert(parts.begin(), pipeline::PolicyPart{module->slot, std::move(policy), module->requires});
    for (pipeline::PolicyPart& part : parts)
    {
        RoutePolicyConfig configured;
        configured.element = module->element;
        configured.slot = part.slot;
        configured.policy = std::move(part.policy);
        configured.needs = std::move(part.needs);
        configured.position = _context.position(element);
        configured.fromDefaults = fromDefaults;
        route.policies.push_back(std::move(configured));
    }
}

void RouteSectionParser::applyDefaults(RouteConfig& route, const std::vector<std::string>& pathParameters)
{
    std::vector<std::string> own;
    for (const RoutePolicyConfig& policy : route.policies)
        own.push_back(policy.element);
    for (const pugi::xml_node& element : _defaults)
    {
        if (std::find(own.begin(), own.end(), element.name()) == own.end())
            parsePolicy(element, route, pathParameters, true);
    }
}

void RouteSectionParser::checkRequirements(RouteConfig& route)
{
    for (const RoutePolicyConfig& policy : route.policies)
    {
        for (pipeline::Slot needed : policy.needs)
        {
            const bool present =
                std::any_of(route.policies.begin(), route.policies.end(),
                            [needed](const RoutePolicyConfig& other) { return other.slot == needed; });
            if (!present)
            {
                _context.error(policy.position, "<" + policy.element + "> on route '" + route.name +
                                                    "' needs a policy in the " +
                                                    std::string(pipeline::slotName(needed)) +
                                                    " slot before it (such as <auth>)");
            }
        }
    }
}

void RouteSectionParser::parse(const pugi::xml_node& routes)
{
    ElementReader reader(_context, routes, {});
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            if (std::string_view(child.name()) == "route")
                parseRoute(child);
            else
                reader.unknownChild(child);
        });
}

void RouteSectionParser::parseRoute(const pugi::xml_node& element)
{
    ElementReader reader(_context, element, {"name", "path", "methods", "host"});
    RouteConfig route;
    route.position = reader.position();

    if (const std::optional<std::string> name = reader.required("name"))
    {
        route.name = *name;
        if (!isValidName(*name))
        {
            reader.invalid("name", *name, "use letters, digits, '.', '_' and '-'");
        }
        else if (const auto first = _names.find(*name); first != _names.end())
        {
            reader.error("name", "duplicate route name '" + *name + "' (first defined at " +
                                     LoadContext::describe(first->second) + ")");
        }
        else
        {
            _names.emplace(*name, route.position);
        }
    }

    routing::PathTemplate path;
    bool pathValid = false;
    if (const std::optional<std::string> text = reader.required("path"))
    {
        std::string error;
        pathValid = routing::PathTemplate::parse(*text, path, error);
        if (pathValid)
            route.pathTemplate = *text;
        else
            reader.invalid("path", *text, error);
    }
    parseMethods(reader, route.methods);
    parseHost(reader, route.host);

    std::vector<std::string> pathParameters;
    if (pathValid)
    {
        for (const auto& segment : path.segments())
        {
            if (segment.kind == routing::PathTemplate::SegmentKind::Parameter)
                pathParameters.push_back(segment.text);
        }
        if (path.wildcard()) pathParameters.push_back("*");
    }
    const pipeline::PolicyRegistry& registry = _context.policies();

    pugi::xml_node handler;
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view name = child.name();
            if (name == "proxy" || name == "adapter")
            {
                if (handler)
                {
                    _context.error(_context.position(child),
                                   "route '" + route.name + "' has more than one handler (<" +
                                       handler.name() + "> at " +
                                       LoadContext::describe(_context.position(handler)) + ")");
                    return;
                }
                handler = child;
                if (name == "proxy")
                    parseProxy(child, route, pathValid ? &path : nullptr);
                else
                    parseAdapter(child, route);
            }
            else if (registry.find(name) != nullptr)
            {
                parsePolicy(child, route, pathParameters, false);
            }
            else
            {
                reader.unknownChild(child);
            }
        });
    if (!handler) reader.error("route '" + route.name + "' needs a handler: <proxy> or <adapter>");
    applyDefaults(route, pathParameters);
    checkRequirements(route);

    if (pathValid) checkSameMatch(reader, route, path);
    _target.push_back(std::move(route));
}

void RouteSectionParser::parseMethods(ElementReader& reader, std::vector<std::string>& methods)
{
    const std::optional<std::string> text = reader.text("methods");
    if (!text) return;
    std::size_t start = 0;
    while (start <= text->size())
    {
        const std::size_t comma = std::min(text->find(',', start), text->size());
        const std::string method = upperCase(trim(std::string_view(*text).substr(start, comma - start)));
        start = comma + 1;
        if (method == "*")
        {
            reader.invalid("methods", *text, "leave 'methods' out to match any method");
            return;
        }
        if (!isHttpToken(method))
        {
            reader.invalid("methods", *text,
                           "expected a comma-separated list of HTTP methods such as GET,PUT");
            return;
        }
        // A repeated method changes nothing about what the route matches.
        if (std::find(methods.begin(), methods.end(), method) == methods.end()) methods.push_back(method);
    }
}

void RouteSectionParser::parseHost(ElementReader& reader, std::string& host)
{
    const std::optional<std::string> text = reader.text("host");
    if (!text || text->empty()) return; // empty: any host, so "${API_HOST:-}" can switch it off
    const std::string lower = lowerCase(*text);
    const std::string_view bare = std::string_view(lower).substr(lower.rfind("*.", 0) == 0 ? 2 : 0);
    if (!isValidHost(bare))
    {
        reader.invalid("host", *text, "expected a host name such as api.example.com or *.example.com");
        return;
    }
    host = lower; // host names compare case-insensitively; store the one canonical spelling
}

void RouteSectionParser::parseProxy(const pugi::xml_node& element, RouteConfig& route,
                                    const routing::PathTemplate* routePath)
{
    ElementReader reader(_context, element, {"upstream", "url", "path", "preserveHost"});
    reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
    route.handler = HandlerKind::Proxy;

    UpstreamReference reference;
    reference.routeIndex = _target.size();
    reference.routeName = route.name;
    const bool byName = reader.has("upstream");
    const bool byUrl = reader.has("url");
    if (byName && byUrl)
    {
        reader.error("url", "<proxy> takes either 'upstream' or 'url', not both");
    }
    else if (byName)
    {
        if (const std::optional<std::string> name = reader.required("upstream"))
        {
            reference.upstreamName = *name;
            reference.position = reader.position("upstream");
            _references.push_back(std::move(reference));
        }
    }
    else if (byUrl)
    {
        TargetConfig target;
        if (UpstreamSectionParser::readTargetUrl(reader, "url", target))
        {
            reference.implicitUpstream.name = "route:" + route.name;
            reference.implicitUpstream.targets.push_back(std::move(target));
            reference.implicitUpstream.position = reader.position();
            reference.position = reader.position("url");
            _references.push_back(std::move(reference));
        }
    }
    else
    {
        reader.error("<proxy> needs upstream=\"NAME\" or url=\"http://HOST[:PORT]\"");
    }

    if (const std::optional<std::string> text = reader.text("path"))
    {
        routing::PathTemplate rewritten;
        std::string error;
        if (!routing::PathTemplate::parse(*text, rewritten, error))
        {
            reader.invalid("path", *text, error);
        }
        else
        {
            route.proxy.pathTemplate = *text;
            if (routePath != nullptr)
            {
                std::set<std::string> bound;
                for (const auto& segment : routePath->segments())
                {
                    if (segment.kind == routing::PathTemplate::SegmentKind::Parameter)
                        bound.insert(segment.text);
                }
                for (const auto& segment : rewritten.segments())
                {
                    if (segment.kind == routing::PathTemplate::SegmentKind::Parameter &&
                        !bound.count(segment.text))
                    {
                        reader.error("path", "proxy path '" + *text + "' uses '{" + segment.text +
                                                 "}', which route path '" + routePath->text() +
                                                 "' does not bind");
                    }
                }
                if (rewritten.wildcard() && !routePath->wildcard())
                {
                    reader.error("path", "proxy path '" + *text + "' ends in '/*' but route path '" +
                                             routePath->text() + "' does not");
                }
            }
        }
    }
    reader.boolean("preserveHost", route.proxy.preserveHost);
}

void RouteSectionParser::parseAdapter(const pugi::xml_node& element, RouteConfig& route)
{
    // The plugin checks the element's other attributes, as it does its children.
    ElementReader reader(_context, element, ElementReader::AttributesCheckedElsewhere{});
    route.handler = HandlerKind::Adapter;
    AdapterHandlerConfig& adapter = route.adapter;
    adapter.position = reader.position();
    adapter.baseDirectory = _context.baseDirectory();
    if (const std::optional<std::string> type = reader.required("type"))
    {
        if (isValidName(*type))
            adapter.type = *type;
        else
            reader.invalid("type", *type, "expected an adapter name such as soap or tcp");
        element.attribute("type").set_value(type->c_str()); // the plugin sees the expanded name
    }
    // The children belong to the plugin; only ${…} is the gateway's job, so the plugin sees
    // the same values everywhere else in the file sees.
    PreparedAdapterElement prepared = prepareAdapterElement(_context, element);
    adapter.elementXml = std::move(prepared.xml);
    adapter.positions = std::move(prepared.positions);
}

void RouteSectionParser::checkSameMatch(ElementReader& reader, const RouteConfig& route,
                                        const routing::PathTemplate& path)
{
    MatchKey key{route.name, route.host, path.shape(), route.methods, route.position};
    for (const MatchKey& other : _matches)
    {
        if (other.host != key.host || other.shape != key.shape) continue;
        const std::vector<std::string> both = overlappingMethods(other.methods, key.methods);
        if (!other.methods.empty() && !key.methods.empty() && both.empty()) continue;
        std::string detail = joinMethods(both) + " on path '" + key.shape + "'";
        if (!key.host.empty()) detail += " and host '" + key.host + "'";
        reader.error("route '" + key.routeName + "' matches the same requests as route '" + other.routeName +
                     "' (defined at " + LoadContext::describe(other.position) + "): both take " + detail);
        return;
    }
    _matches.push_back(std::move(key));
}

void RouteSectionParser::resolveUpstreams(std::vector<UpstreamConfig>& upstreams)
{
    std::map<std::string, std::size_t> indexByName;
    for (std::size_t i = 0; i < upstreams.size(); ++i)
        indexByName.emplace(upstreams[i].name, i);

    for (UpstreamReference& reference : _references)
    {
        RouteConfig& route = _target[reference.routeIndex];
        if (reference.upstreamName.empty())
        {
            route.proxy.upstreamIndex = upstreams.size();
            upstreams.push_back(std::move(reference.implicitUpstream));
            continue;
        }
        const auto found = indexByName.find(reference.upstreamName);
        if (found == indexByName.end())
        {
            _context.error(reference.position, "route '" + reference.routeName + "' refers to upstream '" +
                                                   reference.upstreamName +
                                                   "', which <upstreams> does not define");
            continue;
        }
        route.proxy.upstreamIndex = found->second;
    }
}

} // namespace portico::config
