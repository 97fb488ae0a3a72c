#include "util/WallClock.h"

#include <chrono>
#include <cstdio>

namespace portico::util
{

CivilTime civilTime(std::int64_t secondsSinceEpoch)
{
    // Days to a proleptic Gregorian date by whole 400-year eras (Howard Hinnant's civil_from_days):
    // no system call, and the same on every system for any instant, before 1970 included.
    std::int64_t days = secondsSinceEpoch / 86400;
    std::int64_t secondOfDay = secondsSinceEpoch % 86400;
    if (secondOfDay < 0)
    {
        secondOfDay += 86400;
        --days;
    }
    days += 719468; // from 1970-01-01 to 0000-03-01
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t dayOfEra = days - era * 146097;
    const std::int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t monthIndex = (5 * dayOfYear + 2) / 153; // March is 0
    CivilTime out;
    out.day = static_cast<int>(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    out.month = static_cast<int>(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    out.year = static_cast<int>(yearOfEra + era * 400 + (out.month <= 2 ? 1 : 0));
    out.hour = static_cast<int>(secondOfDay / 3600);
    out.minute = static_cast<int>(secondOfDay / 60 % 60);
    out.second = static_cast<int>(secondOfDay % 60);
    return out;
}

std::int64_t wallClockMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void appendIsoTimestamp(std::int64_t micros, std::string& out)
{
    // The date and time part changes once a second: keep it per thread.
    thread_local std::int64_t cachedSecond = -1;
    thread_local char cachedText[24];
    const std::int64_t second = micros / 1000000;
    if (second != cachedSecond)
    {
        const CivilTime utc = civilTime(second);
        std::snprintf(cachedText, sizeof cachedText, "%04d-%02d-%02dT%02d:%02d:%02d", utc.year, utc.month,
                      utc.day, utc.hour, utc.minute, utc.second);
        cachedSecond = second;
    }
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>((micros / 1000) % 1000));
    out.append(cachedText);
    out.append(millis);
}

} // namespace portico::util
