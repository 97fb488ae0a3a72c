#include "tcp/DelimiterFraming.h"

#include "tcp/BufferedFrameDecoder.h"

namespace portico::tcp
{

namespace
{

class DelimiterDecoder final : public BufferedFrameDecoder
{
public:
    explicit DelimiterDecoder(const DelimiterFraming& framing) : _framing(framing) {}

protected:
    DecodeResult extract(std::string_view buffer, std::size_t& consumed) override
    {
        const std::string& delimiter = _framing.delimiter();
        // Resume where the last search stopped (less a partial delimiter), so a frame fed one byte
        // at a time costs linear, not quadratic, time.
        const std::size_t from = _searched >= delimiter.size() ? _searched - (delimiter.size() - 1) : 0;
        const std::size_t at = buffer.find(delimiter, from);
        if (at == std::string_view::npos)
        {
            _searched = buffer.size();
            const std::size_t payloadAtLeast =
                buffer.size() >= delimiter.size() ? buffer.size() - (delimiter.size() - 1) : 0;
            if (payloadAtLeast > _framing.maxBytes())
            {
                return DecodeResult::failure("no delimiter within the first " +
                                             std::to_string(_framing.maxBytes()) +
                                             " bytes (the maximum frame size)");
            }
            return DecodeResult::needMore();
        }
        _searched = 0;
        if (at > _framing.maxBytes())
        {
            return DecodeResult::failure(Framing::tooLargeMessage(at, _framing.maxBytes()));
        }
        consumed = at + delimiter.size();
        return DecodeResult::frame(std::string(buffer.substr(0, at)));
    }

private:
    const DelimiterFraming& _framing;
    std::size_t _searched = 0;
};

} // namespace

DelimiterFraming::DelimiterFraming(std::string delimiter, std::size_t maxBytes)
    : Framing(maxBytes), _delimiter(std::move(delimiter))
{
}

bool DelimiterFraming::encode(std::string_view payload, std::string& frame, std::string& error) const
{
    if (payload.size() > maxBytes())
    {
        error = tooLargeMessage(payload.size(), maxBytes());
        return false;
    }
    std::string framed(payload);
    framed += _delimiter;
    // The peer ends the frame at the first delimiter, so it must be the appended one. A delimiter
    // whose start repeats its end ("\r\n\r\n") can also begin in the payload's last bytes:
    // "a\r\n" framed reads back as "a".
    const std::size_t at = framed.find(_delimiter);
    if (at != payload.size())
    {
        const bool wholeInPayload = at + _delimiter.size() <= payload.size();
        error = std::string(wholeInPayload ? "the payload contains the frame delimiter"
                                           : "the payload ends with the start of the frame delimiter") +
                " (at byte " + std::to_string(at) + ")";
        return false;
    }
    frame = std::move(framed);
    return true;
}

std::unique_ptr<FrameDecoder> DelimiterFraming::decoder() const
{
    return std::make_unique<DelimiterDecoder>(*this);
}

} // namespace portico::tcp
