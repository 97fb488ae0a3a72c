#pragma once

// Incremental HTTP/1.x parsing on top of Debian's libhttp-parser (a well-fuzzed parser that
// rejects the Content-Length/Transfer-Encoding smuggling forms). The head is parsed in one go
// from a complete head block that HeadScanner has found and checked; the body is then fed as it
// arrives and handed out de-chunked, without copying, through BodySink.

#include "http/HttpHead.h"

#include <http_parser.h>

#include <cstddef>
#include <string_view>

namespace portico::http
{

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
    static int onBody(http_parser*, const char*, std::size_t);
    static int onMessageComplete(http_parser*);

    http_parser _parser;
    http_parser_settings _settings;
    Kind _kind;
    HttpHead* _head = nullptr;
    BodySink* _sink = nullptr;
    bool _inHeaders = false;
    bool _skipBody = false;
    bool _headersDone = false;
    bool _complete = false;
};

} // namespace portico::http
