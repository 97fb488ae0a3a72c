#include "redis/RedisSettingsFactory.h"

#include <chrono>
#include <string>

namespace portico::redis
{

std::shared_ptr<const RedisSettings> redisSettingsFor(const config::RedisConfig& redis,
                                                      config::LoadContext& context)
{
    auto settings = std::make_shared<RedisSettings>();
    std::string error;
    if (!net::resolveEndpoint(redis.host, redis.port, settings->endpoint, error))
    {
        context.error(redis.position, "<redis>: " + error);
        return nullptr;
    }
    settings->address = redis.host + ":" + std::to_string(redis.port);
    settings->password = redis.password;
    settings->timeoutMicros = std::chrono::duration_cast<std::chrono::microseconds>(redis.timeout).count();
    return settings;
}

} // namespace portico::redis
