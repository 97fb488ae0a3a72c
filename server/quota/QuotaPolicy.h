#pragma once

// <quota requests per="day|month" key/>: at most N requests per key in each calendar day or month
// (UTC), in the quota slot, right after admission, so only requests the rate and concurrency limits
// let through are counted. Beyond it, 429 with Retry-After until the period ends. Counts live in
// memory (QuotaCounters, exact across loops) and in the store database (QuotaLedger), so a restart
// does not reset them; with scope="cluster", in the Redis every gateway shares (ClusterQuota),
// charged by one atomic script per request while the exchange pauses.

#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"
#include "quota/ClusterQuota.h"
#include "quota/QuotaCounters.h"

#include <memory>
#include <string>

namespace portico::quota
{

enum class QuotaKey
{
    Consumer,
    Ip,
    Header,
};

class QuotaPolicy final : public pipeline::Policy
{
public:
    // Exactly one of counters (local scope) and cluster is set.
    QuotaPolicy(std::shared_ptr<QuotaCounters> counters, std::shared_ptr<const ClusterQuota> cluster,
                QuotaKey key, std::string header, std::string description);

    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    std::unique_ptr<pipeline::PolicyLoopState> createLoopState(net::EventLoop& loop) const override;

    QuotaKey key() const { return _key; }

private:
    std::string_view callerOf(const pipeline::Exchange& exchange) const;
    pipeline::Verdict chargeInCluster(pipeline::RequestContext& context, std::string_view caller) const;

    std::shared_ptr<QuotaCounters> _counters;
    std::shared_ptr<const ClusterQuota> _cluster;
    QuotaKey _key;
    std::string _header;
    std::string _description; // "1000 requests per day"
};

void registerQuotaModule(pipeline::PolicyRegistry& registry);

} // namespace portico::quota
