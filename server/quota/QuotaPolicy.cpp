#include "quota/QuotaPolicy.h"

#include "config/Config.h"
#include "config/LoadContext.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"
#include "quota/ClusterQuotaCall.h"
#include "quota/QuotaLedger.h"
#include "redis/RedisSettingsFactory.h"
#include "util/LiveObjects.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <unordered_map>

namespace portico::quota
{

namespace
{

constexpr std::size_t maxKeys = 100000;

// A cluster count is kept in Redis a day past its period, so the admin API can still show a
// period that just ended.
constexpr std::int64_t keptAfterPeriod = 86400;

// The counters this loop has seen, so a known key costs no lock.
class QuotaLoopState final : public pipeline::PolicyLoopState
{
public:
    QuotaCounter& counter(QuotaCounters& counters, const std::string& key)
    {
        const auto found = _seen.find(key);
        if (found != _seen.end()) return *found->second;
        if (_seen.size() >= maxKeys) _seen.clear();
        QuotaCounter& made = counters.counter(key);
        _seen.emplace(key, &made);
        return made;
    }

private:
    std::unordered_map<std::string, QuotaCounter*> _seen;
};

} // namespace

QuotaPolicy::QuotaPolicy(std::shared_ptr<QuotaCounters> counters, std::shared_ptr<const ClusterQuota> cluster,
                         QuotaKey key, std::string header, std::string description)
    : _counters(std::move(counters)), _cluster(std::move(cluster)), _key(key), _header(std::move(header)),
      _description(std::move(description))
{
}

std::shared_ptr<const pipeline::Policy> QuotaPolicy::build(const pipeline::PolicyElement& input)
{
    config::ElementReader reader(input.context, input.element, {"requests", "per", "key", "scope"});
    reader.expectEmpty();
    bool valid = true;
    std::uint64_t requests = 0;
    if (!reader.has("requests"))
    {
        reader.error("<quota> needs requests=\"N\": how many requests per day or month");
        valid = false;
    }
    else
        valid &= reader.number("requests", requests, 1, 0xFFFFFFFFu - 1);
    QuotaPeriod period = QuotaPeriod::Day;
    if (!reader.has("per"))
    {
        reader.error("<quota> needs per=\"day\" or per=\"month\"");
        valid = false;
    }
    else
        valid &= reader.choice<QuotaPeriod>("per", period,
                                            {{"day", QuotaPeriod::Day}, {"month", QuotaPeriod::Month}});
    QuotaKey key = QuotaKey::Consumer;
    std::string header;
    if (const std::optional<std::string> text = reader.text("key"))
    {
        if (*text == "consumer")
            key = QuotaKey::Consumer;
        else if (*text == "ip")
            key = QuotaKey::Ip;
        else if (text->compare(0, 7, "header:") == 0 && config::isHttpToken(text->substr(7)))
        {
            key = QuotaKey::Header;
            header = text->substr(7);
        }
        else
        {
            reader.invalid("key", *text, "expected consumer, ip or header:NAME");
            valid = false;
        }
    }
    std::string scope = "local";
    if (reader.has("scope")) valid &= reader.choice("scope", scope, {"local", "cluster"});
    const bool cluster = scope == "cluster";
    if (cluster && !input.config.redis.configured())
    {
        reader.error("scope", "scope=\"cluster\" needs the Redis the gateways share: add <redis "
                              "address=\"HOST:PORT\"/>");
        valid = false;
    }
    if (!cluster && input.config.store.database.empty())
    {
        reader.error("<quota> keeps its counts in the consumer store, so a restart does not reset them: add "
                     "<store database=\"FILE\"/>");
        valid = false;
    }
    if (!valid) return nullptr;

    // The quota's name in the store: the route and which of its quotas this is.
    std::size_t index = 1;
    for (pugi::xml_node before = input.element.previous_sibling("quota"); before;
         before = before.previous_sibling("quota"))
        ++index;
    const std::string id = input.route.name + ":" + std::to_string(index);
    const std::string keyName = reader.text("key").value_or("consumer");
    const std::string description =
        std::to_string(requests) + " requests per " + (period == QuotaPeriod::Day ? "day" : "month");
    std::shared_ptr<QuotaCounters> counters;
    std::shared_ptr<ClusterQuota> shared;
    if (cluster)
    {
        shared = std::make_shared<ClusterQuota>();
        shared->redis = redis::redisSettingsFor(input.config.redis, input.context);
        if (!shared->redis) return nullptr;
        shared->keyName = keyName;
        shared->period = period;
        shared->limit = requests;
        shared->name(id);
        shared->description = description;
        shared->failOpen = input.config.redis.failOpen;
        ClusterQuota::enroll(shared);
    }
    else
    {
        // The counts of the configuration a reload replaces go on when the quota is counted alike.
        static util::SharedByKey<QuotaCounters> carried;
        const std::string sameCounting =
            id + "\n" + keyName + "\n" + (period == QuotaPeriod::Day ? "day" : "month");
        counters = carried.obtain(sameCounting,
                                  [&]
                                  {
                                      auto made = std::make_shared<QuotaCounters>(id, keyName, period,
                                                                                  requests, maxKeys);
                                      QuotaLedger::shared().enroll(made);
                                      return made;
                                  });
        counters->setLimit(requests);
    }
    auto policy =
        std::make_shared<const QuotaPolicy>(std::move(counters), std::move(shared), key, header, description);
    if (key != QuotaKey::Consumer) return policy;
    input.otherParts.push_back(
        pipeline::PolicyPart{pipeline::Slot::Quota, std::move(policy), {pipeline::Slot::Authentication}});
    return nullptr;
}

std::unique_ptr<pipeline::PolicyLoopState> QuotaPolicy::createLoopState(net::EventLoop&) const
{
    return std::make_unique<QuotaLoopState>();
}

std::string_view QuotaPolicy::callerOf(const pipeline::Exchange& exchange) const
{
    switch (_key)
    {
    case QuotaKey::Consumer:
        return exchange.consumer;
    case QuotaKey::Ip:
        return exchange.clientIp != nullptr ? std::string_view(*exchange.clientIp) : std::string_view();
    case QuotaKey::Header:
    {
        const std::string_view value = exchange.request.find(_header);
        return value.data() != nullptr ? value : std::string_view();
    }
    }
    return {};
}

pipeline::Verdict QuotaPolicy::onRequest(pipeline::RequestContext& context) const
{
    pipeline::Exchange& exchange = context.exchange();
    const std::string_view caller = callerOf(exchange);
    if (_cluster) return chargeInCluster(context, caller);
    auto* state = static_cast<QuotaLoopState*>(context.loopState());
    const std::int64_t now = exchange.startedAtWallMicros / 1'000'000;
    const std::uint32_t period = periodIndex(_counters->period(), now);
    const QuotaCounters::Decision decision =
        _counters->charge(state->counter(*_counters, std::string(caller)), period);
    if (decision.admitted) return pipeline::Verdict::Next;
    const std::int64_t retry = std::max<std::int64_t>(1, periodEnd(_counters->period(), period) - now);
    context.reply(429, "quota exceeded: " + _description + " (UTC); it starts again at the next period")
        .header("Retry-After", std::to_string(retry));
    return pipeline::Verdict::Done;
}

pipeline::Verdict QuotaPolicy::chargeInCluster(pipeline::RequestContext& context,
                                               std::string_view caller) const
{
    ClusterQuotaCall call;
    call.quota = _cluster;
    call.now = context.exchange().startedAtWallMicros / 1'000'000;
    const std::uint32_t period = periodIndex(_cluster->period, call.now);
    call.periodEnds = periodEnd(_cluster->period, period);
    // One buffer per loop thread, kept with its capacity.
    thread_local util::Buffer written;
    written.clear();
    _cluster->writeKeyAndArguments(written, caller, period, call.periodEnds + keptAfterPeriod);
    call.keyAndArguments.assign(written.view());
    call.token = context.pause();
    call.send();
    return pipeline::Verdict::Pause;
}

void registerQuotaModule(pipeline::PolicyRegistry& registry)
{
    registry.add("quota", pipeline::Slot::Quota, &QuotaPolicy::build);
}

} // namespace portico::quota
