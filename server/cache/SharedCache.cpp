#include "cache/SharedCache.h"

#include "cache/CachedReply.h"
#include "crypto/Sha256.h"
#include "redis/RespCommand.h"
#include "util/WallClock.h"

namespace portico::cache
{

namespace
{

// Paths are kept readable up to this length; longer ones are cut (the hash tells keys apart).
constexpr std::size_t keptPathBytes = 200;

} // namespace

SharedCacheCounters& SharedCacheCounters::shared()
{
    static SharedCacheCounters counters;
    return counters;
}

std::string sharedCacheKey(const std::string& route, std::string_view path, std::string_view key)
{
    return "portico:cache:{" + route + "}:" + std::string(path.substr(0, keptPathBytes)) + "#" +
           crypto::toHex(crypto::sha256(key));
}

void writeShared(const std::shared_ptr<const redis::RedisSettings>& redis, const CachedResponse& entry,
                 std::int64_t now)
{
    const std::int64_t useful = entry.usefulFor(now);
    if (useful <= 0) return;
    const std::string value = entry.serialize();
    if (value.size() > maxSharedEntryBytes) return;
    redis::RedisConnection& connection = redis::RedisConnection::forCurrentLoop(redis);
    redis::RespCommand(connection.command(), 5)
        .argument("SET")
        .argument(sharedCacheKey(entry.route(), entry.path(), entry.key()))
        .argument(value)
        .argument("EX")
        .argument(useful);
    SharedCacheCounters::shared().writes.fetch_add(1, std::memory_order_relaxed);
    connection.send(
        [](const redis::RespReply* reply, std::string_view)
        {
            if (reply == nullptr || reply->isError())
                SharedCacheCounters::shared().failures.fetch_add(1, std::memory_order_relaxed);
        });
}

void SharedLookup::send()
{
    SharedCacheCounters::shared().lookups.fetch_add(1, std::memory_order_relaxed);
    redis::RedisConnection& connection = redis::RedisConnection::forCurrentLoop(redis);
    redis::RespCommand(connection.command(), 2).argument("GET").argument(sharedCacheKey(*route, path, key));
    connection.send(std::move(*this)); // the lookup lives on in the connection until its reply
}

void SharedLookup::operator()(const redis::RespReply* reply, std::string_view)
{
    if (reply == nullptr || reply->isError())
        SharedCacheCounters::shared().failures.fetch_add(1, std::memory_order_relaxed);
    std::shared_ptr<const CachedResponse> entry;
    if (reply != nullptr && reply->type == redis::RespReply::Type::Bulk)
        entry = CachedResponse::deserialize(reply->text, route);
    http::HttpHead request;
    for (const auto& [name, value] : requestFields)
        request.headers.push_back(http::HeaderField{name, value});
    const std::int64_t now = util::wallClockSeconds();
    if (!entry || entry->key() != key || !varyMatches(*entry, request) || !entry->fresh(now))
    {
        token.next(); // a miss everywhere: this leader asks the back end
        return;
    }
    SharedCacheCounters::shared().hits.fetch_add(1, std::memory_order_relaxed);
    store->insert(entry);
    token.reply(answerFromEntry(request, *entry, now), markAnsweredFromStore);
    if (flight) flights->finish(flight, exchange, entry, true); // the followers are answered from it too
}

} // namespace portico::cache
