#include "ratelimit/ClusterScript.h"

namespace portico::ratelimit
{

namespace
{

// KEYS: one bucket key per limit. ARGV: interval and tolerance (µs) per limit, in KEYS' order.
// Returns {1, untilFull…} when admitted, {0, refusing limit (1-based), retryAfter, untilFull}.
// Lua numbers are doubles: microseconds since the epoch (about 2^51) stay exact.
constexpr std::string_view scriptText = R"lua(
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tats = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i - 1])
  local tolerance = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  local ahead = tat - now
  if ahead > tolerance then
    return {0, i, ahead - tolerance, ahead}
  end
  tats[i] = tat + interval
end
local result = {1}
for i = 1, #KEYS do
  local untilFull = tats[i] - now
  redis.call('SET', KEYS[i], string.format('%.0f', tats[i]), 'PX', math.floor(untilFull / 1000) + 1)
  result[i + 1] = untilFull
end
return result
)lua";

} // namespace

const redis::RedisScript& ClusterScript::script()
{
    static const redis::RedisScript loaded(scriptText);
    return loaded;
}

ClusterScript::Outcome ClusterScript::read(const redis::RespReply& reply, std::size_t limitCount)
{
    Outcome outcome;
    using Type = redis::RespReply::Type;
    if (reply.type != Type::Array || reply.elements.empty()) return outcome;
    for (const redis::RespReply& element : reply.elements)
        if (element.type != Type::Integer) return outcome;
    const std::vector<redis::RespReply>& values = reply.elements;
    if (values[0].number == 1 && values.size() == limitCount + 1)
    {
        outcome.valid = outcome.admitted = true;
        for (std::size_t i = 0; i < limitCount && i < 8; ++i)
            outcome.untilFull[i] = values[i + 1].number;
        return outcome;
    }
    if (values[0].number == 0 && values.size() == 4 && values[1].number >= 1 &&
        static_cast<std::size_t>(values[1].number) <= limitCount)
    {
        outcome.valid = true;
        outcome.refusedBy = static_cast<std::size_t>(values[1].number - 1);
        outcome.retryAfter = values[2].number;
        outcome.untilFull[outcome.refusedBy] = values[3].number;
    }
    return outcome;
}

} // namespace portico::ratelimit
