#pragma once

// Reads <routes>: each route's match (name, path template, methods, host) and its one handler,
// and checks the routes against each other (duplicate names, two routes matching the same
// requests). Upstream names are resolved afterwards, once all of <upstreams> has been read,
// so the two sections may come in either order.

#include "config/Config.h"
#include "config/LoadContext.h"
#include "routing/PathTemplate.h"

#include <pugixml.hpp>

#include <map>
#include <string>
#include <vector>

namespace portico::config
{

class ElementReader;

class RouteSectionParser
{
public:
    // config: the configuration being loaded, its other sections already read (policies use them).
    RouteSectionParser(LoadContext& context, const Config& config, std::vector<RouteConfig>& target);

    // <defaults>: each child is a policy element applied to every route that has none of that name.
    void setDefaults(const pugi::xml_node& defaults);
    void parse(const pugi::xml_node& routes);

    // Points each <proxy upstream="NAME"> at its upstream (reporting names that are not
    // defined) and appends an implicit upstream "route:NAME" for each <proxy url="…">.
    void resolveUpstreams(std::vector<UpstreamConfig>& upstreams);

private:
    struct UpstreamReference
    {
        std::size_t routeIndex = 0;
        std::string routeName;
        std::string upstreamName; // empty for an implicit upstream
        UpstreamConfig implicitUpstream;
        SourcePosition position;
    };

    struct MatchKey
    {
        std::string routeName;
        std::string host;
        std::string shape;
        std::vector<std::string> methods;
        SourcePosition position;
    };

    void parseRoute(const pugi::xml_node& element);
    void parseMethods(ElementReader& reader, std::vector<std::string>& methods);
    void parseHost(ElementReader& reader, std::string& host);
    void parseProxy(const pugi::xml_node& element, RouteConfig& route,
                    const routing::PathTemplate* routePath);
    void parseAdapter(const pugi::xml_node& element, RouteConfig& route);
    void parsePolicy(const pugi::xml_node& element, RouteConfig& route,
                     const std::vector<std::string>& pathParameters, bool fromDefaults);
    void applyDefaults(RouteConfig& route, const std::vector<std::string>& pathParameters);
    void checkRequirements(RouteConfig& route);
    void checkSameMatch(ElementReader& reader, const RouteConfig& route, const routing::PathTemplate& path);

    LoadContext& _context;
    const Config& _config;
    std::vector<RouteConfig>& _target;
    std::vector<pugi::xml_node> _defaults;
    std::map<std::string, SourcePosition> _names;
    std::vector<MatchKey> _matches;
    std::vector<UpstreamReference> _references;
};

} // namespace portico::config
