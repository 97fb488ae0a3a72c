#include "tcp/SingleByteCharset.h"

#include <cassert>

namespace portico::tcp
{

SingleByteCharset::SingleByteCharset(std::string name, const Table& toUnicode)
    : _name(std::move(name)), _toUnicode(toUnicode)
{
    _fromUnicode.fill(-1);
    for (std::size_t byte = 0; byte < _toUnicode.size(); ++byte)
    {
        const std::int32_t codePoint = _toUnicode[byte];
        assert(codePoint < 0x100);
        if (codePoint >= 0)
        {
            _fromUnicode[static_cast<std::size_t>(codePoint)] = static_cast<std::int32_t>(byte);
        }
    }
}

bool SingleByteCharset::encode(std::u32string_view text, std::string& out, std::size_t& badIndex) const
{
    out.reserve(out.size() + text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const std::int32_t byte = text[i] < 0x100 ? _fromUnicode[text[i]] : -1;
        if (byte < 0)
        {
            badIndex = i;
            return false;
        }
        out.push_back(static_cast<char>(byte));
    }
    return true;
}

bool SingleByteCharset::decode(std::string_view bytes, std::u32string& out, std::size_t& badOffset) const
{
    out.reserve(out.size() + bytes.size());
    for (std::size_t i = 0; i < bytes.size(); ++i)
    {
        const std::int32_t codePoint = _toUnicode[static_cast<unsigned char>(bytes[i])];
        if (codePoint < 0)
        {
            badOffset = i;
            return false;
        }
        out.push_back(static_cast<char32_t>(codePoint));
    }
    return true;
}

} // namespace portico::tcp
