#pragma once

// How messages are delimited on the TCP stream. A Framing is configuration: parsed once, immutable
// and shared by every request of a route (thread-safe). Reading uses a FrameDecoder, a small
// stateful object made per exchange, that is fed whatever the socket delivered and answers with
// NeedMore, a Frame, or an Error; bytes after a frame stay buffered for the next call.
//
// A peer can send anything, so every limit is checked as early as the bytes allow: a length
// header announcing more than maxBytes is an Error as soon as the header is complete, never a
// wait for data that will not fit.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace portico::tcp
{

struct DecodeResult
{
    enum class Kind
    {
        NeedMore,
        Frame,
        Error
    };

    Kind kind = Kind::NeedMore;
    std::string payload; // Frame: the message without its framing
    std::string error;   // Error: why the stream cannot be read further

    static DecodeResult needMore() { return {}; }
    static DecodeResult frame(std::string payload) { return {Kind::Frame, std::move(payload), {}}; }
    static DecodeResult failure(std::string reason) { return {Kind::Error, {}, std::move(reason)}; }
};

// Not thread-safe: one per connection and exchange.
class FrameDecoder
{
public:
    virtual ~FrameDecoder() = default;

    // Appends bytes and returns the next complete frame if there is one. Call with no bytes to
    // take a further frame that is already buffered. After an Error the stream is out of step:
    // every later call repeats the Error.
    virtual DecodeResult feed(std::string_view bytes) = 0;

    // Bytes received but not yet returned in a frame.
    virtual std::size_t buffered() const = 0;
};

class Framing
{
public:
    explicit Framing(std::size_t maxBytes) : _maxBytes(maxBytes) {}
    virtual ~Framing() = default;

    // The configured type ("length-prefix").
    virtual std::string type() const = 0;

    // Wraps payload in one frame. Returns false with a reason when it cannot be framed (larger
    // than the framing allows, or it contains the framing's own markers).
    virtual bool encode(std::string_view payload, std::string& frame, std::string& error) const = 0;

    virtual std::unique_ptr<FrameDecoder> decoder() const = 0;

    // The largest payload accepted in either direction.
    std::size_t maxBytes() const { return _maxBytes; }

    // "a frame of N bytes is larger than the maximum of M"
    static std::string tooLargeMessage(std::size_t size, std::size_t limit);

private:
    const std::size_t _maxBytes;
};

} // namespace portico::tcp
