#pragma once

// The request series of GET /metrics, counted as exchanges complete: requests by route, method and
// status; latency histograms by route; upstream and adapter failures; rate-limit refusals; cache
// outcomes. Each event loop thread counts into its own shard (found through a thread_local, made
// on the thread's first exchange), under the shard's own lock, which only a scrape ever contends
// for: the request path shares nothing with other loops. A scrape adds the shards up.

#include "pipeline/RoutePipeline.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace portico::metrics
{

// Latency buckets in seconds: a cache hit (well under a millisecond) to a slow legacy system.
inline constexpr std::array<double, 14> latencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,    0.25,  0.5,    1,     2.5,  5,     10};
// Methods counted by name; any other is "OTHER", so garbage methods cannot grow the series.
inline constexpr std::array<const char*, 8> countedMethods{"GET",    "HEAD",  "POST",    "PUT",
                                                           "DELETE", "PATCH", "OPTIONS", "OTHER"};
inline constexpr std::array<const char*, 4> cacheResults{"HIT", "MISS", "BYPASS", "STALE"};

// One route's series (the sum over shards, or one shard's share).
struct RouteSeries
{
    std::string route;   // "" for requests that matched no route
    std::string adapter; // the adapter type on adapter routes, else ""
    // (method index << 16 | status) → requests; few per route, so a small sorted map.
    std::map<std::uint32_t, std::uint64_t> requests;
    std::array<std::uint64_t, latencyBuckets.size() + 1> latency{}; // per bucket, last is +Inf
    double latencySum = 0;
    std::uint64_t latencyCount = 0;
    std::map<std::string, std::uint64_t> upstreamErrors; // by upstream name ("" on adapter routes)
    std::uint64_t rateLimited = 0;
    std::array<std::uint64_t, cacheResults.size()> cache{};

    void add(const RouteSeries& other);
};

class RequestMetrics final : public pipeline::CompletionStage
{
public:
    static RequestMetrics& shared();

    void onComplete(const pipeline::Exchange& exchange, util::MonoMillis now) override;

    // Every route's series, summed over the loops, by route name.
    std::map<std::string, RouteSeries> snapshot() const;

private:
    struct Shard
    {
        std::mutex mutex;
        std::unordered_map<const void*, RouteSeries> routes; // by route pipeline (null: no route)
    };

    Shard& shardOfThisThread();

    mutable std::mutex _registryMutex;
    std::vector<std::unique_ptr<Shard>> _shards;
};

} // namespace portico::metrics
