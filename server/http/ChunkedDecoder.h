#pragma once

// A strict, incremental decoder for the chunked transfer coding (RFC 9112 7.1). Debian's
// libhttp-parser is built non-strict and accepts any two bytes where a chunk must end in CRLF, and
// bare LFs in trailers; chunk boundaries that one hop reads differently from the next are a
// request-smuggling vector, so Portico decodes chunked bodies itself and refuses every deviation.

#include "http/MessageParser.h"

#include <cstddef>
#include <cstdint>

namespace portico::http
{

class ChunkedDecoder
{
public:
    void reset();

    // Decodes from data, handing chunk data to sink. Returns the bytes consumed: all of them
    // unless the body ended inside (the rest is the next message) or an error occurred (error set).
    std::size_t feed(const char* data, std::size_t length, BodySink& sink, const char*& error);

    bool complete() const { return _state == State::Done; }

private:
    enum class State
    {
        Size,         // hex digits of the chunk size
        SizeSpace,    // whitespace after the size: only before a ';'
        Extension,    // ";…" up to CR
        SizeLf,       // the LF after the size line's CR
        Data,         // chunk data
        DataCr,       // the CR after chunk data
        DataLf,       // the LF after chunk data
        TrailerStart, // the start of a trailer line (or the final CRLF)
        TrailerName,  // a trailer field name
        TrailerValue, // a trailer field value up to CR
        TrailerLf,    // the LF ending a trailer line
        FinalLf,      // the LF of the final empty line
        Done
    };

    State _state = State::Size;
    std::uint64_t _size = 0;
    unsigned _sizeDigits = 0;
    std::size_t _lineBytes = 0;    // extension or trailer bytes so far (bounded)
    std::size_t _trailerBytes = 0; // whole trailer section (bounded)
};

} // namespace portico::http
