#include "quota/ClusterQuota.h"

#include "redis/RedisKeyPart.h"
#include "redis/RespCommand.h"
#include "util/LiveObjects.h"

#include <mutex>

namespace portico::quota
{

namespace
{

// KEYS[1]: the caller's count in this period. ARGV: the limit, when the key expires (epoch s).
// Returns {1, used} when admitted (used counts this request), {0, used} when refused.
constexpr std::string_view scriptText = R"lua(
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then
  return {0, used}
end
used = redis.call('INCR', KEYS[1])
if used == 1 then
  redis.call('EXPIREAT', KEYS[1], ARGV[2])
end
return {1, used}
)lua";

std::mutex registryMutex;
std::vector<std::weak_ptr<const ClusterQuota>> registry;

} // namespace

std::string ClusterQuota::redisKey(std::string_view caller, std::uint32_t periodIndex) const
{
    return "portico:quota:{" + id + "}:" + redis::boundedKeyPart(caller) + ":" +
           periodLabel(period, periodIndex);
}

void ClusterQuota::writeCharge(util::Buffer& out, bool byText, std::string_view key,
                               std::int64_t expireAt) const
{
    script().beginCall(out, byText, 1, 2);
    redis::RespCommand::appendBulk(out, key);
    redis::RespCommand::appendBulk(out, std::to_string(limit));
    redis::RespCommand::appendBulk(out, std::to_string(expireAt));
}

ClusterQuota::Outcome ClusterQuota::read(const redis::RespReply& reply)
{
    Outcome outcome;
    using Type = redis::RespReply::Type;
    if (reply.type != Type::Array || reply.elements.size() != 2) return outcome;
    const redis::RespReply& verdict = reply.elements[0];
    const redis::RespReply& used = reply.elements[1];
    if (verdict.type != Type::Integer || used.type != Type::Integer || used.number < 0) return outcome;
    if (verdict.number != 0 && verdict.number != 1) return outcome;
    outcome.valid = true;
    outcome.admitted = verdict.number == 1;
    outcome.used = static_cast<std::uint64_t>(used.number);
    return outcome;
}

const redis::RedisScript& ClusterQuota::script()
{
    static const redis::RedisScript loaded(scriptText);
    return loaded;
}

void ClusterQuota::enroll(const std::shared_ptr<const ClusterQuota>& quota)
{
    std::lock_guard<std::mutex> lock(registryMutex);
    util::takeLive(registry); // drops the quotas of replaced configurations
    registry.push_back(quota);
}

std::vector<std::shared_ptr<const ClusterQuota>> ClusterQuota::live()
{
    std::lock_guard<std::mutex> lock(registryMutex);
    return util::takeLive(registry);
}

} // namespace portico::quota
