#include "quota/ClusterQuota.h"

#include "redis/RedisKeyPart.h"
#include "redis/RespCommand.h"
#include "util/LiveObjects.h"

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

util::LiveRegistry<const ClusterQuota> registry;

} // namespace

void ClusterQuota::name(std::string quotaId)
{
    id = std::move(quotaId);
    keyPrefix = "portico:quota:{" + id + "}:";
    util::Buffer bulk;
    redis::RespCommand::appendBulk(bulk, static_cast<std::int64_t>(limit));
    limitBulk.assign(bulk.view());
}

std::string ClusterQuota::redisKey(std::string_view caller, std::uint32_t periodIndex) const
{
    return keyPrefix + redis::boundedKeyPart(caller) + ":" + periodLabel(period, periodIndex);
}

void ClusterQuota::writeKeyAndArguments(util::Buffer& out, std::string_view caller, std::uint32_t periodIndex,
                                        std::int64_t expireAt) const
{
    // The period's name changes once a day: each loop thread keeps the last one it made.
    thread_local QuotaPeriod labelledPeriod = QuotaPeriod::Day;
    thread_local std::uint32_t labelledIndex = 0;
    thread_local std::string suffix;
    if (suffix.empty() || labelledPeriod != period || labelledIndex != periodIndex)
    {
        suffix = ":" + periodLabel(period, periodIndex);
        labelledPeriod = period;
        labelledIndex = periodIndex;
    }
    redis::appendKeyBulk(out, keyPrefix, caller, suffix);
    out.append(limitBulk);
    redis::RespCommand::appendBulk(out, expireAt);
}

void ClusterQuota::writeCharge(util::Buffer& out, bool byText, std::string_view keyAndArguments)
{
    static const std::string byShaPrefix = script().callPrefix(1, 2);
    if (byText)
        script().beginCall(out, true, 1, 2);
    else
        out.append(byShaPrefix);
    out.append(keyAndArguments);
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
    registry.enroll(quota); // also forgets the quotas of replaced configurations
}

std::vector<std::shared_ptr<const ClusterQuota>> ClusterQuota::live()
{
    return registry.live();
}

} // namespace portico::quota
