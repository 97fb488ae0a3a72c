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

} // namespace portico::tcp
