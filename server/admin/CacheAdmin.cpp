#include "admin/CacheAdmin.h"

#include "cache/SharedCache.h"
#include "cache/SharedPurge.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace portico::admin
{

namespace
{

store::AdminAnswer problem(int status, std::string detail)
{
    store::AdminAnswer answer;
    answer.status = status;
    answer.detail = std::move(detail);
    return answer;
}

std::string toJson(const Poco::JSON::Object& object)
{
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

} // namespace

store::AdminAnswer purgeCache(cache::CacheStore& store, const std::string& body)
{
    std::string route, prefix;
    try
    {
        const Poco::JSON::Object::Ptr object = Poco::JSON::Parser()
                                                   .parse(body.empty() ? std::string("{}") : body)
                                                   .extract<Poco::JSON::Object::Ptr>();
        for (const std::string& name : object->getNames())
        {
            if (name != "route" && name != "prefix")
                return problem(400,
                               "unknown member \"" + name + "\": use \"route\", \"prefix\", both, or {}");
            if (!object->get(name).isString()) return problem(400, "\"" + name + "\" must be a string");
        }
        if (object->has("route")) route = object->getValue<std::string>("route");
        if (object->has("prefix")) prefix = object->getValue<std::string>("prefix");
    }
    catch (const Poco::Exception&)
    {
        return problem(400,
                       "the body must be a JSON object: {}, {\"route\":\"NAME\"} or {\"prefix\":\"/path\"}");
    }
    if (!prefix.empty() && prefix.front() != '/')
        return problem(400, "\"prefix\" is a path: it starts with '/'");
    Poco::JSON::Object result;
    result.set("purged", static_cast<std::uint64_t>(cache::purgeLocal(store, route, prefix)));
    // With a shared cache, the entries in Redis and in every other gateway's memory too.
    if (const std::shared_ptr<const redis::RedisSettings> redis = cache::PurgeListener::shared().redis())
    {
        std::string error;
        const std::size_t shared = cache::purgeShared(*redis, route, prefix, error);
        if (error.empty())
            result.set("sharedPurged", static_cast<std::uint64_t>(shared));
        else
            result.set("sharedError", error);
    }
    store::AdminAnswer answer;
    answer.body = toJson(result);
    return answer;
}

store::AdminAnswer describeCache(const cache::CacheStore& store)
{
    const cache::CacheStore::Totals totals = store.totals();
    Poco::JSON::Object result;
    result.set("entries", static_cast<std::uint64_t>(totals.entries));
    result.set("bytes", static_cast<std::uint64_t>(totals.bytes));
    result.set("budget", static_cast<std::uint64_t>(store.budget()));
    result.set("evictions", totals.evictions);
    const cache::SharedCacheCounters& shared = cache::SharedCacheCounters::shared();
    if (cache::PurgeListener::shared().redis())
    {
        Poco::JSON::Object counters;
        counters.set("lookups", shared.lookups.load(std::memory_order_relaxed));
        counters.set("hits", shared.hits.load(std::memory_order_relaxed));
        counters.set("writes", shared.writes.load(std::memory_order_relaxed));
        counters.set("failures", shared.failures.load(std::memory_order_relaxed));
        counters.set("purgesHeard", cache::PurgeListener::shared().purgesHeard());
        result.set("shared", counters);
    }
    store::AdminAnswer answer;
    answer.body = toJson(result);
    return answer;
}

} // namespace portico::admin
