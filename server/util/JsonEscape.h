#pragma once

// Appends text as the inside of a JSON string: quote and backslash escaped, control characters and
// DEL as \u00XX, everything else (UTF-8 included) as it is. Out is anything with
// append(const char*, std::size_t): std::string or util::Buffer, so every writer of JSON text in
// the daemon (problem documents, the access log, the admin API) escapes the same way.

#include <cstddef>
#include <string_view>

namespace portico::util
{

template <typename Out> void appendJsonEscaped(std::string_view text, Out& out)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t plain = 0; // start of the run of bytes that need no escape
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c != '"' && c != '\\' && c >= 0x20 && c != 0x7f)
        {
            continue;
        }
        out.append(text.data() + plain, i - plain);
        if (c == '"' || c == '\\')
        {
            const char escape[2] = {'\\', static_cast<char>(c)};
            out.append(escape, sizeof escape);
        }
        else
        {
            const char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(escape, sizeof escape);
        }
        plain = i + 1;
    }
    out.append(text.data() + plain, text.size() - plain);
}

} // namespace portico::util
