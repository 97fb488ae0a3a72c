#pragma once

// Incremental HTTP/1.x parsing. The head is parsed in one go, by Debian's libhttp-parser (a
// well-fuzzed parser that rejects the Content-Length/Transfer-Encoding smuggling forms), from a
// complete head block that HeadScanner has found and checked. The body is then framed here, as it
// arrives: counted for Content-Length, decoded by the strict ChunkedDecoder for chunked, or read
// to the close for a response without length; its bytes reach BodySink without being copied.

#include "http/HttpHead.h"

#include <http_parser.h>

#include <cstddef>
#include <memory>
#include <string_view>

namespace portico::http
{

class ChunkedDecoder;

class BodySink
{
public:
    virtual void onBodyData(const char* data, std::size_t length) = 0;
    virtual void onBodyComplete() = 0;

protected:
    ~BodySink() = default;
};

class MessageParser
{
public:
    enum class Kind
    {
        Request,
        Response
    };

    explicit MessageParser(Kind kind);
    ~MessageParser();
    MessageParser(const MessageParser&) = delete;
    MessageParser& operator=(const MessageParser&) = delete;

    // Parses a complete head block into head (which then views headBlock). For a response,
    // requestWasHead tells that no body follows. Returns nullptr or an error description.
    const char* parseHead(std::string_view headBlock, HttpHead& head, bool requestWasHead = false);

    // True when the message that was parsed has no body left to read.
    bool complete() const { return _complete; }

    // Feeds body bytes; returns how many were consumed (fewer than given when the message ended
    // inside them: the rest belongs to the next message). error is set on a malformed body.
    std::size_t feedBody(const char* data, std::size_t length, BodySink& sink, const char*& error);

    // For a response delimited by the connection closing: tells the parser the peer closed.
    // Returns false when the close came in the middle of a message that had a length.
    bool feedEof(BodySink& sink);

    // Whether the body is delimited by the connection closing (response without length).
    bool bodyUntilClose() const;

private:
    static int onMessageBegin(http_parser*);
    static int onUrl(http_parser*, const char*, std::size_t);
    static int onStatus(http_parser*, const char*, std::size_t);
    static int onHeaderField(http_parser*, const char*, std::size_t);
    static int onHeaderValue(http_parser*, const char*, std::size_t);
    static int onHeadersComplete(http_parser*);
    static int onMessageComplete(http_parser*);

    enum class Framing
    {
        None,
        Length,
        Chunked,
        UntilClose
    };

    http_parser _parser;
    http_parser_settings _settings;
    Kind _kind;
    HttpHead* _head = nullptr;
    bool _inHeaders = false;
    bool _headersDone = false;
    bool _complete = false;
    Framing _framing = Framing::None;
    std::uint64_t _remaining = 0;
    std::unique_ptr<ChunkedDecoder> _chunked;
};

} // namespace portico::http
