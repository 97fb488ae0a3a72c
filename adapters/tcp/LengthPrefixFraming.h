#pragma once

// <framing type="length-prefix" bytes="1|2|4" byteOrder="big|little" inclusive="true|false">:
// a binary length header of 1, 2 or 4 bytes before each payload, counting the payload alone or,
// when inclusive, the header too.

#include "tcp/Framing.h"

namespace portico::tcp
{

class LengthPrefixFraming final : public Framing
{
public:
    enum class ByteOrder
    {
        Big,
        Little
    };

    LengthPrefixFraming(unsigned headerBytes, ByteOrder order, bool inclusive, std::size_t maxBytes);

    std::string type() const override { return "length-prefix"; }
    bool encode(std::string_view payload, std::string& frame, std::string& error) const override;
    std::unique_ptr<FrameDecoder> decoder() const override;

    unsigned headerBytes() const { return _headerBytes; }
    ByteOrder byteOrder() const { return _order; }
    bool inclusive() const { return _inclusive; }

private:
    const unsigned _headerBytes;
    const ByteOrder _order;
    const bool _inclusive;
};

} // namespace portico::tcp
