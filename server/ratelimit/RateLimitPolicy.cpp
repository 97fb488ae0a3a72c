#include "ratelimit/RateLimitPolicy.h"

#include "config/LoadContext.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"
#include "pipeline/ResponseHead.h"
#include "util/Clock.h"
#include "util/SeededHash.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace portico::ratelimit
{

namespace
{

constexpr Micros microsPerSecond = 1'000'000;
constexpr std::uint64_t routeKeyHash = 1; // the one bucket of key="route"
constexpr std::uint64_t noHeaderHash = 2; // requests without the key's header

std::int64_t secondsUp(Micros micros)
{
    return (micros + microsPerSecond - 1) / microsPerSecond;
}

bool parseLimit(config::LoadContext& context, const pugi::xml_node& element, LimitSettings& limit)
{
    config::ElementReader reader(context, element, {"requests", "per", "burst", "key", "scope", "keys"});
    reader.expectEmpty();
    bool valid = true;
    if (!reader.has("requests"))
    {
        reader.error("<rateLimit> needs requests=\"N\": how many requests per period");
        valid = false;
    }
    else
        valid &= reader.number("requests", limit.requests, 1, 1'000'000'000);
    config::Duration per = std::chrono::seconds(1);
    valid &= !reader.has("per") || reader.duration("per", per, false);
    if (per > std::chrono::hours(24))
    {
        reader.invalid("per", reader.text("per").value_or(""), "at most 1d; use <quota> for days and months");
        valid = false;
    }
    limit.per = std::chrono::duration_cast<std::chrono::microseconds>(per).count();
    valid &= !reader.has("burst") || reader.number("burst", limit.burst, 0, 1'000'000'000);
    std::uint64_t keys = limit.keys;
    valid &= !reader.has("keys") || reader.number("keys", keys, 1, 10'000'000);
    limit.keys = static_cast<std::size_t>(keys);
    if (const std::optional<std::string> key = reader.text("key"))
    {
        if (*key == "consumer")
            limit.key = KeyKind::Consumer;
        else if (*key == "ip")
            limit.key = KeyKind::Ip;
        else if (*key == "route")
            limit.key = KeyKind::Route;
        else if (key->compare(0, 7, "header:") == 0 && config::isHttpToken(key->substr(7)))
        {
            limit.key = KeyKind::Header;
            limit.header = key->substr(7);
        }
        else
        {
            reader.invalid("key", *key, "expected consumer, ip, route or header:NAME");
            valid = false;
        }
    }
    std::string scope = "local";
    if (reader.has("scope") && reader.choice("scope", scope, {"local", "cluster"}) && scope == "cluster")
    {
        reader.error("scope", "scope=\"cluster\" needs a shared store: <redis address=\"HOST:PORT\"/>, which "
                              "this version does not support yet; use scope=\"local\"");
        valid = false;
    }
    if (!valid) return false;
    const GcraLimit gcra = GcraLimit::of(limit.requests, limit.per, limit.burst);
    if (gcra.tolerance + gcra.interval > BucketTable::maxWindow)
    {
        reader.error("burst", "requests + burst spread over more than 3 days: lower burst or per");
        return false;
    }
    // As the user wrote it: "3 requests per 1m".
    limit.description = std::to_string(limit.requests) + " requests per " + reader.text("per").value_or("1s");
    if (limit.burst > 0) limit.description += " (burst " + std::to_string(limit.burst) + ")";
    return true;
}

std::uint64_t keyHashOf(const LimitSettings& limit, const pipeline::Exchange& exchange)
{
    switch (limit.key)
    {
    case KeyKind::Consumer:
        return util::seededHash64(exchange.consumer);
    case KeyKind::Ip:
        return util::seededHash64(exchange.clientIp != nullptr ? std::string_view(*exchange.clientIp)
                                                               : std::string_view());
    case KeyKind::Route:
        return routeKeyHash;
    case KeyKind::Header:
        break;
    }
    const std::string_view value = exchange.request.find(limit.header);
    return value.data() == nullptr ? noHeaderHash : util::seededHash64(value);
}

bool sameKey(const LimitSettings& a, const LimitSettings& b)
{
    return a.key == b.key && a.header == b.header;
}

bool isRateLimitField(std::string_view name)
{
    constexpr std::string_view prefix = "ratelimit-";
    if (name.size() <= prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if ((name[i] | 0x20) != prefix[i] && !(prefix[i] == '-' && name[i] == '-')) return false;
    return true;
}

} // namespace

RateLimitPolicy::RateLimitPolicy(std::vector<LimitSettings> limits) : _settings(std::move(limits))
{
    for (const LimitSettings& settings : _settings)
    {
        Limit limit;
        limit.gcra = GcraLimit::of(settings.requests, settings.per, settings.burst);
        limit.buckets = std::make_unique<BucketTable>(settings.key == KeyKind::Route ? 1 : settings.keys);
        _limits.push_back(std::move(limit));
    }
}

std::shared_ptr<const pipeline::Policy> RateLimitPolicy::build(const pipeline::PolicyElement& input)
{
    // The later <rateLimit> elements of a route were read with the first.
    if (input.element.previous_sibling("rateLimit")) return nullptr;
    std::vector<LimitSettings> limits;
    bool valid = true;
    bool byConsumer = false;
    for (pugi::xml_node element = input.element; element; element = element.next_sibling("rateLimit"))
    {
        LimitSettings limit;
        if (!parseLimit(input.context, element, limit))
        {
            valid = false;
            continue;
        }
        if (limits.size() == maxLimits)
        {
            config::ElementReader(input.context, element,
                                  {"requests", "per", "burst", "key", "scope", "keys"})
                .error("a route takes at most " + std::to_string(maxLimits) + " <rateLimit> elements");
            valid = false;
            break;
        }
        byConsumer |= limit.key == KeyKind::Consumer;
        limits.push_back(std::move(limit));
    }
    if (!valid) return nullptr;
    auto policy = std::make_shared<const RateLimitPolicy>(std::move(limits));
    if (!byConsumer) return policy;
    // Keyed by consumer: the route must authenticate first, or every request shares one bucket.
    input.otherParts.push_back(
        pipeline::PolicyPart{pipeline::Slot::Admission, std::move(policy), {pipeline::Slot::Authentication}});
    return nullptr;
}

pipeline::Verdict RateLimitPolicy::onRequest(pipeline::RequestContext& context) const
{
    pipeline::Exchange& exchange = context.exchange();
    const Micros now = util::monotonicMicros();
    std::array<BucketTable::Held, maxLimits> held;
    std::uint64_t keyHash = 0;
    pipeline::RateLimitStatus tightest;
    for (std::size_t i = 0; i < _limits.size(); ++i)
    {
        if (i == 0 || !sameKey(_settings[i], _settings[i - 1])) keyHash = keyHashOf(_settings[i], exchange);
        const Limit& limit = _limits[i];
        const BucketTable::Charge charged = limit.buckets->charge(keyHash, limit.gcra, now);
        held[i] = charged.held;
        const GcraDecision& decision = charged.decision;
        if (!decision.admitted)
        {
            // All or nothing: the limits that admitted it take their token back.
            for (std::size_t j = 0; j < i; ++j)
                _limits[j].buckets->refund(held[j], _limits[j].gcra, now);
            exchange.rateLimit =
                pipeline::RateLimitStatus{limit.gcra.capacity, 0, secondsUp(decision.untilFull)};
            context.reply(429, "rate limit exceeded: " + _settings[i].description)
                .header("Retry-After",
                        std::to_string(std::max<std::int64_t>(1, secondsUp(decision.retryAfter))));
            return pipeline::Verdict::Done;
        }
        if (tightest.limit < 0 || decision.remaining < tightest.remaining)
            tightest = pipeline::RateLimitStatus{limit.gcra.capacity, decision.remaining,
                                                 secondsUp(decision.untilFull)};
    }
    exchange.rateLimit = tightest;
    return pipeline::Verdict::Next;
}

pipeline::Verdict RateLimitPolicy::onResponseHead(pipeline::ResponseContext& context) const
{
    const pipeline::RateLimitStatus& status = context.exchange().rateLimit;
    if (status.limit < 0) return pipeline::Verdict::Next;
    pipeline::ResponseHead& head = context.head();
    // This route's limits replace whatever an upstream said about its own, in one pass.
    head.fields.erase(std::remove_if(head.fields.begin(), head.fields.end(),
                                     [](const http::HeaderField& field)
                                     { return isRateLimitField(field.name); }),
                      head.fields.end());
    // The three numbers written once into the head's storage, the names are constants.
    char digits[3 * 20];
    char* end = digits;
    std::size_t lengths[3];
    for (int i = 0; i < 3; ++i)
    {
        const std::int64_t value = i == 0 ? status.limit : i == 1 ? status.remaining : status.resetSeconds;
        char* start = end;
        end = std::to_chars(end, digits + sizeof digits, value).ptr;
        lengths[i] = static_cast<std::size_t>(end - start);
    }
    const std::string_view kept = head.keep(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    head.addView("RateLimit-Limit", kept.substr(0, lengths[0]));
    head.addView("RateLimit-Remaining", kept.substr(lengths[0], lengths[1]));
    head.addView("RateLimit-Reset", kept.substr(lengths[0] + lengths[1], lengths[2]));
    return pipeline::Verdict::Next;
}

void registerRateLimitModule(pipeline::PolicyRegistry& registry)
{
    pipeline::PolicyModule module;
    module.element = "rateLimit";
    module.slot = pipeline::Slot::Admission;
    module.build = &RateLimitPolicy::build;
    registry.add(std::move(module));
}

} // namespace portico::ratelimit
