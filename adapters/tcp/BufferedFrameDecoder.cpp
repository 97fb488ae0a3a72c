#include "tcp/BufferedFrameDecoder.h"

namespace portico::tcp
{

DecodeResult BufferedFrameDecoder::feed(std::string_view bytes)
{
    if (!_error.empty())
    {
        return DecodeResult::failure(_error);
    }
    if (_buffer.empty())
    {
        return extractWithoutBuffer(bytes);
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

DecodeResult BufferedFrameDecoder::extractWithoutBuffer(std::string_view bytes)
{
    // With nothing buffered the incoming bytes are the whole buffer, so extract() can read them
    // where they are: a reply that arrives in one read is never copied into _buffer. A scanning
    // decoder's resume offset is zero here (it is reset with each frame and set only while bytes
    // wait in _buffer), and after NeedMore it counts from the start of the same bytes we store.
    std::size_t consumed = 0;
    DecodeResult result = extract(bytes, consumed);
    if (result.kind == DecodeResult::Kind::NeedMore)
    {
        _buffer.assign(bytes.data(), bytes.size());
    }
    else if (result.kind == DecodeResult::Kind::Frame)
    {
        _buffer.assign(bytes.data() + consumed, bytes.size() - consumed);
    }
    else
    {
        _error = result.error;
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
