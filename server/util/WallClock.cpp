#include "util/WallClock.h"

#include <cstdio>
#include <ctime>

namespace portico::util
{

std::int64_t wallClockMicros()
{
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
}

void appendIsoTimestamp(std::int64_t micros, std::string& out)
{
    // The date and time part changes once a second: keep it per thread.
    thread_local std::time_t cachedSecond = -1;
    thread_local char cachedText[24];
    std::time_t second = static_cast<std::time_t>(micros / 1000000);
    if (second != cachedSecond)
    {
        std::tm parts{};
        ::gmtime_r(&second, &parts);
        std::strftime(cachedText, sizeof cachedText, "%Y-%m-%dT%H:%M:%S", &parts);
        cachedSecond = second;
    }
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>((micros / 1000) % 1000));
    out.append(cachedText);
    out.append(millis);
}

} // namespace portico::util
