#include "audit/AuditRecord.h"

#include <cstdio>
#include <ctime>

namespace portico::audit
{

std::string auditTimestamp(std::int64_t wallMicros)
{
    const std::time_t seconds = static_cast<std::time_t>(wallMicros / 1'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>((wallMicros / 1000) % 1000));
    return text;
}

} // namespace portico::audit
