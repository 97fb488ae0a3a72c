#pragma once

// One reply of the Redis protocol (RESP2): what a command answered, parsed from the connection's
// bytes by RespParser. Arrays hold their elements; a nil bulk string or array is Nil.

#include <cstdint>
#include <string>
#include <vector>

namespace portico::redis
{

struct RespReply
{
    enum class Type
    {
        Status,  // +OK
        Error,   // -ERR …: text holds the message
        Integer, // :42
        Bulk,    // $3\r\nabc
        Array,   // *2 …
        Nil,     // $-1 or *-1
    };
    Type type = Type::Nil;
    std::string text;                // Status, Error, Bulk
    std::int64_t number = 0;         // Integer
    std::vector<RespReply> elements; // Array

    bool isError() const { return type == Type::Error; }
};

} // namespace portico::redis
