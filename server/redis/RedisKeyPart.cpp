#include "redis/RedisKeyPart.h"

#include "crypto/Sha256.h"

namespace portico::redis
{

namespace
{

constexpr std::size_t longestKeptAsIs = 128;

} // namespace

std::string boundedKeyPart(std::string_view value)
{
    if (value.size() <= longestKeptAsIs) return "=" + std::string(value);
    return "#" + crypto::toHex(crypto::sha256(value));
}

void appendKeyBulk(util::Buffer& out, std::string_view prefix, std::string_view caller,
                   std::string_view suffix)
{
    std::string hashed;
    std::string_view part = caller; // after its marker, '=' (as it is) or '#' (hashed)
    if (caller.size() > longestKeptAsIs)
    {
        hashed = crypto::toHex(crypto::sha256(caller));
        part = hashed;
    }
    out.append('$');
    out.appendDecimal(prefix.size() + 1 + part.size() + suffix.size());
    out.append("\r\n");
    out.append(prefix);
    out.append(hashed.empty() ? '=' : '#');
    out.append(part);
    out.append(suffix);
    out.append("\r\n");
}

} // namespace portico::redis
