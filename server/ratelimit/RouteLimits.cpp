#include "ratelimit/RouteLimits.h"

namespace portico::ratelimit
{

namespace
{

std::int64_t secondsUp(Micros micros)
{
    return (micros + 999'999) / 1'000'000;
}

} // namespace

void RouteLimits::refund(const Charges& charges, std::size_t upTo, Micros now) const
{
    for (std::size_t i = 0; i < upTo; ++i)
        if (limits[i].buckets) limits[i].buckets->refund(charges[i], limits[i].gcra, now);
}

pipeline::RateLimitStatus RouteLimits::status(const Limit& limit, Micros untilFull, std::int64_t remaining)
{
    return pipeline::RateLimitStatus{limit.gcra.capacity, remaining, secondsUp(untilFull)};
}

void RouteLimits::keepTightest(pipeline::RateLimitStatus& tightest,
                               const pipeline::RateLimitStatus& candidate)
{
    if (tightest.limit < 0 || candidate.remaining < tightest.remaining) tightest = candidate;
}

} // namespace portico::ratelimit
