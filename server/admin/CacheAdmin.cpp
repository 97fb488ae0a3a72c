#include "admin/CacheAdmin.h"

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
    const std::size_t purged = store.purge(
        [&](const cache::CachedResponse& entry)
        {
            return (route.empty() || entry.route() == route) &&
                   (prefix.empty() || entry.path().compare(0, prefix.size(), prefix) == 0);
        });
    Poco::JSON::Object result;
    result.set("purged", static_cast<std::uint64_t>(purged));
    store::AdminAnswer answer;
    answer.json = toJson(result);
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
    store::AdminAnswer answer;
    answer.json = toJson(result);
    return answer;
}

} // namespace portico::admin
