#include "quota/ClusterQuotaCall.h"

#include "pipeline/LocalReply.h"
#include "redis/RedisUnavailableReply.h"

#include <algorithm>

namespace portico::quota
{

void ClusterQuotaCall::send()
{
    redis::RedisConnection& connection = redis::RedisConnection::forCurrentLoop(quota->redis);
    ClusterQuota::writeCharge(connection.command(), sentText, keyAndArguments);
    connection.send(std::move(*this)); // the call lives on in the connection until its reply
}

void ClusterQuotaCall::operator()(const redis::RespReply* reply, std::string_view failure)
{
    if (reply == nullptr) return withoutRedis(failure);
    if (reply->isError())
    {
        if (!sentText && redis::RedisScript::isUnknownScript(*reply))
        {
            ClusterQuotaCall again = *this;
            again.sentText = true;
            again.send();
            return;
        }
        return withoutRedis("Redis refused the script: " + reply->text);
    }
    const ClusterQuota::Outcome outcome = ClusterQuota::read(*reply);
    if (!outcome.valid) return withoutRedis("the script's reply has an unexpected shape");
    if (outcome.admitted) return token.next();
    pipeline::LocalReply answer;
    answer.status = 429;
    answer.detail = "quota exceeded: " + quota->description +
                    " (UTC) across all gateways; it starts again at the next period";
    answer.header("Retry-After", std::to_string(std::max<std::int64_t>(1, periodEnds - now)));
    token.reply(std::move(answer));
}

void ClusterQuotaCall::withoutRedis(std::string_view failure)
{
    if (quota->failOpen)
    {
        quota->admittedWithoutRedis.fetch_add(1, std::memory_order_relaxed);
        return token.next();
    }
    quota->refusedWithoutRedis.fetch_add(1, std::memory_order_relaxed);
    token.reply(redis::redisUnavailableReply("quota", failure));
}

} // namespace portico::quota
