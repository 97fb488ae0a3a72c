#pragma once

// <framing type="ascii-length" digits="N" inclusive="false">: the payload length as N zero-padded
// ASCII decimal digits before each payload ("0042…"). The header is ASCII whatever the charset:
// that is what the name promises, and what such peers send.

#include "tcp/Framing.h"

namespace portico::tcp
{

class AsciiLengthFraming final : public Framing
{
public:
    AsciiLengthFraming(unsigned digits, bool inclusive, std::size_t maxBytes);

    std::string type() const override { return "ascii-length"; }
    bool encode(std::string_view payload, std::string& frame, std::string& error) const override;
    std::unique_ptr<FrameDecoder> decoder() const override;

    unsigned digits() const { return _digits; }
    bool inclusive() const { return _inclusive; }

private:
    const unsigned _digits;
    const bool _inclusive;
};

} // namespace portico::tcp
