#pragma once

// A Lua script the gateways run on Redis: called by its SHA-1 (EVALSHA), so a call carries 40
// bytes instead of the text; a server that does not know it yet (restarted, or SCRIPT FLUSH)
// answers NOSCRIPT, and the caller sends the text once (EVAL), which also loads it for the calls
// after.

#include "redis/RespReply.h"
#include "util/Buffer.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace portico::redis
{

class RedisScript
{
public:
    explicit RedisScript(std::string_view text);

    std::string_view text() const { return _text; }
    const std::string& sha1() const { return _sha1; }

    // Starts "EVALSHA sha keyCount" (or EVAL with the text) at the end of out, for a call whose
    // keys and arguments (argumentCount bulk strings after the key count) the caller appends.
    void beginCall(util::Buffer& out, bool byText, std::size_t keyCount, std::size_t argumentCount) const;

    // The same bytes as beginCall(…, false, …), made once by a caller that sends many calls of
    // one shape, which then appends them with one copy.
    std::string callPrefix(std::size_t keyCount, std::size_t argumentCount) const;

    // True when the server answered that it does not know the script (send the text then).
    static bool isUnknownScript(const RespReply& reply);

private:
    std::string_view _text;
    std::string _sha1;
};

} // namespace portico::redis
