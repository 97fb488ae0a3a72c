#pragma once

// The limits of one route as the request path uses them: each limit's GCRA numbers and, for a
// local one, its bucket table. Shared (shared_ptr) by the policy and by the Redis calls under way,
// which may end after the configuration that made them was replaced.

#include "pipeline/Exchange.h"
#include "ratelimit/BucketTable.h"
#include "ratelimit/LimitSettings.h"
#include "redis/RedisConnection.h"

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace portico::ratelimit
{

inline constexpr std::size_t maxLimitsPerRoute = 8;

struct RouteLimits
{
    struct Limit
    {
        LimitSettings settings;
        GcraLimit gcra;
        // Null for a cluster limit. Shared with the same limit of the configuration a reload replaced.
        std::shared_ptr<BucketTable> buckets;
        std::string redisKeyPrefix; // a cluster limit's "portico:rl:{ROUTE}:N:"
    };
    std::vector<Limit> limits;
    std::size_t clusterLimits = 0;
    std::string route;
    std::shared_ptr<const redis::RedisSettings> redis; // null without cluster limits
    std::string scriptArguments;  // each cluster limit's interval and tolerance, as RESP bulk strings
    std::string scriptCallPrefix; // "EVALSHA sha n" for this route's limits, as RESP
    bool failOpen = true;
    // Requests decided without Redis because it failed: admitted (open) or refused (closed).
    mutable std::atomic<std::uint64_t> admittedWithoutRedis{0};
    mutable std::atomic<std::uint64_t> refusedWithoutRedis{0};

    // The local charges of one request, to give back when a later limit refuses it.
    using Charges = std::array<BucketTable::Held, maxLimitsPerRoute>;
    void refund(const Charges& charges, std::size_t upTo, Micros now) const;

    // The status a limit's decision puts in the RateLimit-* headers.
    static pipeline::RateLimitStatus status(const Limit& limit, Micros untilFull, std::int64_t remaining);
    // Keeps the one with the least room.
    static void keepTightest(pipeline::RateLimitStatus& tightest, const pipeline::RateLimitStatus& candidate);
};

} // namespace portico::ratelimit
