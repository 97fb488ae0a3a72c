#pragma once

// A charset of one byte per character whose characters all lie below U+0100 (true of US-ASCII,
// ISO-8859-1 and the EBCDIC pages here), described by a byte -> code point table (-1: unmapped).
// The reverse table is built once from it. Immutable; thread-safe.

#include "tcp/Charset.h"

#include <array>
#include <cstdint>

namespace portico::tcp
{

class SingleByteCharset final : public Charset
{
public:
    using Table = std::array<std::int32_t, 256>;

    SingleByteCharset(std::string name, const Table& toUnicode);

    const std::string& name() const override { return _name; }
    bool singleByte() const override { return true; }
    bool encode(std::u32string_view text, std::string& out, std::size_t& badIndex) const override;
    bool decode(std::string_view bytes, std::u32string& out, std::size_t& badOffset) const override;

private:
    const std::string _name;
    const Table _toUnicode;
    Table _fromUnicode; // code point -> byte, -1: unmapped
};

} // namespace portico::tcp
