#include "tcp/ByteEscapes.h"

#include <cstdio>

namespace portico::tcp
{

namespace
{

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

bool ByteEscapes::unescape(std::string_view text, std::string& bytes, std::string& error)
{
    bytes.clear();
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '\\')
        {
            bytes.push_back(text[i]);
            continue;
        }
        if (i + 1 >= text.size())
        {
            error = "a lone backslash at the end (write \\\\ for a backslash)";
            return false;
        }
        const char kind = text[++i];
        switch (kind)
        {
        case 'r':
            bytes.push_back('\r');
            break;
        case 'n':
            bytes.push_back('\n');
            break;
        case 't':
            bytes.push_back('\t');
            break;
        case '\\':
            bytes.push_back('\\');
            break;
        case 'x':
        {
            const int high = i + 1 < text.size() ? hexValue(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
            if (high < 0 || low < 0)
            {
                error = "\\x at position " + std::to_string(i - 1) + " needs two hex digits";
                return false;
            }
            bytes.push_back(static_cast<char>(high * 16 + low));
            i += 2;
            break;
        }
        default:
            error = std::string("unknown escape \\") + kind + " at position " + std::to_string(i - 1) +
                    " (use \\r, \\n, \\t, \\xHH or \\\\)";
            return false;
        }
    }
    return true;
}

std::string ByteEscapes::escape(std::string_view bytes)
{
    std::string text;
    for (char c : bytes)
    {
        switch (c)
        {
        case '\r':
            text += "\\r";
            break;
        case '\n':
            text += "\\n";
            break;
        case '\t':
            text += "\\t";
            break;
        case '\\':
            text += "\\\\";
            break;
        default:
            if (c >= 0x20 && c < 0x7F)
            {
                text.push_back(c);
            }
            else
            {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02X",
                              static_cast<unsigned>(static_cast<unsigned char>(c)));
                text += hex;
            }
        }
    }
    return text;
}

} // namespace portico::tcp
