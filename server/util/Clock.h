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

// Microseconds of the same clock, for what must be finer than a millisecond (rate limits).
inline std::int64_t monotonicMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace portico::util
