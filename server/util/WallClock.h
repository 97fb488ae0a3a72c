#pragma once

#include <cstdint>
#include <string>

namespace portico::util
{

// Microseconds since the Unix epoch (CLOCK_REALTIME).
std::int64_t wallClockMicros();
// Whole seconds since the Unix epoch.
inline std::int64_t wallClockSeconds()
{
    return wallClockMicros() / 1'000'000;
}

// Appends "2026-11-28T11:20:26.123Z" (ISO-8601 UTC with milliseconds) for micros to out.
void appendIsoTimestamp(std::int64_t micros, std::string& out);

} // namespace portico::util
