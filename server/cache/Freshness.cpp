#include "cache/Freshness.h"

#include <algorithm>

namespace portico::cache
{

std::int64_t freshnessLifetime(const CacheControl& control, const ResponseTiming& timing,
                               std::int64_t routeTtl)
{
    if (control.sMaxAge) return *control.sMaxAge;
    if (control.maxAge) return *control.maxAge;
    if (timing.expiresPresent)
    {
        if (!timing.expires) return 0; // "0" or another invalid date: already expired (§5.3)
        const std::int64_t date = timing.date.value_or(timing.responseTime);
        return std::max<std::int64_t>(0, *timing.expires - date);
    }
    return routeTtl;
}

std::int64_t initialAge(const ResponseTiming& timing)
{
    const std::int64_t apparentAge =
        std::max<std::int64_t>(0, timing.responseTime - timing.date.value_or(timing.responseTime));
    const std::int64_t responseDelay = std::max<std::int64_t>(0, timing.responseTime - timing.requestTime);
    const std::int64_t correctedAgeValue = timing.age.value_or(0) + responseDelay;
    return std::max(apparentAge, correctedAgeValue);
}

} // namespace portico::cache
