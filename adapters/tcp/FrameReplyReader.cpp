#include "tcp/FrameReplyReader.h"

namespace portico::tcp
{

FrameReplyReader::FrameReplyReader(const Framing& framing) : _framing(framing), _decoder(framing.decoder()) {}

FrameReplyReader::FrameReplyReader(const Framing& framing, std::string payload)
    : _framing(framing), _decoder(framing.decoder()), _payload(std::move(payload))
{
}

plugin::ReplyReader::Progress FrameReplyReader::feed(std::string_view bytes, std::string& error)
{
    DecodeResult decoded = _decoder->feed(bytes);
    switch (decoded.kind)
    {
    case DecodeResult::Kind::Frame:
        _payload = std::move(decoded.payload);
        return Progress::Complete;
    case DecodeResult::Kind::Error:
        error = "sent a bad " + _framing.type() + " frame: " + decoded.error;
        return Progress::Invalid;
    case DecodeResult::Kind::NeedMore:
        break;
    }
    return Progress::NeedMore;
}

} // namespace portico::tcp
