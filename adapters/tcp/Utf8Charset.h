#pragma once

// UTF-8 as the peer's charset: strict validation both ways (see Utf8.h). Immutable; thread-safe.

#include "tcp/Charset.h"

namespace portico::tcp
{

class Utf8Charset final : public Charset
{
public:
    const std::string& name() const override { return _name; }
    bool singleByte() const override { return false; }
    bool encode(std::u32string_view text, std::string& out, std::size_t& badIndex) const override;
    bool decode(std::string_view bytes, std::u32string& out, std::size_t& badOffset) const override;

private:
    const std::string _name = "UTF-8";
};

} // namespace portico::tcp
