#include "tcp/FrameReplyStream.h"

namespace portico::tcp
{

FrameReplyStream::FrameReplyStream(std::shared_ptr<const Framing> framing,
                                   std::function<std::string(std::string_view)> keyOf)
    : _framing(std::move(framing)), _keyOf(std::move(keyOf)), _decoder(_framing->decoder())
{
}

plugin::ReplyReader::Progress FrameReplyStream::next(std::string_view bytes, std::string& key,
                                                     std::unique_ptr<plugin::ReplyReader>& reply,
                                                     std::string& error)
{
    DecodeResult decoded = _decoder->feed(bytes);
    switch (decoded.kind)
    {
    case DecodeResult::Kind::Frame:
        key = _keyOf(decoded.payload);
        if (key.empty())
        {
            error = "sent a reply that names no request (no match key could be read from it)";
            return plugin::ReplyReader::Progress::Invalid;
        }
        reply = std::make_unique<FrameReplyReader>(*_framing, std::move(decoded.payload));
        return plugin::ReplyReader::Progress::Complete;
    case DecodeResult::Kind::Error:
        error = "sent a bad " + _framing->type() + " frame: " + decoded.error;
        return plugin::ReplyReader::Progress::Invalid;
    case DecodeResult::Kind::NeedMore:
        break;
    }
    return plugin::ReplyReader::Progress::NeedMore;
}

} // namespace portico::tcp
