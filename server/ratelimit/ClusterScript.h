#pragma once

// The cluster-scope admission check: one Lua script that Redis runs atomically, so every gateway
// sharing the Redis admits exactly. For the n limits of a request it reads each key's TAT, decides
// with Redis's own clock (the gateways' clocks need not agree), and only if every limit has room
// writes all the new TATs (with an expiry, so idle keys leave Redis on their own): all or
// nothing, in one round trip.

#include "ratelimit/Gcra.h"
#include "redis/RedisScript.h"
#include "redis/RespReply.h"

#include <cstdint>
#include <string>

namespace portico::ratelimit
{

struct ClusterScript
{
    static const redis::RedisScript& script();
    static const std::string& sha1() { return script().sha1(); }

    struct Outcome
    {
        bool valid = false; // the reply had the expected shape
        bool admitted = false;
        std::size_t refusedBy = 0; // the limit that refused (0-based)
        Micros retryAfter = 0;
        Micros untilFull[8] = {}; // per limit when admitted; the refusing limit's when refused
    };
    static Outcome read(const redis::RespReply& reply, std::size_t limitCount);
};

} // namespace portico::ratelimit
