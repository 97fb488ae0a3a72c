#pragma once

// The generic cell rate algorithm (GCRA): a token bucket kept as one number per key, the
// theoretical arrival time (TAT) of the next request. A limit of `requests` per `per` with
// `burst` admits requests + burst at once, then one every per / requests. Exact and O(1): no
// timers, no refill loop, nothing to do for a key that is idle (its TAT simply falls behind the
// clock, which means a full bucket). Pure arithmetic on microseconds of one monotonic clock, so
// it is tested with an injected clock and shared by the local table and the cluster script.

#include <cstdint>

namespace portico::ratelimit
{

using Micros = std::int64_t;

struct GcraLimit
{
    Micros interval = 0;       // per / requests: the time one request's token takes to come back
    Micros tolerance = 0;      // (capacity - 1) * interval: how far ahead of the clock the TAT may run
    std::int64_t capacity = 0; // requests + burst: how many are admitted at once from a full bucket

    static GcraLimit of(std::uint64_t requests, Micros per, std::uint64_t burst);
};

struct GcraDecision
{
    bool admitted = false;
    Micros tat = 0;             // the key's TAT after this request (unchanged when refused)
    std::int64_t remaining = 0; // requests that would still be admitted right now
    Micros untilFull = 0;       // until the bucket is full again (RateLimit-Reset)
    Micros retryAfter = 0;      // when refused: until one request would be admitted
};

// tat: the key's TAT, or anything not after now for a key not seen (or idle).
GcraDecision gcraDecide(const GcraLimit& limit, Micros tat, Micros now);

} // namespace portico::ratelimit
