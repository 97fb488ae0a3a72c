#pragma once

// Monotonic time in milliseconds. Event loops read it once per wake-up and hand it down, so the
// data path does not ask the kernel for the time per request.

#include <chrono>
#include <cstdint>

namespace portico::util
{

using MonoMillis = std::int64_t;

inline MonoMillis monotonicMillis()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// What Retry-After says for a wait of millis: whole seconds, rounded up, and at least 1 (a client
// told 0 would ask again at once).
inline std::int64_t retryAfterSeconds(std::int64_t millis)
{
    const std::int64_t seconds = (millis + 999) / 1000;
    return seconds > 0 ? seconds : 1;
}

// Microseconds of the same clock, for what must be finer than a millisecond (rate limits).
inline std::int64_t monotonicMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace portico::util
