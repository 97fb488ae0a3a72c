#pragma once

// Strict UTF-8 (RFC 3629) to Unicode code points and back: no overlong forms, no surrogates,
// nothing above U+10FFFF. Stateless; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace portico::tcp
{

class Utf8
{
public:
    // Decodes text into out. On failure returns false and sets badOffset to the byte offset of the
    // first invalid sequence; out then holds the characters before it.
    static bool decode(std::string_view text, std::u32string& out, std::size_t& badOffset);

    // Appends the UTF-8 form of a code point (which must be a Unicode scalar value).
    static void append(char32_t codePoint, std::string& out);

    static std::string encode(std::u32string_view text);

    // "U+20AC" and, when printable, the character itself: "'€' (U+20AC)".
    static std::string describe(char32_t codePoint);
};

} // namespace portico::tcp
