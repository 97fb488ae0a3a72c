#pragma once

// <rateLimit requests per burst key scope keys/>: GCRA limits in the admission slot. All the
// <rateLimit> elements of a route make one policy, so a request is admitted only when every
// limit has room, and a request one limit refuses gives back what the others took (a per-second
// and a per-hour limit together: a request refused by the first does not use up the second).
// Every answer of the route, refusals of other policies after it included, carries
// RateLimit-Limit, -Remaining and -Reset of the limit with the least room; a refusal is a 429
// with Retry-After. The buckets live in a lock-free table per limit (BucketTable), shared by the
// event loops: one node's limit is exact whichever loop a request lands on.

#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"
#include "ratelimit/BucketTable.h"
#include "ratelimit/Gcra.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::ratelimit
{

enum class KeyKind
{
    Consumer, // the authenticated consumer's name
    Ip,       // the client's address
    Route,    // one bucket for the whole route
    Header,   // a request header's value (absent: one bucket for all requests without it)
};

struct LimitSettings
{
    std::uint64_t requests = 0;
    Micros per = 0;
    std::uint64_t burst = 0;
    KeyKind key = KeyKind::Ip;
    std::string header; // for KeyKind::Header
    std::size_t keys = 10000;
    std::string description; // "5 requests per 1s", for the 429's detail
};

class RateLimitPolicy final : public pipeline::Policy
{
public:
    static constexpr std::size_t maxLimits = 8;

    explicit RateLimitPolicy(std::vector<LimitSettings> limits);

    // Parses the route's first <rateLimit> with the ones after it; later ones yield nothing.
    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    pipeline::Verdict onResponseHead(pipeline::ResponseContext& context) const override;

    const std::vector<LimitSettings>& limits() const { return _settings; }

private:
    struct Limit
    {
        GcraLimit gcra;
        std::unique_ptr<BucketTable> buckets;
    };
    std::vector<LimitSettings> _settings;
    std::vector<Limit> _limits;
};

void registerRateLimitModule(pipeline::PolicyRegistry& registry);

} // namespace portico::ratelimit
