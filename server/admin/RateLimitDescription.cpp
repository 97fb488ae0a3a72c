#include "admin/RateLimitDescription.h"

#include "ratelimit/RateLimitPolicy.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace portico::admin
{

namespace
{

const char* keyName(ratelimit::KeyKind key)
{
    switch (key)
    {
    case ratelimit::KeyKind::Consumer:
        return "consumer";
    case ratelimit::KeyKind::Ip:
        return "ip";
    case ratelimit::KeyKind::Route:
        return "route";
    case ratelimit::KeyKind::Header:
        return "header";
    }
    return "";
}

} // namespace

std::string describeRateLimits(const runtime::Runtime& runtime)
{
    Poco::JSON::Array routes;
    for (const std::unique_ptr<pipeline::RoutePipeline>& pipeline : runtime.table.routes)
    {
        for (const config::RoutePolicyConfig& configured : pipeline->config().policies)
        {
            const auto* policy = dynamic_cast<const ratelimit::RateLimitPolicy*>(configured.policy.get());
            if (policy == nullptr) continue;
            const ratelimit::RouteLimits& limits = policy->limits();
            Poco::JSON::Object entry;
            entry.set("route", pipeline->config().name);
            Poco::JSON::Array list;
            for (const ratelimit::RouteLimits::Limit& limit : limits.limits)
            {
                Poco::JSON::Object item;
                item.set("limit", limit.settings.description);
                item.set("scope", limit.settings.cluster ? "cluster" : "local");
                std::string key = keyName(limit.settings.key);
                if (limit.settings.key == ratelimit::KeyKind::Header) key += ":" + limit.settings.header;
                item.set("key", key);
                list.add(item);
            }
            entry.set("limits", list);
            entry.set("admittedWithoutRedis", limits.admittedWithoutRedis.load(std::memory_order_relaxed));
            entry.set("refusedWithoutRedis", limits.refusedWithoutRedis.load(std::memory_order_relaxed));
            routes.add(entry);
        }
    }
    const redis::RedisCounters& counters = redis::RedisCounters::shared();
    Poco::JSON::Object redis;
    redis.set("address", runtime.config->redis.configured()
                             ? runtime.config->redis.host + ":" + std::to_string(runtime.config->redis.port)
                             : std::string());
    redis.set("failure", runtime.config->redis.failOpen ? "open" : "closed");
    redis.set("calls", counters.calls.load(std::memory_order_relaxed));
    redis.set("failures", counters.failures.load(std::memory_order_relaxed));
    redis.set("connects", counters.connects.load(std::memory_order_relaxed));
    Poco::JSON::Object all;
    all.set("routes", routes);
    all.set("redis", redis);
    std::ostringstream out;
    all.stringify(out);
    return out.str();
}

} // namespace portico::admin
