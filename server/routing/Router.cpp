#include "routing/Router.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace portico::routing
{

namespace
{

constexpr std::size_t kMaxMethods = 64; // one bit each in Entry::methods

char toLower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string toLower(std::string_view text)
{
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return toLower(c); });
    return lower;
}

// text in any case against a pattern already in lower case; no allocation.
bool equalsIgnoreCase(std::string_view text, std::string_view lowerPattern)
{
    if (text.size() != lowerPattern.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (toLower(text[i]) != lowerPattern[i]) return false;
    }
    return true;
}

// The name part of a Host header value or of a configured host: no port, no IPv6 brackets, no
// trailing '.' (an absolute DNS name names the same host).
std::string_view hostName(std::string_view host)
{
    if (!host.empty() && host.front() == '[')
    {
        const std::size_t close = host.find(']');
        if (close != std::string_view::npos) host = host.substr(1, close - 1);
    }
    else
    {
        host = host.substr(0, host.find(':'));
    }
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    return host;
}

std::string_view firstSegment(std::string_view normalizedPath)
{
    if (normalizedPath.empty()) return normalizedPath;
    const std::size_t end = normalizedPath.find('/', 1);
    return normalizedPath.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
}

bool hasLiteralFirstSegment(const PathTemplate& pathTemplate)
{
    const auto& segments = pathTemplate.segments();
    return !segments.empty() && segments.front().kind == PathTemplate::SegmentKind::Literal;
}

std::invalid_argument routeError(const config::RouteConfig& route, const std::string& message)
{
    return std::invalid_argument("route '" + route.name + "': " + message);
}

} // namespace

bool Router::validHostPattern(std::string_view host, std::string& error)
{
    if (host.empty() || host == "*") return true;
    for (const char ch : host)
    {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F || ch == '/' || ch == '\\' || ch == '@' || ch == '?' || ch == '#' ||
            ch == ',')
        {
            error = "host '" + std::string(host) + "' holds a character not allowed in a host name";
            return false;
        }
    }
    if (host.front() == '[')
    {
        if (host.back() != ']' || host.find_first_of("[]*", 1) != host.size() - 1)
        {
            error = "host '" + std::string(host) + "' is not a bracketed IPv6 address";
            return false;
        }
        return true;
    }
    if (host.find(':') != std::string_view::npos)
    {
        error = "host '" + std::string(host) + "' must not include a port";
        return false;
    }
    const std::size_t star = host.find('*');
    if (star != std::string_view::npos &&
        (star != 0 || host.size() < 3 || host[1] != '.' || host.find('*', 1) != std::string_view::npos))
    {
        error = "host '" + std::string(host) + "': '*' is only allowed as a leading \"*.\" label";
        return false;
    }
    return true;
}

Router::Router(const std::vector<config::RouteConfig>& routes)
{
    _templates.resize(routes.size());
    std::vector<std::string> names;
    for (std::size_t i = 0; i < routes.size(); ++i)
    {
        const config::RouteConfig& route = routes[i];
        std::string error;
        if (!PathTemplate::parse(route.pathTemplate, _templates[i], error))
            throw routeError(route, "path '" + route.pathTemplate + "': " + error);
        if (!validHostPattern(route.host, error)) throw routeError(route, error);
        for (const std::string& method : route.methods)
        {
            names.push_back(method);
            if (method == "GET") names.emplace_back("HEAD");
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    if (names.size() > kMaxMethods)
        throw std::invalid_argument("routes use more than " + std::to_string(kMaxMethods) +
                                    " distinct methods");
    _methodNames = std::move(names);

    _entries.reserve(routes.size());
    for (std::size_t i = 0; i < routes.size(); ++i)
    {
        const config::RouteConfig& route = routes[i];
        Entry entry;
        entry.routeIndex = i;
        const std::string host = toLower(hostName(route.host));
        if (host.empty() || host == "*")
        {
            entry.hostKind = HostKind::Any;
        }
        else if (host.front() == '*')
        {
            entry.hostKind = HostKind::Wildcard;
            entry.hostPattern = host.substr(1); // ".example.com"
        }
        else
        {
            entry.hostKind = HostKind::Exact;
            entry.hostPattern = host;
        }
        entry.anyMethod = route.methods.empty();
        for (const std::string& method : route.methods)
        {
            entry.methods |= std::uint64_t(1) << methodBit(method);
            if (method == "GET") entry.methods |= std::uint64_t(1) << methodBit("HEAD");
        }
        _entries.push_back(std::move(entry));
    }

    // Stable, so routes of equal precedence keep their declaration order.
    std::stable_sort(_entries.begin(), _entries.end(),
                     [this](const Entry& a, const Entry& b)
                     {
                         if (a.hostKind != b.hostKind) return a.hostKind < b.hostKind;
                         if (a.hostKind == HostKind::Wildcard && a.hostPattern.size() != b.hostPattern.size())
                             return a.hostPattern.size() > b.hostPattern.size();
                         return _templates[a.routeIndex].compareSpecificity(_templates[b.routeIndex]) < 0;
                     });

    // Index by first literal segment: each bucket lists its own entries and the unindexed ones,
    // merged in precedence order, so match() scans one list and still honours precedence.
    std::vector<std::string> keys;
    for (const Entry& entry : _entries)
    {
        const PathTemplate& pathTemplate = _templates[entry.routeIndex];
        if (hasLiteralFirstSegment(pathTemplate)) keys.push_back(pathTemplate.segments().front().text);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    _buckets.reserve(keys.size());
    for (std::string& key : keys)
        _buckets.push_back({std::move(key), {}});

    for (std::size_t i = 0; i < _entries.size(); ++i)
    {
        const auto index = static_cast<std::uint32_t>(i);
        const PathTemplate& pathTemplate = _templates[_entries[i].routeIndex];
        if (hasLiteralFirstSegment(pathTemplate))
        {
            const std::string& key = pathTemplate.segments().front().text;
            auto bucket = std::lower_bound(_buckets.begin(), _buckets.end(), key,
                                           [](const Bucket& b, const std::string& k) { return b.key < k; });
            bucket->entries.push_back(index);
        }
        else
        {
            _unindexed.push_back(index);
            for (Bucket& bucket : _buckets)
                bucket.entries.push_back(index);
        }
    }
}

const std::vector<std::uint32_t>& Router::candidates(std::string_view normalizedPath) const
{
    const std::string_view key = firstSegment(normalizedPath);
    auto bucket = std::lower_bound(_buckets.begin(), _buckets.end(), key,
                                   [](const Bucket& b, std::string_view k) { return b.key < k; });
    if (bucket != _buckets.end() && bucket->key == key) return bucket->entries;
    return _unindexed;
}

bool Router::hostMatches(const Entry& entry, std::string_view host) const
{
    switch (entry.hostKind)
    {
    case HostKind::Any:
        return true;
    case HostKind::Exact:
        return equalsIgnoreCase(host, entry.hostPattern);
    case HostKind::Wildcard:
        // Strictly longer: "*.example.com" needs at least one label in front.
        return host.size() > entry.hostPattern.size() &&
               equalsIgnoreCase(host.substr(host.size() - entry.hostPattern.size()), entry.hostPattern);
    }
    return false;
}

int Router::methodBit(std::string_view method) const
{
    auto found = std::lower_bound(_methodNames.begin(), _methodNames.end(), method,
                                  [](const std::string& name, std::string_view m) { return name < m; });
    if (found == _methodNames.end() || *found != method) return -1;
    return static_cast<int>(found - _methodNames.begin());
}

void Router::match(std::string_view method, std::string_view host, std::string_view normalizedPath,
                   RouteMatch& out) const
{
    out.outcome = RouteMatch::Outcome::NoRoute;
    out.routeIndex = 0;
    out.params.clear();
    out.allow.clear();

    const std::string_view name = hostName(host);
    const int bit = methodBit(method);
    const std::vector<std::uint32_t>& list = candidates(normalizedPath);
    for (const std::uint32_t index : list)
    {
        const Entry& entry = _entries[index];
        const bool methodAllowed = entry.anyMethod || (bit >= 0 && ((entry.methods >> bit) & 1U) != 0);
        if (!methodAllowed || !hostMatches(entry, name)) continue;
        if (_templates[entry.routeIndex].match(normalizedPath, out.params))
        {
            out.outcome = RouteMatch::Outcome::Matched;
            out.routeIndex = entry.routeIndex;
            return;
        }
    }

    // Nothing answers: 405 when some route has this host and path, 404 otherwise.
    std::uint64_t allowed = 0;
    for (const std::uint32_t index : list)
    {
        const Entry& entry = _entries[index];
        if (entry.anyMethod || !hostMatches(entry, name)) continue; // anyMethod would have answered
        if (_templates[entry.routeIndex].matches(normalizedPath)) allowed |= entry.methods;
    }
    if (allowed == 0) return;
    out.outcome = RouteMatch::Outcome::MethodNotAllowed;
    for (std::size_t i = 0; i < _methodNames.size(); ++i)
    {
        if (((allowed >> i) & 1U) == 0) continue;
        if (!out.allow.empty()) out.allow.append(", ");
        out.allow.append(_methodNames[i]);
    }
}

const PathTemplate& Router::pathTemplate(std::size_t routeIndex) const
{
    assert(routeIndex < _templates.size());
    return _templates[routeIndex];
}

} // namespace portico::routing
