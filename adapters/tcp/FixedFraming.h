#pragma once

// <framing type="fixed" bytes="N">: every message is exactly N bytes, with no markers at all.

#include "tcp/Framing.h"

namespace portico::tcp
{

class FixedFraming final : public Framing
{
public:
    FixedFraming(std::size_t frameBytes, std::size_t maxBytes);

    std::string type() const override { return "fixed"; }
    bool encode(std::string_view payload, std::string& frame, std::string& error) const override;
    std::unique_ptr<FrameDecoder> decoder() const override;

    std::size_t frameBytes() const { return _frameBytes; }

private:
    const std::size_t _frameBytes;
};

} // namespace portico::tcp
