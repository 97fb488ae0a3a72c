#pragma once

// One stored answer: what a hit replays (status, end-to-end header fields, body), when it was
// stored and for how long it is fresh, and what purges and Vary need to find it. Its bytes live in
// one block (key, path, validators, fields, body), so an entry costs a handful of allocations
// whatever its number of fields, and its cost to the byte budget is close to the memory it holds.
// Immutable once built and shared (shared_ptr) by the store and the hits being answered from it,
// so an eviction or a purge never pulls bytes from under an answer in flight.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::cache
{

// An answer as it is captured, field by field and body chunk by chunk; built into a
// CachedResponse once complete.
struct CapturedResponse
{
    std::string key;
    std::shared_ptr<const std::string> route;
    std::string path;
    int status = 200;
    std::string contentType;
    std::vector<std::pair<std::string, std::string>> headers; // end-to-end fields, Content-Type apart
    std::vector<std::pair<std::string, std::string>> varyValues;
    std::string etag;
    std::string lastModified;
    std::string body;
    std::int64_t responseTime = 0;
    std::int64_t initialAge = 0;
    std::int64_t freshFor = 0;
    std::int64_t staleIfError = 0;
};

class CachedResponse
{
public:
    // Use build(): one allocation holds the object and its shared_ptr control block.
    static std::shared_ptr<const CachedResponse> build(const CapturedResponse& captured);

    std::string_view key() const { return view(_key); }
    const std::string& route() const { return *_route; }
    std::string_view path() const { return view(_path); }
    int status() const { return _status; }
    std::string_view contentType() const { return view(_contentType); }
    std::string_view etag() const { return view(_etag); }
    std::string_view lastModified() const { return view(_lastModified); }
    std::string_view body() const { return view(_body); }

    // Calls f(name, value) for each stored field, in the order the answer had them.
    template <typename F> void forEachHeader(F&& f) const { forEachField(_headers, f); }
    // The origin's Vary beyond the route's vary list: each field's name and the value the request
    // that filled the entry had (a request with other values is a miss).
    template <typename F> void forEachVary(F&& f) const { forEachField(_vary, f); }

    std::int64_t responseTime() const { return _responseTime; }
    std::int64_t age(std::int64_t now) const
    {
        return _initialAge + (now > _responseTime ? now - _responseTime : 0);
    }
    bool fresh(std::int64_t now) const { return age(now) < _freshFor; }
    // Within staleIfError past its freshness: may still answer when the origin fails.
    bool usableOnError(std::int64_t now) const { return age(now) < _freshFor + _staleIfError; }
    // Seconds it may still answer anything (fresh, or stale on errors).
    std::int64_t usefulFor(std::int64_t now) const { return _freshFor + _staleIfError - age(now); }

    // What it costs the byte budget: its block and the bookkeeping around it (the object, the
    // store's list and index nodes, the allocator's headers).
    std::size_t cost() const;

    // The entry as bytes for the shared store (Redis), and back. deserialize() returns null for
    // bytes that are not an entry this version wrote.
    std::string serialize() const;
    static std::shared_ptr<const CachedResponse> deserialize(std::string_view bytes,
                                                             std::shared_ptr<const std::string> route);

    CachedResponse() = default; // for build() through make_shared

private:
    struct Span
    {
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
    };
    std::string_view view(Span span) const
    {
        return std::string_view(_block).substr(span.offset, span.length);
    }
    Span append(std::string_view bytes);
    // Fields are kept as "name\0value\0" pairs.
    Span appendFields(const std::vector<std::pair<std::string, std::string>>& fields);
    template <typename F> void forEachField(Span span, F& f) const
    {
        std::string_view rest = view(span);
        while (!rest.empty())
        {
            const std::size_t nameEnd = rest.find('\0');
            const std::size_t valueEnd = rest.find('\0', nameEnd + 1);
            f(rest.substr(0, nameEnd), rest.substr(nameEnd + 1, valueEnd - nameEnd - 1));
            rest.remove_prefix(valueEnd + 1);
        }
    }

    std::string _block;
    std::shared_ptr<const std::string> _route;
    Span _key, _path, _contentType, _etag, _lastModified, _headers, _vary, _body;
    int _status = 200;
    std::int64_t _responseTime = 0;
    std::int64_t _initialAge = 0;
    std::int64_t _freshFor = 0;
    std::int64_t _staleIfError = 0;
};

} // namespace portico::cache
