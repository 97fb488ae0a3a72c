#pragma once

#include <cstdint>
#include <string>

namespace portico::util
{

// Microseconds since the Unix epoch (the system's real-time clock).
std::int64_t wallClockMicros();
// Whole seconds since the Unix epoch.
inline std::int64_t wallClockSeconds()
{
    return wallClockMicros() / 1'000'000;
}

// The UTC calendar date and time of an instant.
struct CivilTime
{
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
};
CivilTime civilTime(std::int64_t secondsSinceEpoch);

// Appends "2026-11-28T11:20:26.123Z" (ISO-8601 UTC with milliseconds) for micros to out.
void appendIsoTimestamp(std::int64_t micros, std::string& out);

} // namespace portico::util
