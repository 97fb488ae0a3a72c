#include "cache/SharedPurge.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Type.h>

#include <chrono>
#include <sstream>
#include <vector>

namespace portico::cache
{

namespace
{

constexpr const char* purgeChannel = "portico:cache:purge";

Poco::Net::SocketAddress addressOf(const redis::RedisSettings& redis)
{
    return Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&redis.endpoint.address),
                                    redis.endpoint.length);
}

void connect(Poco::Redis::Client& client, const redis::RedisSettings& redis, Poco::Timespan receiveTimeout)
{
    client.connect(addressOf(redis), Poco::Timespan(redis.timeoutMicros * 10));
    client.setReceiveTimeout(receiveTimeout);
    if (!redis.password.empty())
    {
        Poco::Redis::Array auth;
        auth << "AUTH" << redis.password;
        client.execute<std::string>(auth);
    }
}

// A glob pattern matching text literally.
std::string globEscaped(const std::string& text)
{
    std::string out;
    for (const char c : text)
    {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

// The path of a shared key "portico:cache:{ROUTE}:PATH#HASH".
std::string_view pathOfKey(std::string_view key)
{
    const std::size_t start = key.find("}:");
    const std::size_t end = key.rfind('#');
    if (start == std::string_view::npos || end == std::string_view::npos || end < start + 2) return {};
    return key.substr(start + 2, end - start - 2);
}

} // namespace

std::size_t purgeLocal(CacheStore& store, const std::string& route, const std::string& prefix)
{
    return store.purge(
        [&](const CachedResponse& entry)
        {
            return (route.empty() || entry.route() == route) &&
                   (prefix.empty() || entry.path().compare(0, prefix.size(), prefix) == 0);
        });
}

std::size_t purgeShared(const redis::RedisSettings& redis, const std::string& route,
                        const std::string& prefix, std::string& error)
{
    std::size_t deleted = 0;
    try
    {
        Poco::Redis::Client client;
        connect(client, redis, Poco::Timespan(std::max<std::int64_t>(redis.timeoutMicros * 10, 1'000'000)));
        const std::string pattern =
            route.empty() ? "portico:cache:*"
                          : "portico:cache:{" + globEscaped(route) + "}:" + globEscaped(prefix) + "*";
        std::string cursor = "0";
        do
        {
            Poco::Redis::Array scan;
            scan << "SCAN" << cursor << "MATCH" << pattern << "COUNT"
                 << "1000";
            const Poco::Redis::Array page = client.execute<Poco::Redis::Array>(scan);
            cursor = page.get<Poco::Redis::BulkString>(0).value();
            const Poco::Redis::Array keys = page.get<Poco::Redis::Array>(1);
            Poco::Redis::Array del;
            del << "DEL";
            std::size_t matched = 0;
            for (std::size_t i = 0; i < keys.size(); ++i)
            {
                const std::string key = keys.get<Poco::Redis::BulkString>(i).value();
                if (!prefix.empty() && pathOfKey(key).compare(0, prefix.size(), prefix) != 0) continue;
                del << key;
                ++matched;
            }
            if (matched > 0) deleted += static_cast<std::size_t>(client.execute<Poco::Int64>(del));
        } while (cursor != "0");
        Poco::JSON::Object message;
        message.set("route", route);
        message.set("prefix", prefix);
        std::ostringstream text;
        message.stringify(text);
        Poco::Redis::Array publish;
        publish << "PUBLISH" << purgeChannel << text.str();
        client.execute<Poco::Int64>(publish);
    }
    catch (const Poco::Exception& failure)
    {
        error = "the shared cache at " + redis.address + " could not be purged: " + failure.displayText();
    }
    return deleted;
}

PurgeListener& PurgeListener::shared()
{
    static PurgeListener listener;
    return listener;
}

PurgeListener::~PurgeListener()
{
    _stopping = true;
    if (_thread.joinable()) _thread.join();
}

void PurgeListener::listen(std::shared_ptr<const redis::RedisSettings> redis)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_redis) return;
    _redis = std::move(redis);
    _thread = std::thread([this] { run(); });
}

std::shared_ptr<const redis::RedisSettings> PurgeListener::redis() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _redis;
}

void PurgeListener::run()
{
    const std::shared_ptr<const redis::RedisSettings> redis = this->redis();
    while (!_stopping)
    {
        try
        {
            Poco::Redis::Client client;
            connect(client, *redis, Poco::Timespan(1, 0)); // wakes each second to see whether to stop
            Poco::Redis::Array subscribe;
            subscribe << "SUBSCRIBE" << purgeChannel;
            client.sendCommand(subscribe);
            while (!_stopping)
            {
                Poco::Redis::RedisType::Ptr reply;
                try
                {
                    reply = client.readReply();
                }
                catch (const Poco::TimeoutException&)
                {
                    continue;
                }
                const auto* message = dynamic_cast<Poco::Redis::Type<Poco::Redis::Array>*>(reply.get());
                if (message == nullptr || message->value().size() != 3) continue;
                const Poco::Redis::Array& parts = message->value();
                if (parts.get<Poco::Redis::BulkString>(0).value() != "message") continue;
                const Poco::JSON::Object::Ptr purge =
                    Poco::JSON::Parser()
                        .parse(parts.get<Poco::Redis::BulkString>(2).value())
                        .extract<Poco::JSON::Object::Ptr>();
                purgeLocal(CacheStore::shared(), purge->optValue<std::string>("route", ""),
                           purge->optValue<std::string>("prefix", ""));
                _heard.fetch_add(1, std::memory_order_relaxed);
            }
        }
        catch (const Poco::Exception&)
        {
            // Redis gone or a message not understood: connect again after a pause.
        }
        catch (const std::exception&)
        {
        }
        for (int i = 0; i < 10 && !_stopping; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace portico::cache
