#pragma once

// Chooses the route for a request: host, method and path template, most specific wins.
// Built once per configuration; match() is const, lock-free and safe from any thread.
//
// Precedence (first rule that differs decides, declaration order breaks full ties):
// 1. Host first, like nginx server blocks: a route whose host is exact ("api.example.com") beats
//    one with a wildcard host ("*.example.com", the longer suffix first), which beats one with no
//    host. So a host-specific "/*" wins over a host-less "/health" for that host: whoever owns a
//    host name owns all of its paths, and routes added for other hosts cannot capture its traffic.
//    It is not exclusive, though: a request that no route of its host answers (path or method)
//    falls through to the wildcard-host routes, then to the host-less ones.
// 2. Path specificity, PathTemplate::compareSpecificity.
// A request takes the first route in that order whose host, path and method all match; a route
// that matches host and path but not the method lets a later route answer (so "POST /users/me"
// and "GET /users/{id}" can coexist). Only when none answers and at least one matched host and
// path is the outcome 405.
//
// Hosts: the request's ":port" is dropped ("[::1]:8080" becomes "::1"), so is a trailing '.',
// and comparison ignores case. "*.example.com" matches "a.example.com" and "a.b.example.com",
// not "example.com". Methods are compared case-sensitively (RFC 9110).

#include "config/Config.h"
#include "routing/PathTemplate.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portico::routing
{

struct RouteMatch
{
    enum class Outcome
    {
        Matched,
        NoRoute,         // 404
        MethodNotAllowed // 405; allow holds the "Allow" header value, e.g. "GET, HEAD, PUT"
    };
    Outcome outcome = Outcome::NoRoute;
    std::size_t routeIndex = 0; // index into Config::routes when Matched
    PathParams params;          // bound parameters when Matched
    std::string allow;
};

class Router
{
public:
    // routes must outlive the Router (they live in the same immutable Config); the Router keeps its
    // own parsed copy of what it needs. Throws std::invalid_argument naming the route when a path
    // template or host does not parse, or when the routes use more than 64 distinct methods;
    // ConfigLoader validates first (PathTemplate::parse, validHostPattern), so that is a bug.
    explicit Router(const std::vector<config::RouteConfig>& routes);

    // host is the request's Host header (may carry ":port", any case); normalizedPath comes from
    // normalizePath(). Clears and fills out. A route whose methods include GET also answers HEAD.
    // Allocates only for out.params values and, on 405, out.allow (sorted, de-duplicated union of
    // the methods of the routes matching host and path, HEAD included where GET is).
    // out.params names view this Router's templates: use them only while the Router lives.
    void match(std::string_view method, std::string_view host, std::string_view normalizedPath,
               RouteMatch& out) const;

    const PathTemplate& pathTemplate(std::size_t routeIndex) const;

    // Checks a configured host: empty (any host), a name or address ("[::1]" allowed), or
    // "*.suffix"; no port, no other '*'. On failure returns false with a one-line reason.
    static bool validHostPattern(std::string_view host, std::string& error);

private:
    enum class HostKind
    {
        Exact,    // _hostPattern is the lower-case name
        Wildcard, // _hostPattern is the lower-case suffix with its leading '.'
        Any
    };
    struct Entry
    {
        std::size_t routeIndex = 0;
        HostKind hostKind = HostKind::Any;
        std::string hostPattern;
        bool anyMethod = false;
        std::uint64_t methods = 0; // bit i set: _methodNames[i] allowed
    };
    // Entries that can match paths whose first segment is key (a literal first segment equal to
    // key, or a non-literal one), as indexes into _entries in precedence order.
    struct Bucket
    {
        std::string key;
        std::vector<std::uint32_t> entries;
    };

    const std::vector<std::uint32_t>& candidates(std::string_view normalizedPath) const;
    bool hostMatches(const Entry& entry, std::string_view host) const;
    int methodBit(std::string_view method) const;

    std::vector<Entry> _entries;           // sorted by precedence
    std::vector<PathTemplate> _templates;  // by route index
    std::vector<std::string> _methodNames; // sorted, at most 64
    std::vector<Bucket> _buckets;          // sorted by key
    std::vector<std::uint32_t> _unindexed; // entries whose first segment is not a literal
};

} // namespace portico::routing
