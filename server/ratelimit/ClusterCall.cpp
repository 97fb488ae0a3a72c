#include "ratelimit/ClusterCall.h"

#include "pipeline/LocalReply.h"
#include "ratelimit/ClusterScript.h"
#include "redis/RedisUnavailableReply.h"
#include "util/Clock.h"

#include <algorithm>

namespace portico::ratelimit
{

namespace
{

std::string retryAfterText(Micros micros)
{
    return std::to_string(util::retryAfterSeconds((micros + 999) / 1000));
}

} // namespace

void ClusterCall::send()
{
    redis::RedisConnection& connection = redis::RedisConnection::forCurrentLoop(limits->redis);
    util::Buffer& out = connection.command();
    if (sentText)
        ClusterScript::script().beginCall(out, true, limits->clusterLimits, 2 * limits->clusterLimits);
    else
        out.append(limits->scriptCallPrefix);
    out.append(keysAndArguments);
    connection.send(std::move(*this)); // the call lives on in the connection until its reply
}

void ClusterCall::operator()(const redis::RespReply* reply, std::string_view failure)
{
    if (reply == nullptr) return withoutRedis(failure);
    if (reply->isError())
    {
        if (!sentText && redis::RedisScript::isUnknownScript(*reply))
        {
            // A server that restarted or flushed its scripts: once with the text, which loads it.
            ClusterCall again = *this;
            again.sentText = true;
            again.send();
            return;
        }
        return withoutRedis("Redis refused the script: " + reply->text);
    }
    const ClusterScript::Outcome outcome = ClusterScript::read(*reply, limits->clusterLimits);
    if (!outcome.valid) return withoutRedis("the script's reply has an unexpected shape");

    // The script's limits are the cluster ones, in the route's order.
    pipeline::RateLimitStatus tightest = local;
    std::size_t script = 0;
    for (const RouteLimits::Limit& limit : limits->limits)
    {
        if (limit.buckets) continue;
        if (!outcome.admitted && script == outcome.refusedBy)
        {
            limits->refund(charges, limits->limits.size(), now);
            const pipeline::RateLimitStatus refused =
                RouteLimits::status(limit, outcome.untilFull[script], 0);
            pipeline::LocalReply answer;
            answer.status = 429;
            answer.detail = "rate limit exceeded: " + limit.settings.description + " across all gateways";
            answer.header("Retry-After", retryAfterText(outcome.retryAfter));
            token.reply(std::move(answer),
                        [refused](pipeline::Exchange& exchange) { exchange.rateLimit = refused; });
            return;
        }
        if (outcome.admitted)
        {
            const Micros untilFull = outcome.untilFull[script];
            const std::int64_t remaining =
                (limit.gcra.tolerance + limit.gcra.interval - untilFull) / limit.gcra.interval;
            RouteLimits::keepTightest(tightest, RouteLimits::status(limit, untilFull, remaining));
        }
        ++script;
    }
    token.next([tightest](pipeline::Exchange& exchange) { exchange.rateLimit = tightest; });
}

void ClusterCall::withoutRedis(std::string_view failure)
{
    if (limits->failOpen)
    {
        limits->admittedWithoutRedis.fetch_add(1, std::memory_order_relaxed);
        const pipeline::RateLimitStatus status = local;
        token.next([status](pipeline::Exchange& exchange) { exchange.rateLimit = status; });
        return;
    }
    limits->refusedWithoutRedis.fetch_add(1, std::memory_order_relaxed);
    limits->refund(charges, limits->limits.size(), now);
    token.reply(redis::redisUnavailableReply("rate-limit", failure));
}

} // namespace portico::ratelimit
