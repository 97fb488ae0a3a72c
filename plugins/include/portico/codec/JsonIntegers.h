#pragma once

// POCO's JSON parser reads an integer beyond 64 bits without an error but wrapped
// (18446744073709551616 as 0). Whoever reads a body with it asks this first, so such a number is
// refused (or kept out of a cache key) instead of passing on as another value.

#include <charconv>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace portico::codec
{

// Calls visit(number) with the text of each number written in JSON text, outside its strings, in
// order. A scan of the text, not a parse: for checks that must see numbers as they are written.
template <typename Visit> void forEachJsonNumber(std::string_view text, Visit&& visit)
{
    for (std::size_t at = 0; at < text.size();)
    {
        if (text[at] == '"')
        {
            for (++at; at < text.size() && text[at] != '"';)
                at += text[at] == '\\' ? 2 : 1;
            ++at;
            continue;
        }
        if (text[at] != '-' && (text[at] < '0' || text[at] > '9'))
        {
            ++at;
            continue;
        }
        const std::size_t begin = at;
        while (at < text.size() &&
               std::string_view("+-.0123456789eE").find(text[at]) != std::string_view::npos)
            ++at;
        visit(text.substr(begin, at - begin));
    }
}

// True when JSON text holds, outside its strings, an integer that neither a signed nor an unsigned
// 64-bit integer can hold. Numbers with a fraction or an exponent are read as doubles and pass.
inline bool holdsIntegerBeyond64Bits(std::string_view text)
{
    bool beyond = false;
    forEachJsonNumber(text,
                      [&beyond](std::string_view number)
                      {
                          if (beyond || number.find_first_of(".eE") != std::string_view::npos) return;
                          const char* const end = number.data() + number.size();
                          std::int64_t signedValue = 0;
                          std::uint64_t unsignedValue = 0;
                          const bool fits =
                              number.front() == '-'
                                  ? std::from_chars(number.data(), end, signedValue).ec == std::errc()
                                  : std::from_chars(number.data(), end, unsignedValue).ec == std::errc();
                          beyond = !fits;
                      });
    return beyond;
}

} // namespace portico::codec
