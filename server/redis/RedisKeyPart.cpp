#include "redis/RedisKeyPart.h"

#include "crypto/Sha256.h"

namespace portico::redis
{

std::string boundedKeyPart(std::string_view value)
{
    if (value.size() <= 128) return "=" + std::string(value);
    return "#" + crypto::toHex(crypto::sha256(value));
}

} // namespace portico::redis
