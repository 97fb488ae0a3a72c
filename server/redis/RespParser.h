#pragma once

// Parses RESP2 replies from bytes as they arrive: parse() takes what is buffered, returns Complete
// with one reply and how many bytes it used, NeedMore when the reply is not all there yet, or
// Invalid when the bytes are not RESP (the connection must then be closed: nothing after them can
// be trusted). Nesting and sizes are bounded, so a broken or hostile server cannot make the
// gateway allocate without limit.

#include "redis/RespReply.h"

#include <cstddef>
#include <string_view>

namespace portico::redis
{

enum class ParseResult
{
    Complete,
    NeedMore,
    Invalid,
};

class RespParser
{
public:
    static constexpr std::size_t maxBulkBytes = 1 << 20;
    static constexpr std::int64_t maxArrayElements = 1024;
    static constexpr int maxDepth = 4;

    // Parses the first reply in input; on Complete, used says how many bytes it took.
    static ParseResult parse(std::string_view input, RespReply& reply, std::size_t& used);

private:
    static ParseResult parseAt(std::string_view input, std::size_t& at, RespReply& reply, int depth);
};

} // namespace portico::redis
