#include "ratelimit/LimitSettings.h"

#include "config/Config.h"
#include "config/LoadContext.h"
#include "ratelimit/BucketTable.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

namespace portico::ratelimit
{

bool parseLimitSettings(config::LoadContext& context, const pugi::xml_node& element,
                        const config::RedisConfig& redis, LimitSettings& limit)
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
        limit.cluster = true;
        if (!redis.configured())
        {
            reader.error(
                "scope",
                "scope=\"cluster\" needs the Redis the gateways share: add <redis address=\"HOST:PORT\"/>");
            valid = false;
        }
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

} // namespace portico::ratelimit
