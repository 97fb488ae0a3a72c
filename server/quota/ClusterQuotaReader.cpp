#include "quota/ClusterQuotaReader.h"

#include <Poco/Exception.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Type.h>

#include <charconv>

namespace portico::quota
{

std::vector<ClusterQuotaRead> readClusterCounts(const redis::RedisSettings& settings,
                                                const std::vector<std::string>& keys, std::string& error)
{
    std::vector<ClusterQuotaRead> reads;
    for (const std::string& key : keys)
        reads.push_back(ClusterQuotaRead{key, std::nullopt});
    if (keys.empty()) return reads;
    try
    {
        const Poco::Timespan timeout(settings.timeoutMicros);
        Poco::Redis::Client client;
        client.connect(Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&settings.endpoint.address),
                                                settings.endpoint.length),
                       timeout);
        client.setReceiveTimeout(timeout);
        if (!settings.password.empty())
        {
            Poco::Redis::Array auth;
            auth << "AUTH" << settings.password;
            client.execute<std::string>(auth);
        }
        Poco::Redis::Array get;
        get << "MGET";
        for (const std::string& key : keys)
            get << key;
        const Poco::Redis::Array values = client.execute<Poco::Redis::Array>(get);
        for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i)
        {
            const Poco::Redis::BulkString value = values.get<Poco::Redis::BulkString>(i);
            std::uint64_t used = 0;
            if (!value.isNull())
            {
                const std::string& text = value.value();
                if (std::from_chars(text.data(), text.data() + text.size(), used).ec != std::errc()) continue;
            }
            reads[i].used = used;
        }
    }
    catch (const Poco::Exception& failure)
    {
        error = "Redis at " + settings.address + " could not be asked: " + failure.displayText();
    }
    return reads;
}

} // namespace portico::quota
