// MessageParser decides where every message ends, on both sides of the proxy: a wrong answer here
// is request smuggling (client side) or response desynchronisation (upstream side).
#include "http/MessageParser.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using portico::http::BodySink;
using portico::http::HeaderField;
using portico::http::HttpHead;
using portico::http::MessageParser;

namespace
{

class RecordingSink final : public BodySink
{
public:
    void onBodyData(const char* data, std::size_t length) override
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE("body data after the body completed", 0, completions);
        body.append(data, length);
        ++pieces;
    }
    void onBodyComplete() override { ++completions; }

    std::string body;
    int pieces = 0;
    int completions = 0;
};

std::string describe(http_errno code)
{
    return http_errno_description(code);
}

// Parses a request head, failing the test if it is refused.
void parseRequest(MessageParser& parser, const std::string& block, HttpHead& head)
{
    const char* error = parser.parseHead(block, head);
    CPPUNIT_ASSERT_MESSAGE("parsing '" + block + "': " + (error ? error : ""), error == nullptr);
}

// The error parseHead gives for a request head (empty when it is accepted).
std::string requestHeadError(const std::string& block)
{
    MessageParser parser(MessageParser::Kind::Request);
    HttpHead head;
    const char* error = parser.parseHead(block, head);
    return error == nullptr ? std::string() : std::string(error);
}

// Feeds body one byte at a time; returns how many bytes were consumed in all.
std::size_t feedByteByByte(MessageParser& parser, const std::string& body, RecordingSink& sink)
{
    std::size_t consumed = 0;
    for (std::size_t i = 0; i < body.size() && !parser.complete(); ++i)
    {
        const char* error = nullptr;
        const std::size_t used = parser.feedBody(body.data() + i, 1, sink, error);
        CPPUNIT_ASSERT_MESSAGE("byte " + std::to_string(i) + ": " + (error ? error : ""), error == nullptr);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("byte " + std::to_string(i), std::size_t(1), used);
        consumed += used;
    }
    return consumed;
}

// Feeds a whole chunked request body and returns the error it gives (empty when none).
std::string chunkedBodyError(const std::string& body, RecordingSink& sink)
{
    MessageParser parser(MessageParser::Kind::Request);
    HttpHead head;
    const std::string block = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    parseRequest(parser, block, head);
    const char* error = nullptr;
    parser.feedBody(body.data(), body.size(), sink, error);
    if (error == nullptr)
    {
        return std::string();
    }
    CPPUNIT_ASSERT_MESSAGE("a malformed body must not complete the message", !parser.complete());
    return error;
}

bool viewsInto(std::string_view view, const std::string& block)
{
    return view.data() >= block.data() && view.data() + view.size() <= block.data() + block.size();
}

} // namespace

class MessageParserTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MessageParserTest);
    CPPUNIT_TEST(testRequestHead);
    CPPUNIT_TEST(testEmptyHeaderValueKeepsFieldsApart);
    CPPUNIT_TEST(testKeepAlive);
    CPPUNIT_TEST(testRequestWithoutBodyIsComplete);
    CPPUNIT_TEST(testContentLengthBodyInPieces);
    CPPUNIT_TEST(testZeroContentLength);
    CPPUNIT_TEST(testChunkedBodyDechunked);
    CPPUNIT_TEST(testChunkedBodyInOneCall);
    CPPUNIT_TEST(testPipelinedRequestLeftUnconsumed);
    CPPUNIT_TEST(testParserIsReusable);
    CPPUNIT_TEST(testRejectsContentLengthWithTransferEncoding);
    CPPUNIT_TEST(testRejectsConflictingContentLengths);
    CPPUNIT_TEST(testRejectsUnknownTransferEncodings);
    CPPUNIT_TEST(testRejectsMalformedChunkSizes);
    CPPUNIT_TEST(testRejectsChunkDataWithoutCrlf);
    CPPUNIT_TEST(testRejectsBareLfInTrailers);
    CPPUNIT_TEST(testResponseContentLength);
    CPPUNIT_TEST(testResponseChunked);
    CPPUNIT_TEST(testResponseUntilClose);
    CPPUNIT_TEST(testResponseToHead);
    CPPUNIT_TEST(testNoContentAndNotModified);
    CPPUNIT_TEST(testNoBodyStatusesIgnoreContentLength);
    CPPUNIT_TEST(testEofInsideBodyFails);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRequestHead()
    {
        const std::string block = "GET /orders/7?x=1 HTTP/1.1\r\nHost: api.example.com\r\n"
                                  "Accept:   text/html \t\r\nX-Multi: a, b\r\n\r\n";
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, block, head);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), std::string(head.method));
        CPPUNIT_ASSERT_EQUAL(std::string("/orders/7?x=1"), std::string(head.target));
        CPPUNIT_ASSERT_EQUAL(1u, head.versionMajor);
        CPPUNIT_ASSERT_EQUAL(1u, head.versionMinor);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), head.headers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Host"), std::string(head.headers[0].name));
        CPPUNIT_ASSERT_EQUAL(std::string("api.example.com"), std::string(head.headers[0].value));
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), std::string(head.headers[1].name));
        CPPUNIT_ASSERT_EQUAL(std::string("text/html"), std::string(head.headers[1].value)); // OWS trimmed
        CPPUNIT_ASSERT_EQUAL(std::string("a, b"), std::string(head.find("x-multi")));
        for (const HeaderField& field : head.headers)
        {
            CPPUNIT_ASSERT(viewsInto(field.name, block));
            CPPUNIT_ASSERT(viewsInto(field.value, block));
        }
        CPPUNIT_ASSERT(viewsInto(head.target, block));
        CPPUNIT_ASSERT(head.keepAlive);
        CPPUNIT_ASSERT(!head.chunked);
        CPPUNIT_ASSERT(!head.hasContentLength);
        CPPUNIT_ASSERT(!head.upgrade);
        CPPUNIT_ASSERT(!head.has("content-length"));

        const std::string post = "POST /submit HTTP/1.0\r\nContent-Length: 3\r\n\r\n";
        parseRequest(parser, post, head);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), std::string(head.method));
        CPPUNIT_ASSERT_EQUAL(0u, head.versionMinor);
        CPPUNIT_ASSERT(head.hasContentLength);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), head.contentLength);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), head.headers.size()); // the previous head was cleared
    }

    void testEmptyHeaderValueKeepsFieldsApart()
    {
        const std::string block = "GET / HTTP/1.1\r\nX-Empty:\r\nX-Blank:   \r\nHost: a\r\n\r\n";
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, block, head);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), head.headers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("X-Empty"), std::string(head.headers[0].name));
        CPPUNIT_ASSERT(head.has("x-empty"));
        CPPUNIT_ASSERT_EQUAL(std::string(), std::string(head.find("x-empty")));
        CPPUNIT_ASSERT(head.has("x-blank"));
        CPPUNIT_ASSERT_EQUAL(std::string(), std::string(head.find("x-blank")));
        CPPUNIT_ASSERT_EQUAL(std::string("a"), std::string(head.find("host")));
    }

    void testKeepAlive()
    {
        struct Case
        {
            const char* block;
            bool keepAlive;
        };
        const Case cases[] = {
            {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true},
            {"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false},
            {"GET / HTTP/1.1\r\nHost: a\r\nConnection: CLOSE\r\n\r\n", false},
            {"GET / HTTP/1.0\r\n\r\n", false},
            {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
            {"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true},
        };
        for (const Case& c : cases)
        {
            MessageParser parser(MessageParser::Kind::Request);
            HttpHead head;
            parseRequest(parser, c.block, head);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.block, c.keepAlive, head.keepAlive);
        }
    }

    void testRequestWithoutBodyIsComplete()
    {
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", head);
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT(!parser.bodyUntilClose()); // a request never runs until close
        // Whatever follows belongs to the next request.
        const std::string next = "GET /next HTTP/1.1\r\n\r\n";
        RecordingSink sink;
        const char* error = nullptr;
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), parser.feedBody(next.data(), next.size(), sink, error));
        CPPUNIT_ASSERT(error == nullptr);
        CPPUNIT_ASSERT_EQUAL(0, sink.pieces);
    }

    void testContentLengthBodyInPieces()
    {
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", head);
        CPPUNIT_ASSERT(head.hasContentLength);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(11), head.contentLength);
        CPPUNIT_ASSERT(!parser.complete());

        RecordingSink sink;
        const char* error = nullptr;
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), parser.feedBody("hel", 3, sink, error));
        CPPUNIT_ASSERT(!parser.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("hel"), sink.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), parser.feedBody("", 0, sink, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), parser.feedBody("lo w", 4, sink, error));
        CPPUNIT_ASSERT(!parser.complete());
        CPPUNIT_ASSERT_EQUAL(0, sink.completions);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), parser.feedBody("orld", 4, sink, error));
        CPPUNIT_ASSERT(error == nullptr);
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("hello world"), sink.body);
        CPPUNIT_ASSERT_EQUAL(3, sink.pieces);
        CPPUNIT_ASSERT_EQUAL(1, sink.completions);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), parser.feedBody("xyz", 3, sink, error));
        CPPUNIT_ASSERT_EQUAL(std::string("hello world"), sink.body);
    }

    void testZeroContentLength()
    {
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", head);
        CPPUNIT_ASSERT(head.hasContentLength);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), head.contentLength);
        CPPUNIT_ASSERT(parser.complete());
    }

    void testChunkedBodyDechunked()
    {
        const std::string block = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        const std::string body = "5;name=value\r\nhello\r\n6;flag\r\n world\r\nA\r\n, 10 bytes\r\n"
                                 "0\r\nX-Trailer: t\r\nContent-Length: 99\r\n\r\n";
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, block, head);
        CPPUNIT_ASSERT(head.chunked);
        CPPUNIT_ASSERT(!head.hasContentLength);
        CPPUNIT_ASSERT(!parser.complete());

        RecordingSink sink;
        CPPUNIT_ASSERT_EQUAL(body.size(), feedByteByByte(parser, body, sink));
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("hello world, 10 bytes"), sink.body);
        CPPUNIT_ASSERT_EQUAL(1, sink.completions);
        // Trailer fields are dropped, never merged into the head.
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), head.headers.size());
        CPPUNIT_ASSERT(!head.has("x-trailer"));
        CPPUNIT_ASSERT(!head.has("content-length"));
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), std::string(head.find("transfer-encoding")));
    }

    void testChunkedBodyInOneCall()
    {
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", head);
        const std::string body = "3\r\nabc\r\n00000002\r\nde\r\n0\r\n\r\n";
        RecordingSink sink;
        const char* error = nullptr;
        CPPUNIT_ASSERT_EQUAL(body.size(), parser.feedBody(body.data(), body.size(), sink, error));
        CPPUNIT_ASSERT(error == nullptr);
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("abcde"), sink.body);
        CPPUNIT_ASSERT_EQUAL(1, sink.completions);
    }

    void testPipelinedRequestLeftUnconsumed()
    {
        const std::string next = "GET /second HTTP/1.1\r\nHost: a\r\n\r\n";
        {
            MessageParser parser(MessageParser::Kind::Request);
            HttpHead head;
            parseRequest(parser, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n", head);
            const std::string bytes = "abc" + next;
            RecordingSink sink;
            const char* error = nullptr;
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), parser.feedBody(bytes.data(), bytes.size(), sink, error));
            CPPUNIT_ASSERT(error == nullptr);
            CPPUNIT_ASSERT(parser.complete());
            CPPUNIT_ASSERT_EQUAL(std::string("abc"), sink.body);
        }
        {
            MessageParser parser(MessageParser::Kind::Request);
            HttpHead head;
            parseRequest(parser, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", head);
            const std::string body = "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n";
            const std::string bytes = body + next;
            RecordingSink sink;
            const char* error = nullptr;
            CPPUNIT_ASSERT_EQUAL(body.size(), parser.feedBody(bytes.data(), bytes.size(), sink, error));
            CPPUNIT_ASSERT(error == nullptr);
            CPPUNIT_ASSERT(parser.complete());
            CPPUNIT_ASSERT_EQUAL(std::string("abc"), sink.body);
            CPPUNIT_ASSERT_EQUAL(1, sink.completions);
        }
    }

    void testParserIsReusable()
    {
        // A connection keeps one parser: after a chunked message it must start clean.
        MessageParser parser(MessageParser::Kind::Request);
        HttpHead head;
        parseRequest(parser, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", head);
        RecordingSink first;
        const std::string body = "2\r\nab\r\n0\r\n\r\n";
        const char* error = nullptr;
        CPPUNIT_ASSERT_EQUAL(body.size(), parser.feedBody(body.data(), body.size(), first, error));
        CPPUNIT_ASSERT(parser.complete());

        parseRequest(parser, "PUT /x HTTP/1.1\r\nContent-Length: 2\r\n\r\n", head);
        CPPUNIT_ASSERT(!head.chunked);
        CPPUNIT_ASSERT(!parser.complete());
        RecordingSink second;
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parser.feedBody("cdef", 4, second, error));
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("cd"), second.body);
    }

    void testRejectsContentLengthWithTransferEncoding()
    {
        const std::string expected = describe(HPE_UNEXPECTED_CONTENT_LENGTH);
        CPPUNIT_ASSERT_EQUAL(expected, requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                                                        "Transfer-Encoding: chunked\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(expected,
                             requestHeadError("POST / HTTP/1.1\r\nHost: a\r\n"
                                              "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"));
        // The same on the upstream side: a response must not be framed both ways either.
        MessageParser parser(MessageParser::Kind::Response);
        HttpHead head;
        const char* error = parser.parseHead("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                                             "Transfer-Encoding: chunked\r\n\r\n",
                                             head);
        CPPUNIT_ASSERT(error != nullptr);
        CPPUNIT_ASSERT_EQUAL(expected, std::string(error));
    }

    void testRejectsConflictingContentLengths()
    {
        CPPUNIT_ASSERT_EQUAL(describe(HPE_UNEXPECTED_CONTENT_LENGTH),
                             requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                                              "Content-Length: 6\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(describe(HPE_INVALID_CONTENT_LENGTH),
                             requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(describe(HPE_INVALID_CONTENT_LENGTH),
                             requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(describe(HPE_INVALID_CONTENT_LENGTH),
                             requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n"));
    }

    void testRejectsUnknownTransferEncodings()
    {
        const std::string expected = describe(HPE_INVALID_TRANSFER_ENCODING);
        CPPUNIT_ASSERT_EQUAL(
            expected, requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(expected, requestHeadError("POST / HTTP/1.1\r\nHost: a\r\n"
                                                        "Transfer-Encoding: chunked, identity\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(
            expected, requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n"));
        // chunked as the final coding is the one accepted form.
        CPPUNIT_ASSERT_EQUAL(
            std::string(),
            requestHeadError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"));
    }

    void testRejectsMalformedChunkSizes()
    {
        struct Case
        {
            const char* body;
            const char* error;
        };
        const Case cases[] = {
            {"-1\r\n\r\n", "invalid chunk size"},
            {"0x10\r\n0123456789abcdef\r\n0\r\n\r\n", "invalid chunk size"},
            {"+5\r\nhello\r\n0\r\n\r\n", "invalid chunk size"},
            {"\r\nhello\r\n0\r\n\r\n", "invalid chunk size"},
            {"5 \r\nhello\r\n0\r\n\r\n", "invalid chunk size line"},
            // More than 60 bits of size: refused, not wrapped round to a small size.
            {"100000000000000005\r\nhello\r\n0\r\n\r\n", "chunk size too large"},
            {"FFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n", "chunk size too large"},
        };
        for (const Case& c : cases)
        {
            RecordingSink sink;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, std::string(c.error), chunkedBodyError(c.body, sink));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, std::string(), sink.body);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.body, 0, sink.completions);
        }
    }

    // RFC 9112 7.1: chunk-data is followed by CRLF. Taking any two bytes for it (libhttp-parser
    // built without HTTP_PARSER_STRICT does) is the "chunk terminator" smuggling primitive.
    void testRejectsChunkDataWithoutCrlf()
    {
        for (const char* body :
             {"5\r\nhelloXX0\r\n\r\n", "5\r\nhello\n\n0\r\n\r\n", "5\rXhello\r\n0\r\n\r\n"})
        {
            RecordingSink sink;
            CPPUNIT_ASSERT_MESSAGE(std::string("chunked body '") + body + "' should be refused",
                                   !chunkedBodyError(body, sink).empty());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body, 0, sink.completions);
        }
    }

    // A bare LF ending the trailer section is refused in heads (HeadScanner) and must be here too,
    // or a front-end that reads LF differently disagrees on where the message ends.
    void testRejectsBareLfInTrailers()
    {
        RecordingSink sink;
        const std::string body = "5\r\nhello\r\n0\r\nX-T: 1\n\n";
        CPPUNIT_ASSERT_MESSAGE("trailer ending in bare LF should be refused",
                               !chunkedBodyError(body, sink).empty());
    }

    void testResponseContentLength()
    {
        MessageParser parser(MessageParser::Kind::Response);
        HttpHead head;
        const std::string block = "HTTP/1.1 201 Created\r\nContent-Length: 4\r\nX-A: b\r\n\r\n";
        CPPUNIT_ASSERT(parser.parseHead(block, head) == nullptr);
        CPPUNIT_ASSERT_EQUAL(201, head.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Created"), std::string(head.reason));
        CPPUNIT_ASSERT(head.hasContentLength);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), head.contentLength);
        CPPUNIT_ASSERT(head.keepAlive);
        CPPUNIT_ASSERT(!parser.complete());
        CPPUNIT_ASSERT(!parser.bodyUntilClose());
        RecordingSink sink;
        const char* error = nullptr;
        const std::string bytes = "dataHTTP/1.1 200 OK\r\n";
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), parser.feedBody(bytes.data(), bytes.size(), sink, error));
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("data"), sink.body);
        CPPUNIT_ASSERT_EQUAL(1, sink.completions);
    }

    void testResponseChunked()
    {
        MessageParser parser(MessageParser::Kind::Response);
        HttpHead head;
        CPPUNIT_ASSERT(parser.parseHead("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", head) ==
                       nullptr);
        CPPUNIT_ASSERT(head.chunked);
        CPPUNIT_ASSERT(!parser.bodyUntilClose());
        RecordingSink sink;
        const std::string body = "4;x=y\r\nabcd\r\n1\r\ne\r\n0\r\nServer-Timing: db;dur=5\r\n\r\n";
        CPPUNIT_ASSERT_EQUAL(body.size(), feedByteByByte(parser, body, sink));
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("abcde"), sink.body);
        CPPUNIT_ASSERT(!head.has("server-timing"));
        // A close after a complete message is no error.
        CPPUNIT_ASSERT(parser.feedEof(sink));
        CPPUNIT_ASSERT_EQUAL(1, sink.completions);
    }

    void testResponseUntilClose()
    {
        MessageParser parser(MessageParser::Kind::Response);
        HttpHead head;
        CPPUNIT_ASSERT(parser.parseHead("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", head) ==
                       nullptr);
        CPPUNIT_ASSERT(!head.hasContentLength);
        CPPUNIT_ASSERT(!head.chunked);
        CPPUNIT_ASSERT(!head.keepAlive); // the close is the framing
        CPPUNIT_ASSERT(parser.bodyUntilClose());
        CPPUNIT_ASSERT(!parser.complete());
        RecordingSink sink;
        const char* error = nullptr;
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), parser.feedBody("first", 5, sink, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), parser.feedBody(" second", 7, sink, error));
        CPPUNIT_ASSERT(!parser.complete());
        CPPUNIT_ASSERT_EQUAL(0, sink.completions);
        CPPUNIT_ASSERT(parser.feedEof(sink));
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT(!parser.bodyUntilClose());
        CPPUNIT_ASSERT_EQUAL(std::string("first second"), sink.body);
        CPPUNIT_ASSERT_EQUAL(1, sink.completions);
    }

    void testResponseToHead()
    {
        MessageParser parser(MessageParser::Kind::Response);
        HttpHead head;
        CPPUNIT_ASSERT(parser.parseHead("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", head, true) ==
                       nullptr);
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT(head.hasContentLength); // kept so it can be passed on to the client
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1234), head.contentLength);
        CPPUNIT_ASSERT(!parser.bodyUntilClose());
        // The next response on the connection is not taken for a body.
        RecordingSink sink;
        const char* error = nullptr;
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), parser.feedBody("HTTP/1.1", 8, sink, error));
        CPPUNIT_ASSERT_EQUAL(std::string(), sink.body);

        CPPUNIT_ASSERT(
            parser.parseHead("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", head, true) == nullptr);
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT(parser.parseHead("HTTP/1.1 200 OK\r\n\r\n", head, true) == nullptr);
        CPPUNIT_ASSERT(parser.complete());
        CPPUNIT_ASSERT(!parser.bodyUntilClose());
        // The same head without requestWasHead expects the body.
        CPPUNIT_ASSERT(parser.parseHead("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", head) == nullptr);
        CPPUNIT_ASSERT(!parser.complete());
    }

    void testNoContentAndNotModified()
    {
        for (const char* block :
             {"HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n", "HTTP/1.1 304 Not Modified\r\n\r\n",
              "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 100 Continue\r\n\r\n"})
        {
            MessageParser parser(MessageParser::Kind::Response);
            HttpHead head;
            CPPUNIT_ASSERT_MESSAGE(block, parser.parseHead(block, head) == nullptr);
            CPPUNIT_ASSERT_MESSAGE(block, parser.complete());
            CPPUNIT_ASSERT_MESSAGE(block, !parser.bodyUntilClose());
            CPPUNIT_ASSERT_MESSAGE(block, head.keepAlive);
        }
    }

    // RFC 9112 6.3: a 1xx, 204 or 304 response ends at the blank line "regardless of the header
    // fields present". A 304 legitimately carries the Content-Length of the selected representation.
    void testNoBodyStatusesIgnoreContentLength()
    {
        for (const char* block : {"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 1234\r\n\r\n",
                                  "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"})
        {
            MessageParser parser(MessageParser::Kind::Response);
            HttpHead head;
            CPPUNIT_ASSERT_MESSAGE(block, parser.parseHead(block, head) == nullptr);
            CPPUNIT_ASSERT_MESSAGE(std::string(block) + " should be complete after its head",
                                   parser.complete());
        }
    }

    void testEofInsideBodyFails()
    {
        {
            MessageParser parser(MessageParser::Kind::Response);
            HttpHead head;
            CPPUNIT_ASSERT(parser.parseHead("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", head) ==
                           nullptr);
            RecordingSink sink;
            const char* error = nullptr;
            CPPUNIT_ASSERT_EQUAL(std::size_t(4), parser.feedBody("part", 4, sink, error));
            CPPUNIT_ASSERT(!parser.feedEof(sink));
            CPPUNIT_ASSERT(!parser.complete());
            CPPUNIT_ASSERT_EQUAL(0, sink.completions);
        }
        {
            MessageParser parser(MessageParser::Kind::Response);
            HttpHead head;
            CPPUNIT_ASSERT(parser.parseHead("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", head) ==
                           nullptr);
            RecordingSink sink;
            const char* error = nullptr;
            CPPUNIT_ASSERT_EQUAL(std::size_t(7), parser.feedBody("4\r\nabcd", 7, sink, error));
            CPPUNIT_ASSERT(!parser.feedEof(sink));
            CPPUNIT_ASSERT(!parser.complete());
            CPPUNIT_ASSERT_EQUAL(0, sink.completions);
        }
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MessageParserTest, "http");
