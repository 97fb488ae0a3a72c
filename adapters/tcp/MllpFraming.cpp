#include "tcp/MllpFraming.h"

#include "tcp/BufferedFrameDecoder.h"

#include <cstdio>

namespace portico::tcp
{

namespace
{

std::string hexByte(char c)
{
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
    return text;
}

class MllpDecoder final : public BufferedFrameDecoder
{
public:
    explicit MllpDecoder(std::size_t maxBytes) : _maxBytes(maxBytes) {}

protected:
    DecodeResult extract(std::string_view buffer, std::size_t& consumed) override
    {
        if (buffer.empty())
        {
            return DecodeResult::needMore();
        }
        if (buffer.front() != MllpFraming::startBlock)
        {
            return DecodeResult::failure("unexpected byte " + hexByte(buffer.front()) +
                                         " where the MLLP start block 0x0B belongs");
        }
        const std::size_t from = _searched > 1 ? _searched : 1;
        const std::size_t end = buffer.find(MllpFraming::endBlock, from);
        if (end == std::string_view::npos)
        {
            _searched = buffer.size();
            if (buffer.size() - 1 > _maxBytes)
            {
                return DecodeResult::failure("no MLLP end block within the first " +
                                             std::to_string(_maxBytes) + " bytes (the maximum frame size)");
            }
            return DecodeResult::needMore();
        }
        if (end - 1 > _maxBytes)
        {
            return DecodeResult::failure(Framing::tooLargeMessage(end - 1, _maxBytes));
        }
        if (end + 1 >= buffer.size())
        {
            _searched = end; // wait for the byte after the end block; search no further
            return DecodeResult::needMore();
        }
        if (buffer[end + 1] != MllpFraming::carriageReturn)
        {
            return DecodeResult::failure("the MLLP end block 0x1C is followed by " +
                                         hexByte(buffer[end + 1]) + " instead of 0x0D");
        }
        _searched = 0;
        consumed = end + 2;
        return DecodeResult::frame(std::string(buffer.substr(1, end - 1)));
    }

private:
    const std::size_t _maxBytes;
    std::size_t _searched = 0;
};

} // namespace

bool MllpFraming::encode(std::string_view payload, std::string& frame, std::string& error) const
{
    if (payload.size() > maxBytes())
    {
        error = tooLargeMessage(payload.size(), maxBytes());
        return false;
    }
    const std::size_t marker = payload.find_first_of(std::string_view("\x0B\x1C", 2));
    if (marker != std::string_view::npos)
    {
        error = "the payload contains the MLLP block character " + hexByte(payload[marker]) + " (at byte " +
                std::to_string(marker) + ")";
        return false;
    }
    frame.clear();
    frame.reserve(payload.size() + 3);
    frame.push_back(startBlock);
    frame.append(payload.data(), payload.size());
    frame.push_back(endBlock);
    frame.push_back(carriageReturn);
    return true;
}

std::unique_ptr<FrameDecoder> MllpFraming::decoder() const
{
    return std::make_unique<MllpDecoder>(maxBytes());
}

} // namespace portico::tcp
