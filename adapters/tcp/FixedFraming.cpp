#include "tcp/FixedFraming.h"

#include "tcp/BufferedFrameDecoder.h"

namespace portico::tcp
{

namespace
{

class FixedDecoder final : public BufferedFrameDecoder
{
public:
    explicit FixedDecoder(std::size_t frameBytes) : _frameBytes(frameBytes) {}

protected:
    DecodeResult extract(std::string_view buffer, std::size_t& consumed) override
    {
        if (buffer.size() < _frameBytes)
        {
            return DecodeResult::needMore();
        }
        consumed = _frameBytes;
        return DecodeResult::frame(std::string(buffer.substr(0, _frameBytes)));
    }

private:
    const std::size_t _frameBytes;
};

} // namespace

FixedFraming::FixedFraming(std::size_t frameBytes, std::size_t maxBytes)
    : Framing(maxBytes), _frameBytes(frameBytes)
{
}

bool FixedFraming::encode(std::string_view payload, std::string& frame, std::string& error) const
{
    if (payload.size() != _frameBytes)
    {
        error = "the payload is " + std::to_string(payload.size()) +
                " bytes; the fixed framing needs exactly " + std::to_string(_frameBytes);
        return false;
    }
    frame.assign(payload.data(), payload.size());
    return true;
}

std::unique_ptr<FrameDecoder> FixedFraming::decoder() const
{
    return std::make_unique<FixedDecoder>(_frameBytes);
}

} // namespace portico::tcp
