// Fuzz target for route matching: a fixed route table (literal paths, {param} segments, a trailing
// '/', wildcards "/*" with and without a literal head, method-specific routes sharing one shape,
// exact and wildcard hosts) asked for any method, host and path. Input:
//   byte 0   the method (GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, "get", "PURGE", or the
//            input's own up to its first space, taken off the path)
//   byte 1   the Host header (none, exact, with a port and other case, wildcard-matched, a longer
//            wildcard's, a bare suffix, an IPv6 address, an unknown name)
//   rest     the raw request path, normalised first as the server does (refused paths end there)
// Properties checked (abort with a message when one fails), against the table itself rather than
// the router's index:
// - the outcome is the one a scan of every route in the documented precedence (host kind, longer
//   wildcard host, path specificity, declaration order) gives, and a 405's Allow lists exactly the
//   methods of the routes matching host and path;
// - a matched route's literal segments equal the path's, each parameter holds its segment
//   decoded, and the wildcard holds the rest of the path;
// - the parameters substituted back into the template (PathTemplate::expand, as a proxy rewrite
//   does) give a path that normalises to itself and that the router matches to the same route with
//   the same parameters (or, when an empty wildcard rest dropped the path's trailing '/', that the
//   template matches with the same parameters).

#include "config/Config.h"
#include "routing/PathNormalizer.h"
#include "routing/PathTemplate.h"
#include "routing/Router.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace
{

using portico::routing::PathParams;
using portico::routing::PathTemplate;
using portico::routing::RouteMatch;
using portico::routing::Router;

[[noreturn]] void fail(const std::string& property, std::string_view method, std::string_view path)
{
    std::fprintf(stderr, "RouterFuzzer: %s (%.*s %.*s)\n", property.c_str(), static_cast<int>(method.size()),
                 method.data(), static_cast<int>(path.size()), path.data());
    std::abort();
}

portico::config::RouteConfig route(const char* name, const char* path, std::vector<std::string> methods,
                                   const char* host = "")
{
    portico::config::RouteConfig config;
    config.name = name;
    config.pathTemplate = path;
    config.methods = std::move(methods);
    config.host = host;
    return config;
}

const std::vector<portico::config::RouteConfig>& routes()
{
    static const std::vector<portico::config::RouteConfig> all = {
        route("health", "/health", {"GET"}),
        route("root", "/", {"GET"}),
        route("me", "/api/users/me", {"GET", "POST"}),
        route("user", "/api/users/{id}", {"GET", "PUT"}),
        route("user-by-name", "/api/users/{name}", {"DELETE"}), // the same shape, other methods
        route("orders", "/api/users/{id}/orders/{order}", {"GET"}),
        route("user-folder", "/api/users/{id}/", {"GET"}),
        route("api", "/api/*", {}),
        route("static", "/static/*", {"GET"}),
        route("files", "/files/{bucket}/{name}", {"POST", "PUT"}),
        route("tenant", "/{tenant}/items/*", {}),
        route("encoded", "/a%20b/{p}", {"GET"}),
        route("matrix", "/matrix;v=1/{p}", {"GET"}),
        route("host-exact", "/*", {"GET"}, "api.example.com"),
        route("host-wildcard", "/v1/{x}", {"GET"}, "*.example.com"),
        route("host-longer-wildcard", "/v1/{x}", {}, "*.b.example.com"),
        route("options", "/*", {"OPTIONS"}),
    };
    return all;
}

struct Host
{
    const char* header;
    const char* name; // what the router compares: no port, no brackets, lower case
};

constexpr Host hosts[] = {
    {"", ""},
    {"api.example.com", "api.example.com"},
    {"API.Example.COM:8443", "api.example.com"},
    {"shop.example.com", "shop.example.com"},
    {"a.b.example.com.", "a.b.example.com"},
    {"example.com", "example.com"},
    {"[::1]:8080", "::1"},
    {"other.test", "other.test"},
};

bool hostMatches(const std::string& pattern, std::string_view name)
{
    if (pattern.empty()) return true;
    if (pattern.front() == '*')
    {
        const std::string_view suffix = std::string_view(pattern).substr(1);
        return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    }
    return name == pattern;
}

int hostRank(const std::string& pattern)
{
    return pattern.empty() ? 2 : pattern.front() == '*' ? 1 : 0;
}

bool methodAllowed(const std::vector<std::string>& methods, std::string_view method)
{
    if (methods.empty()) return true;
    for (const std::string& allowed : methods)
    {
        if (allowed == method || (method == "HEAD" && allowed == "GET")) return true;
    }
    return false;
}

// True when route a comes before route b in the documented precedence.
bool precedes(std::size_t a, std::size_t b, const std::vector<PathTemplate>& templates)
{
    const std::string& hostA = routes()[a].host;
    const std::string& hostB = routes()[b].host;
    if (hostRank(hostA) != hostRank(hostB)) return hostRank(hostA) < hostRank(hostB);
    if (hostRank(hostA) == 1 && hostA.size() != hostB.size()) return hostA.size() > hostB.size();
    const int specificity = templates[a].compareSpecificity(templates[b]);
    if (specificity != 0) return specificity < 0;
    return a < b;
}

// What the router must answer, by scanning every route.
RouteMatch expected(std::string_view method, std::string_view hostName, std::string_view path,
                    const std::vector<PathTemplate>& templates)
{
    RouteMatch result;
    std::vector<std::string> allow;
    bool found = false;
    for (std::size_t i = 0; i < routes().size(); ++i)
    {
        if (!hostMatches(routes()[i].host, hostName) || !templates[i].matches(path)) continue;
        if (methodAllowed(routes()[i].methods, method))
        {
            if (!found || precedes(i, result.routeIndex, templates)) result.routeIndex = i;
            found = true;
        }
        for (const std::string& name : routes()[i].methods)
        {
            allow.push_back(name);
            if (name == "GET") allow.emplace_back("HEAD");
        }
    }
    if (found)
    {
        result.outcome = RouteMatch::Outcome::Matched;
        return result;
    }
    std::sort(allow.begin(), allow.end());
    allow.erase(std::unique(allow.begin(), allow.end()), allow.end());
    for (const std::string& name : allow)
    {
        result.allow += (result.allow.empty() ? "" : ", ") + name;
    }
    result.outcome = allow.empty() ? RouteMatch::Outcome::NoRoute : RouteMatch::Outcome::MethodNotAllowed;
    return result;
}

std::vector<std::string_view> segmentsOf(std::string_view path)
{
    std::vector<std::string_view> segments;
    for (std::size_t begin = 1;;)
    {
        const std::size_t end = path.find('/', begin);
        segments.push_back(
            path.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
        if (end == std::string_view::npos) return segments;
        begin = end + 1;
    }
}

const std::string* findParam(const PathParams& params, std::string_view name)
{
    for (const auto& param : params)
    {
        if (param.name == name) return &param.value;
    }
    return nullptr;
}

// The match read segment by segment, independently of PathTemplate's walk.
void checkBinding(const PathTemplate& pathTemplate, const PathParams& params, std::string_view method,
                  std::string_view path)
{
    const std::vector<std::string_view> segments = segmentsOf(path);
    const auto& wanted = pathTemplate.segments();
    if (segments.size() < wanted.size() || (!pathTemplate.wildcard() && segments.size() != wanted.size()))
        fail("a match with another number of segments than its template", method, path);
    std::size_t bound = 0;
    for (std::size_t i = 0; i < wanted.size(); ++i)
    {
        if (wanted[i].kind == PathTemplate::SegmentKind::Literal)
        {
            if (segments[i] != wanted[i].text) fail("a match whose literal segment differs", method, path);
            continue;
        }
        std::string decoded;
        const std::string* value = findParam(params, wanted[i].text);
        if (!portico::routing::percentDecode(segments[i], decoded) || !value || *value != decoded ||
            decoded.empty())
            fail("parameter '" + wanted[i].text + "' does not hold its segment decoded", method, path);
        ++bound;
    }
    if (pathTemplate.wildcard())
    {
        std::string rest;
        for (std::size_t i = wanted.size(); i < segments.size(); ++i)
        {
            rest += (i == wanted.size() ? "" : "/") + std::string(segments[i]);
        }
        const std::string* value = findParam(params, "*");
        if (!value || *value != rest) fail("the wildcard does not hold the rest of the path", method, path);
        ++bound;
    }
    if (params.size() != bound) fail("a match binds parameters its template does not name", method, path);
}

bool sameParams(const PathParams& a, const PathParams& b)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].name != b[i].name || a[i].value != b[i].value) return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Router router(routes());
    static const std::vector<PathTemplate> templates = []
    {
        std::vector<PathTemplate> parsed(routes().size());
        std::string error;
        for (std::size_t i = 0; i < routes().size(); ++i)
        {
            if (!PathTemplate::parse(routes()[i].pathTemplate, parsed[i], error))
                fail("the table's template does not parse: " + error, "", routes()[i].pathTemplate);
        }
        return parsed;
    }();
    static const char* const methods[] = {"GET",   "HEAD",    "POST", "PUT",  "DELETE",
                                          "PATCH", "OPTIONS", "get",  "PURGE"};
    constexpr std::size_t methodCount = sizeof methods / sizeof methods[0];
    if (size < 2) return 0;
    std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
    std::string_view method;
    if (data[0] % (methodCount + 1) < methodCount)
    {
        method = methods[data[0] % (methodCount + 1)];
    }
    else
    {
        const std::size_t space = rest.find(' ');
        if (space == std::string_view::npos) return 0;
        method = rest.substr(0, space);
        rest.remove_prefix(space + 1);
    }
    const Host& host = hosts[data[1] % (sizeof hosts / sizeof hosts[0])];
    std::string path;
    if (portico::routing::normalizePath(rest, path) != portico::routing::PathError::None) return 0;

    RouteMatch match;
    router.match(method, host.header, path, match);
    const RouteMatch wanted = expected(method, host.name, path, templates);
    if (match.outcome != wanted.outcome) fail("an outcome the route table does not give", method, path);
    if (match.outcome == RouteMatch::Outcome::MethodNotAllowed && match.allow != wanted.allow)
        fail("Allow \"" + match.allow + "\" where the table gives \"" + wanted.allow + "\"", method, path);
    if (match.outcome != RouteMatch::Outcome::Matched) return 0;
    if (match.routeIndex != wanted.routeIndex)
        fail("route '" + routes()[match.routeIndex].name + "' answered where the precedence gives '" +
                 routes()[wanted.routeIndex].name + "'",
             method, path);
    const PathTemplate& pathTemplate = templates[match.routeIndex];
    checkBinding(pathTemplate, match.params, method, path);

    const std::string expanded = pathTemplate.expand(match.params);
    std::string normalized;
    if (portico::routing::normalizePath(expanded, normalized) != portico::routing::PathError::None)
        fail("the parameters substituted back give a path the gateway refuses: " + expanded, method, path);
    if (normalized != expanded)
        fail("the parameters substituted back give a path that is not canonical: " + expanded, method, path);
    // An empty wildcard rest expands to nothing (PathTemplate.h), so "/static/" comes back as
    // "/static", which a more specific route may own: only the template itself must match it again.
    const std::string* wildcardRest = findParam(match.params, "*");
    if (wildcardRest && wildcardRest->empty() && expanded != path)
    {
        PathParams again;
        if (!pathTemplate.match(expanded, again) || !sameParams(again, match.params))
            fail("an empty wildcard substituted back gives a path its template does not match", method, path);
        return 0;
    }
    RouteMatch again;
    router.match(method, host.header, expanded, again);
    if (again.outcome != RouteMatch::Outcome::Matched || again.routeIndex != match.routeIndex ||
        !sameParams(again.params, match.params))
        fail("the parameters substituted back give a path matched otherwise: " + expanded, method, path);
    return 0;
}
