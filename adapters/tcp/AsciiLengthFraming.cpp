#include "tcp/AsciiLengthFraming.h"

#include "tcp/BufferedFrameDecoder.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace portico::tcp
{

namespace
{

std::uint64_t largestWithDigits(unsigned digits)
{
    std::uint64_t largest = 0;
    for (unsigned i = 0; i < digits; ++i)
    {
        largest = largest * 10 + 9;
    }
    return largest;
}

class AsciiLengthDecoder final : public BufferedFrameDecoder
{
public:
    explicit AsciiLengthDecoder(const AsciiLengthFraming& framing) : _framing(framing) {}

protected:
    DecodeResult extract(std::string_view buffer, std::size_t& consumed) override
    {
        const std::size_t header = _framing.digits();
        std::uint64_t length = 0;
        // Every header byte is checked as soon as it arrives: a peer speaking another protocol is
        // refused at its first byte, not after a wait for a header that will never make sense.
        for (std::size_t i = 0; i < std::min(header, buffer.size()); ++i)
        {
            const char c = buffer[i];
            if (c < '0' || c > '9')
            {
                char shown[8];
                std::snprintf(shown, sizeof shown, "0x%02X",
                              static_cast<unsigned>(static_cast<unsigned char>(c)));
                return DecodeResult::failure("the length header has the non-digit byte " +
                                             std::string(shown) + " at position " + std::to_string(i));
            }
            length = length * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (buffer.size() < header)
        {
            return DecodeResult::needMore();
        }
        return payloadAfterHeader(buffer, header, length, _framing.inclusive(), _framing.maxBytes(), "digit",
                                  consumed);
    }

private:
    const AsciiLengthFraming& _framing;
};

} // namespace

AsciiLengthFraming::AsciiLengthFraming(unsigned digits, bool inclusive, std::size_t maxBytes)
    : Framing(maxBytes), _digits(digits), _inclusive(inclusive)
{
}

bool AsciiLengthFraming::encode(std::string_view payload, std::string& frame, std::string& error) const
{
    const std::uint64_t largest = largestWithDigits(_digits);
    const std::uint64_t fits = largest - (_inclusive ? _digits : 0);
    if (payload.size() > maxBytes() || payload.size() > fits)
    {
        error = tooLargeMessage(payload.size(),
                                static_cast<std::size_t>(std::min<std::uint64_t>(fits, maxBytes())));
        return false;
    }
    std::string length = std::to_string(payload.size() + (_inclusive ? _digits : 0));
    frame.assign(_digits - length.size(), '0');
    frame += length;
    frame.append(payload.data(), payload.size());
    return true;
}

std::unique_ptr<FrameDecoder> AsciiLengthFraming::decoder() const
{
    return std::make_unique<AsciiLengthDecoder>(*this);
}

} // namespace portico::tcp
