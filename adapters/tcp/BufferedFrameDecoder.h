#pragma once

// The part every FrameDecoder shares: the receive buffer, the consumed prefix, and the sticky
// error state. Subclasses only say how to find one frame at the front of the buffer.

#include "tcp/Framing.h"

#include <cstdint>

namespace portico::tcp
{

class BufferedFrameDecoder : public FrameDecoder
{
public:
    DecodeResult feed(std::string_view bytes) final;
    std::size_t buffered() const final { return _buffer.size(); }

protected:
    // Looks at the front of buffer (everything not yet returned). On Frame, sets consumed to the
    // number of bytes the frame took, markers included.
    virtual DecodeResult extract(std::string_view buffer, std::size_t& consumed) = 0;

    // For framings whose header announces the payload's length (length-prefix, ascii-length):
    // given the header's size and the length it read, checks the length (inclusive of the header
    // or not, within maxBytes) and returns the frame once it is all in buffer.
    static DecodeResult payloadAfterHeader(std::string_view buffer, std::size_t header, std::uint64_t length,
                                           bool inclusive, std::size_t maxBytes, const char* headerUnit,
                                           std::size_t& consumed);

private:
    DecodeResult extractWithoutBuffer(std::string_view bytes);

    std::string _buffer;
    std::string _error;
};

} // namespace portico::tcp
