#include "quota/QuotaUsageReport.h"

#include "quota/ClusterQuota.h"
#include "quota/ClusterQuotaReader.h"
#include "quota/QuotaLedger.h"
#include "util/WallClock.h"

#include <Poco/JSON/Object.h>

#include <map>

namespace portico::quota
{

namespace
{

Poco::JSON::Object usageEntry(const std::string& id, std::uint64_t limit, QuotaPeriod period,
                              std::int64_t now)
{
    const std::uint32_t index = periodIndex(period, now);
    Poco::JSON::Object usage;
    usage.set("quota", id);
    usage.set("requests", limit);
    usage.set("per", period == QuotaPeriod::Day ? "day" : "month");
    usage.set("period", periodLabel(period, index));
    usage.set("resetsInSeconds", periodEnd(period, index) - now);
    return usage;
}

void setUsed(Poco::JSON::Object& usage, std::uint64_t limit, std::uint64_t used)
{
    usage.set("used", used);
    usage.set("remaining", used >= limit ? 0 : limit - used);
}

} // namespace

Poco::JSON::Array consumerQuotaUsage(const std::string& consumer)
{
    Poco::JSON::Array quotas;
    const std::int64_t now = util::wallClockSeconds();
    for (const std::shared_ptr<QuotaCounters>& counters : QuotaLedger::shared().quotas())
    {
        if (counters->keyName() != "consumer") continue;
        Poco::JSON::Object usage = usageEntry(counters->id(), counters->limit(), counters->period(), now);
        usage.set("scope", "local");
        setUsed(usage, counters->limit(), counters->used(consumer, periodIndex(counters->period(), now)));
        quotas.add(usage);
    }

    // Cluster quotas, grouped by Redis server: one connection and one MGET each.
    std::map<std::string, std::vector<std::shared_ptr<const ClusterQuota>>> byServer;
    for (const std::shared_ptr<const ClusterQuota>& quota : ClusterQuota::live())
        if (quota->keyName == "consumer") byServer[quota->redis->address].push_back(quota);
    for (const auto& [address, list] : byServer)
    {
        std::vector<std::string> keys;
        for (const std::shared_ptr<const ClusterQuota>& quota : list)
            keys.push_back(quota->redisKey(consumer, periodIndex(quota->period, now)));
        std::string error;
        const std::vector<ClusterQuotaRead> reads = readClusterCounts(*list.front()->redis, keys, error);
        for (std::size_t i = 0; i < list.size(); ++i)
        {
            const ClusterQuota& quota = *list[i];
            Poco::JSON::Object usage = usageEntry(quota.id, quota.limit, quota.period, now);
            usage.set("scope", "cluster");
            if (reads[i].used)
                setUsed(usage, quota.limit, *reads[i].used);
            else
            {
                usage.set("used", Poco::Dynamic::Var());
                usage.set("error", error.empty() ? "Redis answered something that is not a count" : error);
            }
            usage.set("admittedWithoutRedis", quota.admittedWithoutRedis.load(std::memory_order_relaxed));
            usage.set("refusedWithoutRedis", quota.refusedWithoutRedis.load(std::memory_order_relaxed));
            quotas.add(usage);
        }
    }
    return quotas;
}

} // namespace portico::quota
