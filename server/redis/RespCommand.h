#pragma once

// Writes one Redis command as a RESP array of bulk strings (the form every command may take):
// "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n". Arguments are binary-safe.

#include "util/Buffer.h"

#include <initializer_list>
#include <string_view>

namespace portico::redis
{

class RespCommand
{
public:
    // Starts a command of count arguments (the command name included) at the end of out.
    RespCommand(util::Buffer& out, std::size_t count) : _out(out)
    {
        _out.append('*');
        _out.appendDecimal(count);
        _out.append("\r\n");
    }
    RespCommand& argument(std::string_view value)
    {
        appendBulk(_out, value);
        return *this;
    }
    // One bulk string, for arguments written apart from their command's header.
    static void appendBulk(util::Buffer& out, std::string_view value)
    {
        out.append('$');
        out.appendDecimal(value.size());
        out.append("\r\n");
        out.append(value);
        out.append("\r\n");
    }
    RespCommand& argument(std::int64_t value)
    {
        appendBulk(_out, value);
        return *this;
    }
    // A number as a bulk string of its decimal digits.
    static void appendBulk(util::Buffer& out, std::int64_t value)
    {
        char digits[24];
        char* cursor = digits + sizeof digits;
        const bool negative = value < 0;
        std::uint64_t magnitude =
            negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
        do
        {
            *--cursor = static_cast<char>('0' + magnitude % 10);
            magnitude /= 10;
        } while (magnitude != 0);
        if (negative) *--cursor = '-';
        appendBulk(out, std::string_view(cursor, static_cast<std::size_t>(digits + sizeof digits - cursor)));
    }

private:
    util::Buffer& _out;
};

} // namespace portico::redis
