#pragma once

// <framing type="mllp">: HL7's Minimal Lower Layer Protocol, 0x0B payload 0x1C 0x0D. Anything
// before the start byte, or a 0x1C not followed by 0x0D, is an error: the stream is out of step.

#include "tcp/Framing.h"

namespace portico::tcp
{

class MllpFraming final : public Framing
{
public:
    static constexpr char startBlock = 0x0B;
    static constexpr char endBlock = 0x1C;
    static constexpr char carriageReturn = 0x0D;

    explicit MllpFraming(std::size_t maxBytes) : Framing(maxBytes) {}

    std::string type() const override { return "mllp"; }
    bool encode(std::string_view payload, std::string& frame, std::string& error) const override;
    std::unique_ptr<FrameDecoder> decoder() const override;
};

} // namespace portico::tcp
