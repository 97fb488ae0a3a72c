#include "ratelimit/Gcra.h"

#include <algorithm>

namespace portico::ratelimit
{

GcraLimit GcraLimit::of(std::uint64_t requests, Micros per, std::uint64_t burst)
{
    GcraLimit limit;
    limit.interval = std::max<Micros>(1, per / static_cast<Micros>(requests));
    limit.capacity = static_cast<std::int64_t>(requests + burst);
    limit.tolerance = (limit.capacity - 1) * limit.interval;
    return limit;
}

GcraDecision gcraDecide(const GcraLimit& limit, Micros tat, Micros now)
{
    GcraDecision decision;
    const Micros start = std::max(tat, now);
    // Admitted when this request's cell fits within the tolerance: the bucket holds a token.
    const Micros ahead = start - now;
    if (ahead > limit.tolerance)
    {
        decision.tat = tat;
        decision.retryAfter = ahead - limit.tolerance;
        decision.untilFull = ahead;
        return decision;
    }
    decision.admitted = true;
    decision.tat = start + limit.interval;
    decision.untilFull = decision.tat - now;
    decision.remaining = (limit.tolerance + limit.interval - decision.untilFull) / limit.interval;
    return decision;
}

} // namespace portico::ratelimit
