#include "redis/RespParser.h"

namespace portico::redis
{

namespace
{

// The line starting at at, without its CRLF; at moves past it. NeedMore when no CRLF yet.
ParseResult readLine(std::string_view input, std::size_t& at, std::string_view& line)
{
    const std::size_t end = input.find("\r\n", at);
    if (end == std::string_view::npos)
        return input.size() - at > 64 * 1024 ? ParseResult::Invalid : ParseResult::NeedMore;
    line = input.substr(at, end - at);
    at = end + 2;
    return ParseResult::Complete;
}

bool parseInteger(std::string_view text, std::int64_t& value)
{
    if (text.empty() || text.size() > 20) return false;
    bool negative = text.front() == '-';
    if (negative) text.remove_prefix(1);
    if (text.empty()) return false;
    std::int64_t result = 0;
    for (char c : text)
    {
        if (c < '0' || c > '9') return false;
        result = result * 10 + (c - '0');
    }
    value = negative ? -result : result;
    return true;
}

} // namespace

ParseResult RespParser::parse(std::string_view input, RespReply& reply, std::size_t& used)
{
    std::size_t at = 0;
    // Cleared, not replaced: the connection reuses one reply, and its storage, for every answer.
    reply.type = RespReply::Type::Nil;
    reply.text.clear();
    reply.number = 0;
    reply.elements.clear();
    const ParseResult result = parseAt(input, at, reply, 0);
    if (result == ParseResult::Complete) used = at;
    return result;
}

ParseResult RespParser::parseAt(std::string_view input, std::size_t& at, RespReply& reply, int depth)
{
    if (at >= input.size()) return ParseResult::NeedMore;
    const char kind = input[at++];
    std::string_view line;
    const ParseResult lineResult = readLine(input, at, line);
    if (lineResult != ParseResult::Complete) return lineResult;
    switch (kind)
    {
    case '+':
        reply.type = RespReply::Type::Status;
        reply.text.assign(line);
        return ParseResult::Complete;
    case '-':
        reply.type = RespReply::Type::Error;
        reply.text.assign(line);
        return ParseResult::Complete;
    case ':':
        reply.type = RespReply::Type::Integer;
        return parseInteger(line, reply.number) ? ParseResult::Complete : ParseResult::Invalid;
    case '$':
    {
        std::int64_t length = 0;
        if (!parseInteger(line, length) || length < -1 || length > static_cast<std::int64_t>(maxBulkBytes))
            return ParseResult::Invalid;
        if (length == -1)
        {
            reply.type = RespReply::Type::Nil;
            return ParseResult::Complete;
        }
        const std::size_t size = static_cast<std::size_t>(length);
        if (input.size() - at < size + 2) return ParseResult::NeedMore;
        if (input.compare(at + size, 2, "\r\n") != 0) return ParseResult::Invalid;
        reply.type = RespReply::Type::Bulk;
        reply.text.assign(input.substr(at, size));
        at += size + 2;
        return ParseResult::Complete;
    }
    case '*':
    {
        std::int64_t count = 0;
        if (!parseInteger(line, count) || count < -1 || count > maxArrayElements || depth >= maxDepth)
            return ParseResult::Invalid;
        if (count == -1)
        {
            reply.type = RespReply::Type::Nil;
            return ParseResult::Complete;
        }
        reply.type = RespReply::Type::Array;
        reply.elements.resize(static_cast<std::size_t>(count));
        for (RespReply& element : reply.elements)
        {
            element.text.clear();
            element.elements.clear();
            const ParseResult result = parseAt(input, at, element, depth + 1);
            if (result != ParseResult::Complete) return result;
        }
        return ParseResult::Complete;
    }
    default:
        return ParseResult::Invalid;
    }
}

} // namespace portico::redis
