#pragma once

// <framing type="delimiter" bytes="\n">: each payload is followed by a byte sequence (one or more
// bytes, written with the escapes of ByteEscapes.h). The delimiter is raw bytes on the wire: it is
// not translated by <charset> (an EBCDIC newline is bytes="\x25").

#include "tcp/Framing.h"

namespace portico::tcp
{

class DelimiterFraming final : public Framing
{
public:
    DelimiterFraming(std::string delimiter, std::size_t maxBytes);

    std::string type() const override { return "delimiter"; }
    bool encode(std::string_view payload, std::string& frame, std::string& error) const override;
    std::unique_ptr<FrameDecoder> decoder() const override;

    const std::string& delimiter() const { return _delimiter; }

private:
    const std::string _delimiter;
};

} // namespace portico::tcp
