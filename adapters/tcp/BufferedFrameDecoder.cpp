#include "tcp/BufferedFrameDecoder.h"

namespace portico::tcp
{

DecodeResult BufferedFrameDecoder::feed(std::string_view bytes)
{
    if (!_error.empty())
    {
        return DecodeResult::failure(_error);
    }
    _buffer.append(bytes.data(), bytes.size());
    std::size_t consumed = 0;
    DecodeResult result = extract(_buffer, consumed);
    if (result.kind == DecodeResult::Kind::Frame)
    {
        _buffer.erase(0, consumed);
    }
    else if (result.kind == DecodeResult::Kind::Error)
    {
        _error = result.error;
        _buffer.clear();
    }
    return result;
}

DecodeResult BufferedFrameDecoder::payloadAfterHeader(std::string_view buffer, std::size_t header,
                                                      std::uint64_t length, bool inclusive,
                                                      std::size_t maxBytes, const char* headerUnit,
                                                      std::size_t& consumed)
{
    if (inclusive)
    {
        if (length < header)
        {
            return DecodeResult::failure("the length header says " + std::to_string(length) +
                                         ", less than the " + std::to_string(header) + "-" + headerUnit +
                                         " header it includes");
        }
        length -= header;
    }
    if (length > maxBytes)
    {
        return DecodeResult::failure("the length header announces " + std::to_string(length) +
                                     " bytes, more than the maximum of " + std::to_string(maxBytes));
    }
    if (buffer.size() - header < length)
    {
        return DecodeResult::needMore();
    }
    consumed = header + static_cast<std::size_t>(length);
    return DecodeResult::frame(std::string(buffer.substr(header, static_cast<std::size_t>(length))));
}

} // namespace portico::tcp
