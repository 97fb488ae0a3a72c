#include "ratelimit/RateLimitPolicy.h"

#include "config/Config.h"
#include "config/LoadContext.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"
#include "pipeline/ResponseHead.h"
#include "ratelimit/ClusterCall.h"
#include "ratelimit/ClusterScript.h"
#include "redis/RedisKeyPart.h"
#include "redis/RedisSettingsFactory.h"
#include "redis/RespCommand.h"
#include "util/Clock.h"
#include "util/LiveObjects.h"
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

constexpr std::uint64_t routeKeyHash = 1; // the one bucket of key="route"
constexpr std::uint64_t noHeaderHash = 2; // requests without the key's header

// Appends a cluster limit's bucket name for this request as a RESP bulk string: the caller's part is
// "=" and the value ("#" and its hash when long), "route" for the route's one bucket, "!" for
// requests without the key's header.
void appendBucketName(util::Buffer& out, const RouteLimits::Limit& limit, const pipeline::Exchange& exchange)
{
    std::string_view value;
    switch (limit.settings.key)
    {
    case KeyKind::Consumer:
        value = exchange.consumer;
        break;
    case KeyKind::Ip:
        if (exchange.clientIp != nullptr) value = *exchange.clientIp;
        break;
    case KeyKind::Route:
        return redis::RespCommand::appendBulk(out, limit.redisKeyPrefix + "route");
    case KeyKind::Header:
        value = exchange.request.find(limit.settings.header);
        if (value.data() == nullptr) return redis::RespCommand::appendBulk(out, limit.redisKeyPrefix + "!");
        break;
    }
    redis::appendKeyBulk(out, limit.redisKeyPrefix, value, {});
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

namespace
{

// The buckets of the route's index-th local limit: those of the configuration a reload replaces
// when that limit is configured alike (clients keep what they used), else new ones.
std::shared_ptr<BucketTable> carriedBuckets(const std::string& route, std::size_t index,
                                            const LimitSettings& settings)
{
    static util::SharedByKey<BucketTable> carried;
    const std::string alike = route + "\n" + std::to_string(index) + "\n" +
                              std::to_string(settings.requests) + "\n" + std::to_string(settings.per) + "\n" +
                              std::to_string(settings.burst) + "\n" +
                              std::to_string(static_cast<int>(settings.key)) + "\n" + settings.header + "\n" +
                              std::to_string(settings.keys);
    return carried.obtain(
        alike, [&settings]
        { return std::make_shared<BucketTable>(settings.key == KeyKind::Route ? 1 : settings.keys); });
}

} // namespace

std::shared_ptr<const pipeline::Policy> RateLimitPolicy::build(const pipeline::PolicyElement& input)
{
    // The later <rateLimit> elements of a route were read with the first.
    if (input.element.previous_sibling("rateLimit")) return nullptr;
    auto limits = std::make_shared<RouteLimits>();
    limits->route = input.route.name;
    bool valid = true;
    bool byConsumer = false;
    for (pugi::xml_node element = input.element; element; element = element.next_sibling("rateLimit"))
    {
        RouteLimits::Limit limit;
        if (!parseLimitSettings(input.context, element, input.config.redis, limit.settings))
        {
            valid = false;
            continue;
        }
        if (limits->limits.size() == maxLimits)
        {
            input.context.error(input.context.position(element), "a route takes at most " +
                                                                     std::to_string(maxLimits) +
                                                                     " <rateLimit> elements");
            valid = false;
            break;
        }
        const LimitSettings& settings = limit.settings;
        limit.gcra = GcraLimit::of(settings.requests, settings.per, settings.burst);
        if (settings.cluster)
            ++limits->clusterLimits;
        else
            limit.buckets = carriedBuckets(input.route.name, limits->limits.size(), settings);
        byConsumer |= settings.key == KeyKind::Consumer;
        limits->limits.push_back(std::move(limit));
    }
    if (!valid) return nullptr;
    if (limits->clusterLimits > 0)
    {
        const config::RedisConfig& redis = input.config.redis;
        limits->redis = redis::redisSettingsFor(redis, input.context);
        if (!limits->redis) return nullptr;
        util::Buffer arguments;
        std::size_t index = 0;
        for (RouteLimits::Limit& limit : limits->limits)
        {
            ++index;
            if (limit.buckets) continue;
            // Bucket names carry the route in braces, so a Redis Cluster keeps a route's buckets together.
            limit.redisKeyPrefix = "portico:rl:{" + limits->route + "}:" + std::to_string(index) + ":";
            redis::RespCommand::appendBulk(arguments, std::to_string(limit.gcra.interval));
            redis::RespCommand::appendBulk(arguments, std::to_string(limit.gcra.tolerance));
        }
        limits->scriptArguments.assign(arguments.view());
        limits->scriptCallPrefix =
            ClusterScript::script().callPrefix(limits->clusterLimits, 2 * limits->clusterLimits);
        limits->failOpen = redis.failOpen;
    }
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
    RouteLimits::Charges charges;
    std::uint64_t keyHash = 0;
    const LimitSettings* hashed = nullptr;
    pipeline::RateLimitStatus tightest;
    const std::vector<RouteLimits::Limit>& limits = _limits->limits;
    for (std::size_t i = 0; i < limits.size(); ++i)
    {
        const RouteLimits::Limit& limit = limits[i];
        if (!limit.buckets) continue; // a cluster limit: below
        if (hashed == nullptr || !sameKey(limit.settings, *hashed))
        {
            keyHash = keyHashOf(limit.settings, exchange);
            hashed = &limit.settings;
        }
        const BucketTable::Charge charged = limit.buckets->charge(keyHash, limit.gcra, now);
        charges[i] = charged.held;
        const GcraDecision& decision = charged.decision;
        if (!decision.admitted)
        {
            // All or nothing: the limits that admitted it take their token back.
            _limits->refund(charges, i, now);
            exchange.rateLimit = RouteLimits::status(limit, decision.untilFull, 0);
            context.reply(429, "rate limit exceeded: " + limit.settings.description)
                .header("Retry-After",
                        std::to_string(util::retryAfterSeconds((decision.retryAfter + 999) / 1000)));
            return pipeline::Verdict::Done;
        }
        RouteLimits::keepTightest(tightest,
                                  RouteLimits::status(limit, decision.untilFull, decision.remaining));
    }
    exchange.rateLimit = tightest;
    if (_limits->clusterLimits == 0) return pipeline::Verdict::Next;

    for (std::size_t i = 0; i < limits.size(); ++i)
        if (!limits[i].buckets) charges[i] = BucketTable::Held{nullptr, 0};
    ClusterCall call;
    call.limits = _limits;
    call.charges = charges;
    call.local = tightest;
    call.now = now;
    writeScriptArguments(exchange, call.keysAndArguments);
    call.token = context.pause();
    call.send();
    return pipeline::Verdict::Pause;
}

void RateLimitPolicy::writeScriptArguments(const pipeline::Exchange& exchange, std::string& out) const
{
    // One buffer per loop thread, kept with its capacity (a new one would clear 4 KiB each time).
    thread_local util::Buffer arguments;
    arguments.clear();
    for (const RouteLimits::Limit& limit : _limits->limits)
        if (!limit.buckets) appendBucketName(arguments, limit, exchange);
    arguments.append(_limits->scriptArguments);
    out.assign(arguments.view());
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
    registry.add("rateLimit", pipeline::Slot::Admission, &RateLimitPolicy::build);
}

} // namespace portico::ratelimit
