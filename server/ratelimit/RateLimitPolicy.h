#pragma once

// <rateLimit requests per burst key scope keys/>: GCRA limits in the admission slot. All the
// <rateLimit> elements of a route make one policy, so a request is admitted only when every
// limit has room, and a request one limit refuses gives back what the others took (a per-second
// and a per-hour limit together: a request refused by the first does not use up the second).
// Every answer of the route, refusals of other policies after it included, carries
// RateLimit-Limit, -Remaining and -Reset of the limit with the least room; a refusal is a 429
// with Retry-After.
//
// Local limits live in a lock-free table per limit (BucketTable), shared by the event loops: one
// node's limit is exact whichever loop a request lands on. Cluster limits (scope="cluster") are
// decided by one Lua script in the Redis every gateway shares, all of the route's cluster limits
// in one atomic call, while the exchange is paused (ClusterCall); local ones are charged first.

#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"
#include "ratelimit/RouteLimits.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::ratelimit
{

class RateLimitPolicy final : public pipeline::Policy
{
public:
    static constexpr std::size_t maxLimits = maxLimitsPerRoute;

    explicit RateLimitPolicy(std::shared_ptr<RouteLimits> limits) : _limits(std::move(limits)) {}

    // Parses the route's first <rateLimit> with the ones after it; later ones yield nothing.
    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    pipeline::Verdict onResponseHead(pipeline::ResponseContext& context) const override;

    const RouteLimits& limits() const { return *_limits; }

private:
    // Writes the cluster limits' Redis keys and GCRA numbers for the script.
    void writeScriptArguments(const pipeline::Exchange& exchange, std::string& out) const;

    std::shared_ptr<const RouteLimits> _limits;
};

void registerRateLimitModule(pipeline::PolicyRegistry& registry);

} // namespace portico::ratelimit
