#include "quota/QuotaPolicy.h"

#include "config/Config.h"
#include "config/LoadContext.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"
#include "quota/QuotaLedger.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <unordered_map>

namespace portico::quota
{

namespace
{

constexpr std::size_t maxKeys = 100000;

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

QuotaPolicy::QuotaPolicy(std::shared_ptr<QuotaCounters> counters, QuotaKey key, std::string header,
                         std::string description)
    : _counters(std::move(counters)), _key(key), _header(std::move(header)),
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
    if (reader.has("scope") && reader.choice("scope", scope, {"local", "cluster"}) && scope == "cluster")
    {
        reader.error("scope", "scope=\"cluster\" for <quota> is not supported yet; a local quota is kept in "
                              "the store database");
        valid = false;
    }
    if (input.config.store.database.empty())
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
    const std::string keyName = reader.text("key").value_or("consumer");
    auto counters = std::make_shared<QuotaCounters>(input.route.name + ":" + std::to_string(index), keyName,
                                                    period, requests, maxKeys);
    QuotaLedger::shared().enroll(counters);
    const std::string description =
        std::to_string(requests) + " requests per " + (period == QuotaPeriod::Day ? "day" : "month");
    auto policy = std::make_shared<const QuotaPolicy>(std::move(counters), key, header, description);
    if (key != QuotaKey::Consumer) return policy;
    input.otherParts.push_back(
        pipeline::PolicyPart{pipeline::Slot::Quota, std::move(policy), {pipeline::Slot::Authentication}});
    return nullptr;
}

std::unique_ptr<pipeline::PolicyLoopState> QuotaPolicy::createLoopState(net::EventLoop&) const
{
    return std::make_unique<QuotaLoopState>();
}

pipeline::Verdict QuotaPolicy::onRequest(pipeline::RequestContext& context) const
{
    pipeline::Exchange& exchange = context.exchange();
    std::string key;
    switch (_key)
    {
    case QuotaKey::Consumer:
        key = exchange.consumer;
        break;
    case QuotaKey::Ip:
        if (exchange.clientIp != nullptr) key = *exchange.clientIp;
        break;
    case QuotaKey::Header:
    {
        const std::string_view value = exchange.request.find(_header);
        if (value.data() != nullptr) key.assign(value);
        break;
    }
    }
    auto* state = static_cast<QuotaLoopState*>(context.loopState());
    const std::int64_t now = exchange.startedAtWallMicros / 1'000'000;
    const std::uint32_t period = periodIndex(_counters->period(), now);
    const QuotaCounters::Decision decision = _counters->charge(state->counter(*_counters, key), period);
    if (decision.admitted) return pipeline::Verdict::Next;
    const std::int64_t retry = std::max<std::int64_t>(1, periodEnd(_counters->period(), period) - now);
    context.reply(429, "quota exceeded: " + _description + " (UTC); it starts again at the next period")
        .header("Retry-After", std::to_string(retry));
    return pipeline::Verdict::Done;
}

void registerQuotaModule(pipeline::PolicyRegistry& registry)
{
    registry.add("quota", pipeline::Slot::Quota, &QuotaPolicy::build);
}

} // namespace portico::quota
