#include "redis/RedisScript.h"

#include "redis/RespCommand.h"

#include <openssl/evp.h>

namespace portico::redis
{

namespace
{

std::string sha1Hex(std::string_view text)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i)
    {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xF]);
    }
    return out;
}

} // namespace

RedisScript::RedisScript(std::string_view text) : _text(text), _sha1(sha1Hex(text)) {}

void RedisScript::beginCall(util::Buffer& out, bool byText, std::size_t keyCount,
                            std::size_t argumentCount) const
{
    RespCommand command(out, 3 + keyCount + argumentCount);
    command.argument(byText ? std::string_view("EVAL") : std::string_view("EVALSHA"))
        .argument(byText ? _text : std::string_view(_sha1))
        .argument(static_cast<std::int64_t>(keyCount));
}

std::string RedisScript::callPrefix(std::size_t keyCount, std::size_t argumentCount) const
{
    util::Buffer prefix;
    beginCall(prefix, false, keyCount, argumentCount);
    return std::string(prefix.view());
}

bool RedisScript::isUnknownScript(const RespReply& reply)
{
    return reply.isError() && reply.text.compare(0, 8, "NOSCRIPT") == 0;
}

} // namespace portico::redis
