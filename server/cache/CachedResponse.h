#pragma once

// One stored answer: what a hit replays (status, end-to-end header fields, body), when it was
// stored and for how long it is fresh, and what purges and Vary need to find it. Immutable once
// stored and shared (shared_ptr) by the store and the hits being answered from it, so an eviction
// or a purge never pulls bytes from under an answer in flight.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace portico::cache
{

struct CachedResponse
{
    std::string key;   // the store's key (CacheKey)
    std::string route; // for purges by route
    std::string path;  // the normalised request path, for purges by prefix

    int status = 200;
    std::string contentType;
    std::vector<std::pair<std::string, std::string>> headers; // end-to-end fields, Content-Type apart
    std::string body;
    std::string etag;         // validators, for conditional requests
    std::string lastModified; //
    // The origin's Vary beyond the route's vary list: each field's name and the value the request
    // that filled the entry had (a request with other values is a miss).
    std::vector<std::pair<std::string, std::string>> varyValues;

    std::int64_t responseTime = 0; // epoch seconds
    std::int64_t initialAge = 0;   // its age when stored (RFC 9111 §4.2.3)
    std::int64_t freshFor = 0;     // freshness lifetime
    std::int64_t staleIfError = 0; // seconds past freshness it may still answer when the origin fails

    std::int64_t age(std::int64_t now) const
    {
        return initialAge + (now > responseTime ? now - responseTime : 0);
    }
    bool fresh(std::int64_t now) const { return age(now) < freshFor; }
    bool usableOnError(std::int64_t now) const { return age(now) < freshFor + staleIfError; }
    // What it costs the byte budget: its bytes and an estimate of the bookkeeping around them.
    std::size_t cost() const;
};

} // namespace portico::cache
