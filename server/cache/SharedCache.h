#pragma once

// The cache shared between gateways through Redis (<cache shared="true">), behind each one's
// memory store: a key missing from memory is asked of Redis (one GET, the exchange paused, on the
// loop's non-blocking connection) before the back end is; an answer a gateway stores goes to
// Redis too (SET with the time it stays useful), so the next gateway asked finds it. Redis failing
// or slow costs at most its timeout, then the gateway goes on with memory alone: a failed lookup is
// a miss, a failed write is dropped (both counted). Entries over 1 MiB stay in memory only.
//
// Redis keys read "portico:cache:{ROUTE}:PATH#SHA256(KEY)": the route in braces (one Redis Cluster
// slot per route) and the path in clear, so purges by route and prefix can find them.

#include "cache/CacheStore.h"
#include "cache/CachedResponse.h"
#include "cache/FlightTable.h"
#include "pipeline/ResumeToken.h"
#include "redis/RedisConnection.h"
#include "redis/RespReply.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::cache
{

struct SharedCacheCounters
{
    std::atomic<std::uint64_t> lookups{0};
    std::atomic<std::uint64_t> hits{0};
    std::atomic<std::uint64_t> writes{0};
    std::atomic<std::uint64_t> failures{0}; // lookups or writes Redis did not answer well
    static SharedCacheCounters& shared();
};

inline constexpr std::size_t maxSharedEntryBytes = 1000 * 1024; // under the reply parser's 1 MiB

std::string sharedCacheKey(const std::string& route, std::string_view path, std::string_view key);

// Sends entry to Redis, on this loop's connection, without waiting for the answer.
void writeShared(const std::shared_ptr<const redis::RedisSettings>& redis, const CachedResponse& entry,
                 std::int64_t now);

// One memory miss asked of Redis, by the leader of the key's flight.
struct SharedLookup
{
    std::shared_ptr<const redis::RedisSettings> redis;
    pipeline::ResumeToken token;
    std::shared_ptr<FlightTable::Flight> flight;
    const void* exchange = nullptr; // the leader, for the flight
    std::string key;
    std::shared_ptr<const std::string> route;
    std::string path;
    // The request's fields, for Vary and conditionals (the exchange is not reachable from here).
    std::vector<std::pair<std::string, std::string>> requestFields;
    CacheStore* store = nullptr;
    FlightTable* flights = nullptr;

    void send();
    void operator()(const redis::RespReply* reply, std::string_view failure);
};

} // namespace portico::cache
