#pragma once

// Small string helpers for HTTP tokens: ASCII case-insensitive comparison and trimming.

#include <cstddef>
#include <string_view>

namespace portico::util
{

inline char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

inline bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (asciiLower(a[i]) != asciiLower(b[i]))
        {
            return false;
        }
    }
    return true;
}

inline std::string_view trimOws(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    {
        s.remove_suffix(1);
    }
    return s;
}

// Calls f(token) for each comma-separated, trimmed, non-empty element of a header value.
template <typename F> void forEachListElement(std::string_view value, F&& f)
{
    while (!value.empty())
    {
        std::size_t comma = value.find(',');
        std::string_view element = trimOws(value.substr(0, comma));
        if (!element.empty())
        {
            f(element);
        }
        if (comma == std::string_view::npos)
        {
            break;
        }
        value.remove_prefix(comma + 1);
    }
}

} // namespace portico::util
