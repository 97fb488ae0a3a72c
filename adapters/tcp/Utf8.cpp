#include "tcp/Utf8.h"

#include <cstdio>

namespace portico::tcp
{

bool Utf8::decode(std::string_view text, std::u32string& out, std::size_t& badOffset)
{
    out.reserve(out.size() + text.size());
    std::size_t i = 0;
    while (i < text.size())
    {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80)
        {
            out.push_back(lead);
            ++i;
            continue;
        }
        std::size_t extra = 0;
        char32_t codePoint = 0;
        char32_t minimum = 0;
        if (lead >= 0xC2 && lead <= 0xDF)
        {
            extra = 1;
            codePoint = lead & 0x1F;
            minimum = 0x80;
        }
        else if (lead >= 0xE0 && lead <= 0xEF)
        {
            extra = 2;
            codePoint = lead & 0x0F;
            minimum = 0x800;
        }
        else if (lead >= 0xF0 && lead <= 0xF4)
        {
            extra = 3;
            codePoint = lead & 0x07;
            minimum = 0x10000;
        }
        else
        {
            badOffset = i;
            return false;
        }
        if (i + extra >= text.size())
        {
            badOffset = i;
            return false;
        }
        for (std::size_t k = 1; k <= extra; ++k)
        {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
            {
                badOffset = i;
                return false;
            }
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        {
            badOffset = i;
            return false;
        }
        out.push_back(codePoint);
        i += extra + 1;
    }
    return true;
}

void Utf8::append(char32_t codePoint, std::string& out)
{
    if (codePoint < 0x80)
    {
        out.push_back(static_cast<char>(codePoint));
    }
    else if (codePoint < 0x800)
    {
        out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
    else if (codePoint < 0x10000)
    {
        out.push_back(static_cast<char>(0xE0 | (codePoint >> 12)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
    else
    {
        out.push_back(static_cast<char>(0xF0 | (codePoint >> 18)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

std::string Utf8::encode(std::u32string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char32_t codePoint : text)
    {
        append(codePoint, out);
    }
    return out;
}

std::string Utf8::describe(char32_t codePoint)
{
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(codePoint));
    const bool printable = codePoint >= 0x20 && codePoint != 0x7F && !(codePoint >= 0x80 && codePoint < 0xA0);
    if (!printable)
    {
        return hex;
    }
    std::string text = "'";
    append(codePoint, text);
    return text + "' (" + hex + ")";
}

} // namespace portico::tcp
