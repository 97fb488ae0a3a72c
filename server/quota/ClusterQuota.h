#pragma once

// A <quota scope="cluster">: its counts live in the Redis the gateways share, one key per caller
// and period ("portico:quota:{ROUTE:N}:=acme:2026-12-05", the braces keep a quota's keys on one
// Redis Cluster node), so every gateway charges the same count and a restart of any of them
// forgets nothing. A charge is one script Redis runs atomically: it admits while the count is
// under the limit and only then adds one, so the gateways together never admit more than the
// limit. A key expires a day after its period ends. The period is the gateway's UTC calendar
// (gateways whose clocks agree to the second agree on it).

#include "quota/QuotaPeriod.h"
#include "redis/RedisConnection.h"
#include "redis/RedisScript.h"
#include "redis/RespReply.h"
#include "util/Buffer.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::quota
{

struct ClusterQuota
{
    std::string id;        // "ROUTE:N", as for a local quota
    std::string keyPrefix; // "portico:quota:{ROUTE:N}:"
    std::string limitBulk; // the limit as a RESP bulk string, the script's first argument
    std::string keyName;   // "consumer", "ip", "header:X-Tenant"
    QuotaPeriod period = QuotaPeriod::Day;
    std::uint64_t limit = 0;
    std::string description; // "1000 requests per day"
    std::shared_ptr<const redis::RedisSettings> redis;
    bool failOpen = true;
    // Requests decided without Redis because it failed: admitted (open) or refused (closed).
    mutable std::atomic<std::uint64_t> admittedWithoutRedis{0};
    mutable std::atomic<std::uint64_t> refusedWithoutRedis{0};

    // The Redis key of a caller (the key's value: a consumer, an address) in a period.
    std::string redisKey(std::string_view caller, std::uint32_t periodIndex) const;

    // Sets id and what is made of it once.
    void name(std::string quotaId);

    // Appends the charge's key and arguments (RESP bulk strings): the caller's key in the period,
    // counted up to the limit, expiring at expireAt.
    void writeKeyAndArguments(util::Buffer& out, std::string_view caller, std::uint32_t periodIndex,
                              std::int64_t expireAt) const;
    // Writes the whole call (EVALSHA, or EVAL with the text) with those keys and arguments.
    static void writeCharge(util::Buffer& out, bool byText, std::string_view keyAndArguments);

    struct Outcome
    {
        bool valid = false; // the reply had the expected shape
        bool admitted = false;
        std::uint64_t used = 0; // the count after this request
    };
    static Outcome read(const redis::RespReply& reply);
    static const redis::RedisScript& script();

    // The cluster quotas of the live configurations, for the admin API.
    static void enroll(const std::shared_ptr<const ClusterQuota>& quota);
    static std::vector<std::shared_ptr<const ClusterQuota>> live();
};

} // namespace portico::quota
