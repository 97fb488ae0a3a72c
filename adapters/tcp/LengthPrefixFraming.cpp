#include "tcp/LengthPrefixFraming.h"

#include "tcp/BufferedFrameDecoder.h"

#include <algorithm>
#include <cstdint>

namespace portico::tcp
{

namespace
{

class LengthPrefixDecoder final : public BufferedFrameDecoder
{
public:
    explicit LengthPrefixDecoder(const LengthPrefixFraming& framing) : _framing(framing) {}

protected:
    DecodeResult extract(std::string_view buffer, std::size_t& consumed) override
    {
        const std::size_t header = _framing.headerBytes();
        if (buffer.size() < header)
        {
            return DecodeResult::needMore();
        }
        std::uint64_t length = 0;
        for (std::size_t i = 0; i < header; ++i)
        {
            const std::size_t index =
                _framing.byteOrder() == LengthPrefixFraming::ByteOrder::Big ? i : header - 1 - i;
            length = (length << 8) | static_cast<unsigned char>(buffer[index]);
        }
        return payloadAfterHeader(buffer, header, length, _framing.inclusive(), _framing.maxBytes(), "byte",
                                  consumed);
    }

private:
    const LengthPrefixFraming& _framing;
};

} // namespace

LengthPrefixFraming::LengthPrefixFraming(unsigned headerBytes, ByteOrder order, bool inclusive,
                                         std::size_t maxBytes)
    : Framing(maxBytes), _headerBytes(headerBytes), _order(order), _inclusive(inclusive)
{
}

bool LengthPrefixFraming::encode(std::string_view payload, std::string& frame, std::string& error) const
{
    const std::uint64_t headerMax = _headerBytes >= 4 ? 0xFFFFFFFFull : (1ull << (8 * _headerBytes)) - 1;
    const std::uint64_t fits = headerMax - (_inclusive ? _headerBytes : 0);
    if (payload.size() > maxBytes() || payload.size() > fits)
    {
        error = tooLargeMessage(payload.size(),
                                static_cast<std::size_t>(std::min<std::uint64_t>(fits, maxBytes())));
        return false;
    }
    const std::uint64_t length = payload.size() + (_inclusive ? _headerBytes : 0);
    frame.clear();
    frame.reserve(_headerBytes + payload.size());
    for (unsigned i = 0; i < _headerBytes; ++i)
    {
        const unsigned shift = 8 * (_order == ByteOrder::Big ? _headerBytes - 1 - i : i);
        frame.push_back(static_cast<char>((length >> shift) & 0xFF));
    }
    frame.append(payload.data(), payload.size());
    return true;
}

std::unique_ptr<FrameDecoder> LengthPrefixFraming::decoder() const
{
    return std::make_unique<LengthPrefixDecoder>(*this);
}

} // namespace portico::tcp
