#include "tcp/Utf8Charset.h"

#include "tcp/Utf8.h"

namespace portico::tcp
{

bool Utf8Charset::encode(std::u32string_view text, std::string& out, std::size_t& badIndex) const
{
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char32_t c = text[i];
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        {
            badIndex = i;
            return false;
        }
        Utf8::append(c, out);
    }
    return true;
}

bool Utf8Charset::decode(std::string_view bytes, std::u32string& out, std::size_t& badOffset) const
{
    return Utf8::decode(bytes, out, badOffset);
}

} // namespace portico::tcp
