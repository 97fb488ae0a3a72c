#pragma once

// RFC 9110 character classes shared by the head scanner and the chunked decoder.

#include <cstring>

namespace portico::http
{

// tchar: the characters of a field name or a method.
inline bool isTokenChar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    {
        return true;
    }
    return c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

} // namespace portico::http
