#pragma once

// Reads one HTTP/1 response from an upstream connection's input: the head (interim 1xx heads
// skipped, the size bounded, the strict scanner then the parser), then the body as it arrives.
// The proxy and the adapters' HTTP client both read their answers with it, so an upstream's
// framing is judged by one set of rules. One reader per connection user; reset() between
// responses keeps its buffers' capacity.

#include "http/HeadScanner.h"
#include "http/HttpHead.h"
#include "http/MessageParser.h"
#include "util/Buffer.h"

#include <cstddef>
#include <string>

namespace portico::http
{

class ResponseReader
{
public:
    enum class Progress
    {
        NeedMore, // the head is not complete yet
        Head,     // head() holds the final (non-1xx) head; the body follows
        Malformed // error() says why; the connection must not be reused
    };

    explicit ResponseReader(std::size_t maxHeadBytes = 64 * 1024) : _maxHeadBytes(maxHeadBytes) {}

    // Before each response. requestWasHead: the request was HEAD, so no body follows any status.
    void reset(bool requestWasHead);

    // Consumes head bytes from input (and nothing of the body).
    Progress readHead(util::Buffer& input);
    // The final head: its fields view this reader's copy of the head block.
    const HttpHead& head() const { return _head; }
    const char* error() const { return _error; }

    // Consumes body bytes from input into sink; false (with error()) when the body is malformed.
    bool readBody(util::Buffer& input, BodySink& sink);
    // The peer closed: ends a close-delimited body. False when the body was cut short instead.
    bool readEnd(BodySink& sink) { return _parser.feedEof(sink); }
    bool complete() const { return _parser.complete(); }
    bool bodyUntilClose() const { return _parser.bodyUntilClose(); }

private:
    std::size_t _maxHeadBytes;
    bool _requestWasHead = false;
    HeadScanner _scanner;
    MessageParser _parser{MessageParser::Kind::Response};
    HttpHead _head;
    std::string _block;
    const char* _error = nullptr;
};

} // namespace portico::http
