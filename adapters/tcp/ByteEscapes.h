#pragma once

// The escapes that write arbitrary bytes in an attribute (a delimiter): \r \n \t \\ and \xHH (two
// hex digits). Every other character stands for its own UTF-8 bytes. Pure; thread-safe.

#include <string>
#include <string_view>

namespace portico::tcp
{

class ByteEscapes
{
public:
    // Returns false with a reason ("unknown escape \q at position 3") on a malformed escape.
    static bool unescape(std::string_view text, std::string& bytes, std::string& error);

    // The reverse, for messages and documentation: printable ASCII as is, the rest escaped.
    static std::string escape(std::string_view bytes);
};

} // namespace portico::tcp
