// The heads the proxy writes decide what the upstream trusts (Host, X-Forwarded-*, X-Request-Id)
// and how each side frames the body; a field passed through by mistake is a spoofing or smuggling
// hole. Every head written here is read back with HeadScanner and MessageParser.
#include "proxy/ForwardedHeadWriter.h"

#include "pipeline/ResponseWriter.h"

#include "http/HeadScanner.h"
#include "http/MessageParser.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using portico::http::HeaderField;
using portico::http::HeadScanner;
using portico::http::HeadScanResult;
using portico::http::HttpHead;
using portico::http::MessageParser;
using portico::pipeline::Exchange;
using ClientResponseFraming = portico::pipeline::ClientFraming;
using portico::proxy::UpstreamBodyFraming;
using portico::proxy::writeUpstreamRequestHead;
using portico::util::Buffer;

namespace
{

const char* const hopByHop[] = {"Connection",
                                "Keep-Alive",
                                "TE",
                                "Trailer",
                                "Upgrade",
                                "Proxy-Authorization",
                                "Proxy-Connection",
                                "Proxy-Authenticate",
                                "Transfer-Encoding"};

// A head the gateway wrote, checked to be one well-formed head and parsed back.
class WrittenHead
{
public:
    WrittenHead(const Buffer& out, MessageParser::Kind kind, bool requestWasHead = false)
        : _text(out.view()), _parser(kind)
    {
        HeadScanner scanner;
        std::size_t headLength = 0;
        const char* reason = nullptr;
        const HeadScanResult result = scanner.scan(_text, headLength, reason);
        CPPUNIT_ASSERT_MESSAGE(std::string("not a well-formed head (") + (reason ? reason : "incomplete") +
                                   "):\n" + _text,
                               result == HeadScanResult::Complete);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("bytes after the head", _text.size(), headLength);
        const char* error = _parser.parseHead(_text, _head, requestWasHead);
        CPPUNIT_ASSERT_MESSAGE(std::string(error ? error : "") + " in:\n" + _text, error == nullptr);
    }
    WrittenHead(const WrittenHead&) = delete;
    WrittenHead& operator=(const WrittenHead&) = delete;

    std::string startLine() const { return _text.substr(0, _text.find("\r\n")); }
    const HttpHead& head() const { return _head; }
    const std::string& text() const { return _text; }

    std::size_t count(std::string_view name) const
    {
        std::size_t n = 0;
        for (const HeaderField& field : _head.headers)
        {
            n += portico::util::equalsIgnoreCase(field.name, name) ? 1 : 0;
        }
        return n;
    }

    // The value of a field that must occur exactly once.
    std::string value(std::string_view name) const
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(name) + " in:\n" + _text, std::size_t(1), count(name));
        return std::string(_head.find(name));
    }

private:
    std::string _text;
    MessageParser _parser;
    HttpHead _head;
};

} // namespace

class ForwardedHeadWriterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ForwardedHeadWriterTest);
    CPPUNIT_TEST(testRequestLineAndHost);
    CPPUNIT_TEST(testRequestDropsHopByHop);
    CPPUNIT_TEST(testRequestDropsFieldsNamedByConnection);
    CPPUNIT_TEST(testRequestIdReplaced);
    CPPUNIT_TEST(testForwardedFor);
    CPPUNIT_TEST(testForwardedProtoAndHost);
    CPPUNIT_TEST(testRequestFraming);
    CPPUNIT_TEST(testExpectDropped);
    CPPUNIT_TEST(testEndToEndFieldsKept);
    CPPUNIT_TEST(testResponseDropsHopByHop);
    CPPUNIT_TEST(testResponseRequestId);
    CPPUNIT_TEST(testResponseContentLength);
    CPPUNIT_TEST(testResponseChunkedToHttp11Client);
    CPPUNIT_TEST(testResponseChunkedToHttp10Client);
    CPPUNIT_TEST(testResponseUntilCloseReframed);
    CPPUNIT_TEST(testResponseKeepAliveNotWanted);
    CPPUNIT_TEST(testResponseKeepAliveForHttp10Client);
    CPPUNIT_TEST(testResponseToHead);
    CPPUNIT_TEST(testResponseWithoutBody);
    CPPUNIT_TEST(testResponseStatusLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _clientIp = "127.0.0.1"; }

    void testRequestLineAndHost()
    {
        Exchange exchange;
        prepare(exchange, "POST /public/orders?id=7&x=%20 HTTP/1.0\r\nHost: api.example.com\r\n"
                          "Content-Length: 0\r\n\r\n");
        const WrittenHead sent(upstreamRequest(exchange, "/v2/orders?id=7&x=%20", "backend.internal:8080"),
                               MessageParser::Kind::Request);
        // The upstream always gets HTTP/1.1, whatever the client spoke.
        CPPUNIT_ASSERT_EQUAL(std::string("POST /v2/orders?id=7&x=%20 HTTP/1.1"), sent.startLine());
        CPPUNIT_ASSERT_EQUAL(std::string("backend.internal:8080"), sent.value("Host"));

        Exchange get;
        prepare(get, "GET / HTTP/1.1\r\nHost: api.example.com\r\nhost: second.example\r\n\r\n");
        const WrittenHead plain(upstreamRequest(get, "/", "10.0.0.1"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("GET / HTTP/1.1"), plain.startLine());
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1"), plain.value("Host"));
    }

    void testRequestDropsHopByHop()
    {
        Exchange exchange;
        prepare(exchange, "POST /a HTTP/1.1\r\nHost: api.example.com\r\nConnection: keep-alive\r\n"
                          "Keep-Alive: timeout=5\r\nTE: trailers\r\nTrailer: X-Checksum\r\n"
                          "Upgrade: websocket\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                          "Proxy-Connection: keep-alive\r\nContent-Length: 3\r\n\r\n");
        const WrittenHead sent(upstreamRequest(exchange, "/a", "backend"), MessageParser::Kind::Request);
        for (const char* name : hopByHop)
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(name) + " in:\n" + sent.text(), std::size_t(0),
                                         sent.count(name));
        }

        Exchange chunked;
        prepare(chunked, "POST /a HTTP/1.1\r\nHost: api.example.com\r\nTransfer-Encoding: chunked\r\n"
                         "TE: trailers, deflate\r\nUpgrade: h2c\r\nConnection: TE, Upgrade\r\n\r\n");
        const WrittenHead sentChunked(upstreamRequest(chunked, "/a", "backend"),
                                      MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentChunked.count("TE"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentChunked.count("Upgrade"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentChunked.count("Connection"));
        // The client's Transfer-Encoding is dropped; the gateway frames the body itself, once.
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), sentChunked.value("Transfer-Encoding"));
    }

    void testRequestDropsFieldsNamedByConnection()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\nConnection: close, X-Secret\r\n"
                          "X-Secret: hidden\r\nconnection: x-other\r\nX-Other: o\r\nX-Kept: k\r\n\r\n");
        const WrittenHead sent(upstreamRequest(exchange, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("X-Secret"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("X-Other"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Connection"));
        CPPUNIT_ASSERT_EQUAL(std::string("k"), sent.value("X-Kept"));
        CPPUNIT_ASSERT(sent.text().find("hidden") == std::string::npos);

        // Naming a field the gateway writes itself cannot make the gateway leave it out.
        Exchange strip;
        prepare(strip,
                "POST /a HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 2\r\n"
                "Connection: X-Forwarded-For, X-Request-Id, Content-Length, Host, X-Forwarded-Proto\r\n"
                "X-Forwarded-For: 9.9.9.9\r\n\r\n");
        UpstreamBodyFraming framing = UpstreamBodyFraming::None;
        Buffer out;
        writeUpstreamRequestHead(strip, "/a", "backend", out, framing);
        const WrittenHead stripped(out, MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("backend"), stripped.value("Host"));
        CPPUNIT_ASSERT_EQUAL(std::string("gw-req-1"), stripped.value("X-Request-Id"));
        CPPUNIT_ASSERT_EQUAL(std::string("http"), stripped.value("X-Forwarded-Proto"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), stripped.value("Content-Length"));
        CPPUNIT_ASSERT(framing == UpstreamBodyFraming::ContentLength);
        const std::string forwardedFor = stripped.value("X-Forwarded-For");
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), forwardedFor.substr(forwardedFor.size() - 9));
    }

    void testRequestIdReplaced()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\nX-Request-Id: client-chosen\r\n"
                          "x-request-id: another\r\n\r\n");
        const WrittenHead sent(upstreamRequest(exchange, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("gw-req-1"), sent.value("X-Request-Id"));
        CPPUNIT_ASSERT(sent.text().find("client-chosen") == std::string::npos);
    }

    void testForwardedFor()
    {
        Exchange appended;
        prepare(appended, "GET /a HTTP/1.1\r\nHost: api.example.com\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n");
        const WrittenHead sent(upstreamRequest(appended, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("1.2.3.4, 127.0.0.1"), sent.value("X-Forwarded-For"));

        Exchange fresh;
        prepare(fresh, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        const WrittenHead first(upstreamRequest(fresh, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), first.value("X-Forwarded-For"));

        // One field out, with the proxies' list kept and the client's address last.
        Exchange twice;
        prepare(twice, "GET /a HTTP/1.1\r\nHost: api.example.com\r\nX-Forwarded-For: 1.1.1.1\r\n"
                       "x-forwarded-for: 2.2.2.2, 3.3.3.3\r\n\r\n");
        _clientIp = "2001:db8::1";
        const WrittenHead merged(upstreamRequest(twice, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("2.2.2.2, 3.3.3.3, 2001:db8::1"), merged.value("X-Forwarded-For"));
    }

    void testForwardedProtoAndHost()
    {
        Exchange plain;
        prepare(plain, "GET /a HTTP/1.1\r\nHost: api.example.com\r\nX-Forwarded-Proto: https\r\n"
                       "X-Forwarded-Host: evil.example\r\n\r\n");
        const WrittenHead sent(upstreamRequest(plain, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("http"), sent.value("X-Forwarded-Proto"));
        CPPUNIT_ASSERT_EQUAL(std::string("api.example.com"), sent.value("X-Forwarded-Host"));

        Exchange secure;
        prepare(secure, "GET /a HTTP/1.1\r\nHost: api.example.com:8443\r\nX-Forwarded-Proto: http\r\n\r\n");
        secure.secure = true;
        const WrittenHead sentSecure(upstreamRequest(secure, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("https"), sentSecure.value("X-Forwarded-Proto"));
        CPPUNIT_ASSERT_EQUAL(std::string("api.example.com:8443"), sentSecure.value("X-Forwarded-Host"));
    }

    void testRequestFraming()
    {
        Exchange withLength;
        prepare(withLength, "PUT /a HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 13\r\n\r\n");
        UpstreamBodyFraming framing = UpstreamBodyFraming::None;
        Buffer out;
        writeUpstreamRequestHead(withLength, "/a", "backend", out, framing);
        CPPUNIT_ASSERT(framing == UpstreamBodyFraming::ContentLength);
        const WrittenHead sent(out, MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("13"), sent.value("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Transfer-Encoding"));

        Exchange chunked;
        prepare(chunked, "POST /a HTTP/1.1\r\nHost: api.example.com\r\nTransfer-Encoding: chunked\r\n\r\n");
        framing = UpstreamBodyFraming::None;
        Buffer chunkedOut;
        writeUpstreamRequestHead(chunked, "/a", "backend", chunkedOut, framing);
        CPPUNIT_ASSERT(framing == UpstreamBodyFraming::Chunked);
        const WrittenHead sentChunked(chunkedOut, MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), sentChunked.value("Transfer-Encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentChunked.count("Content-Length"));
        CPPUNIT_ASSERT(sentChunked.head().chunked);

        Exchange none;
        prepare(none, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        framing = UpstreamBodyFraming::Chunked;
        Buffer noneOut;
        writeUpstreamRequestHead(none, "/a", "backend", noneOut, framing);
        CPPUNIT_ASSERT(framing == UpstreamBodyFraming::None);
        const WrittenHead sentNone(noneOut, MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentNone.count("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentNone.count("Transfer-Encoding"));
    }

    void testExpectDropped()
    {
        Exchange exchange;
        prepare(exchange, "POST /a HTTP/1.1\r\nHost: api.example.com\r\nExpect: 100-continue\r\n"
                          "Content-Length: 5\r\n\r\n");
        const WrittenHead sent(upstreamRequest(exchange, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Expect"));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), sent.value("Content-Length"));
    }

    void testEndToEndFieldsKept()
    {
        Exchange exchange;
        prepare(exchange, "POST /a HTTP/1.1\r\nHost: api.example.com\r\n"
                          "Accept: application/json, text/plain;q=0.5\r\n"
                          "Authorization: Bearer abc.def.ghi\r\nCookie: session=s1; theme=dark\r\n"
                          "Content-Type: application/json; charset=utf-8\r\nX-Custom:  padded\t\r\n"
                          "Connection: close\r\nContent-Length: 2\r\n\r\n");
        const WrittenHead sent(upstreamRequest(exchange, "/a", "backend"), MessageParser::Kind::Request);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json, text/plain;q=0.5"), sent.value("Accept"));
        CPPUNIT_ASSERT_EQUAL(std::string("Bearer abc.def.ghi"), sent.value("Authorization"));
        CPPUNIT_ASSERT_EQUAL(std::string("session=s1; theme=dark"), sent.value("Cookie"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/json; charset=utf-8"), sent.value("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("padded"), sent.value("X-Custom"));
        CPPUNIT_ASSERT(sent.text().find("\r\nAuthorization: Bearer abc.def.ghi\r\n") != std::string::npos);
    }

    void testResponseDropsHopByHop()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        const std::string block =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 42\r\n"
            "Connection: keep-alive, X-Internal\r\nKeep-Alive: timeout=5\r\n"
            "X-Internal: secret\r\nProxy-Authenticate: Basic\r\nTrailer: X-Sum\r\n"
            "Upgrade: h2c\r\nSet-Cookie: a=1; HttpOnly\r\nCache-Control: no-store\r\n\r\n";
        Buffer out;
        const ClientResponseFraming framing = clientResponse(block, exchange, true, out);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        for (const char* name : hopByHop)
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(name) + " in:\n" + sent.text(), std::size_t(0),
                                         sent.count(name));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("X-Internal"));
        CPPUNIT_ASSERT_EQUAL(std::string("a=1; HttpOnly"), sent.value("Set-Cookie"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), sent.value("Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), sent.value("Content-Type"));
        CPPUNIT_ASSERT(!framing.chunked);
        CPPUNIT_ASSERT(!framing.close);
    }

    void testResponseRequestId()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        clientResponse("HTTP/1.1 200 OK\r\nX-Request-Id: upstream-id\r\nContent-Length: 0\r\n\r\n", exchange,
                       true, out);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("gw-req-1"), sent.value("X-Request-Id"));
        CPPUNIT_ASSERT(sent.text().find("upstream-id") == std::string::npos);

        Buffer added;
        clientResponse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", exchange, true, added);
        const WrittenHead sentAdded(added, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("gw-req-1"), sentAdded.value("X-Request-Id"));
    }

    void testResponseContentLength()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        const ClientResponseFraming framing =
            clientResponse("HTTP/1.1 200 OK\r\nContent-Length: 123456789012\r\n\r\n", exchange, true, out);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("123456789012"), sent.value("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Transfer-Encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Connection"));
        CPPUNIT_ASSERT(!framing.chunked);
        CPPUNIT_ASSERT(!framing.close);
    }

    void testResponseChunkedToHttp11Client()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        const ClientResponseFraming framing = clientResponse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n", exchange,
            true, out);
        CPPUNIT_ASSERT(framing.chunked);
        CPPUNIT_ASSERT(!framing.close);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), sent.value("Transfer-Encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Connection"));
        CPPUNIT_ASSERT(sent.head().keepAlive);
    }

    void testResponseChunkedToHttp10Client()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.0\r\nHost: api.example.com\r\nConnection: keep-alive\r\n\r\n");
        Buffer out;
        const ClientResponseFraming framing = clientResponse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n", exchange,
            true, out);
        // An HTTP/1.0 client cannot read chunked: the close ends the body.
        CPPUNIT_ASSERT(!framing.chunked);
        CPPUNIT_ASSERT(framing.close);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("close"), sent.value("Connection"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Transfer-Encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Content-Length"));
    }

    void testResponseUntilCloseReframed()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        const ClientResponseFraming framing =
            clientResponse("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n", exchange, true, out);
        // The upstream's close does not have to end the client's connection.
        CPPUNIT_ASSERT(framing.chunked);
        CPPUNIT_ASSERT(!framing.close);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), sent.value("Transfer-Encoding"));
    }

    void testResponseKeepAliveNotWanted()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        const ClientResponseFraming framing = clientResponse(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n", exchange, false, out);
        CPPUNIT_ASSERT(framing.close);
        CPPUNIT_ASSERT(!framing.chunked);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("close"), sent.value("Connection"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), sent.value("Content-Length"));

        Buffer chunkedOut;
        const ClientResponseFraming chunked = clientResponse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", exchange, false, chunkedOut);
        CPPUNIT_ASSERT(chunked.close);
        CPPUNIT_ASSERT(chunked.chunked);
        const WrittenHead sentChunked(chunkedOut, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("close"), sentChunked.value("Connection"));
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), sentChunked.value("Transfer-Encoding"));
    }

    void testResponseKeepAliveForHttp10Client()
    {
        // HTTP/1.0 closes by default, so keeping the connection must be said.
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.0\r\nHost: api.example.com\r\nConnection: keep-alive\r\n\r\n");
        Buffer out;
        const ClientResponseFraming framing =
            clientResponse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", exchange, true, out);
        CPPUNIT_ASSERT(!framing.close);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("keep-alive"), sent.value("Connection"));
    }

    void testResponseToHead()
    {
        Exchange exchange;
        prepare(exchange, "HEAD /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        const ClientResponseFraming framing =
            clientResponse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", exchange, true, out);
        CPPUNIT_ASSERT(!framing.chunked);
        CPPUNIT_ASSERT(!framing.close);
        const WrittenHead sent(out, MessageParser::Kind::Response, true);
        CPPUNIT_ASSERT_EQUAL(std::string("1234"), sent.value("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Transfer-Encoding"));

        Buffer chunkedOut;
        const ClientResponseFraming chunked = clientResponse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", exchange, true, chunkedOut);
        CPPUNIT_ASSERT(!chunked.chunked);
        CPPUNIT_ASSERT(!chunked.close);
        const WrittenHead sentChunked(chunkedOut, MessageParser::Kind::Response, true);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentChunked.count("Transfer-Encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sentChunked.count("Content-Length"));
    }

    void testResponseWithoutBody()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        const ClientResponseFraming noContent = clientResponse(
            "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nX-A: b\r\n\r\n", exchange, true, out);
        CPPUNIT_ASSERT(!noContent.chunked);
        CPPUNIT_ASSERT(!noContent.close);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 204 No Content"), sent.startLine());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent.count("Transfer-Encoding"));
        CPPUNIT_ASSERT_EQUAL(std::string("b"), sent.value("X-A"));

        Buffer notModified;
        const ClientResponseFraming framing =
            clientResponse("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n", exchange, true, notModified);
        CPPUNIT_ASSERT(!framing.chunked);
        CPPUNIT_ASSERT(!framing.close);
        const WrittenHead sent304(notModified, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent304.count("Transfer-Encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sent304.count("Content-Length"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"v1\""), sent304.value("ETag"));

        // A 304 may state the selected representation's length: passed on, but no body framing.
        Buffer withLength;
        const ClientResponseFraming lengthFraming = clientResponse(
            "HTTP/1.1 304 Not Modified\r\nContent-Length: 77\r\n\r\n", exchange, true, withLength);
        CPPUNIT_ASSERT(!lengthFraming.chunked);
        CPPUNIT_ASSERT(!lengthFraming.close);
        CPPUNIT_ASSERT(std::string(withLength.view()).find("\r\nContent-Length: 77\r\n") !=
                       std::string::npos);
        CPPUNIT_ASSERT(std::string(withLength.view()).find("Transfer-Encoding") == std::string::npos);
    }

    void testResponseStatusLine()
    {
        Exchange exchange;
        prepare(exchange, "GET /a HTTP/1.0\r\nHost: api.example.com\r\n\r\n");
        Buffer out;
        clientResponse("HTTP/1.0 404\r\nContent-Length: 0\r\n\r\n", exchange, false, out);
        const WrittenHead sent(out, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 404 Not Found"), sent.startLine());

        Buffer custom;
        clientResponse("HTTP/1.1 200 Fine Thanks\r\nContent-Length: 0\r\n\r\n", exchange, false, custom);
        const WrittenHead sentCustom(custom, MessageParser::Kind::Response);
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 200 Fine Thanks"), sentCustom.startLine());
    }

private:
    // Parses head into exchange as the client connection does.
    void prepare(Exchange& exchange, const std::string& head)
    {
        exchange.headBlock = head;
        MessageParser parser(MessageParser::Kind::Request);
        const char* error = parser.parseHead(exchange.headBlock, exchange.request);
        CPPUNIT_ASSERT_MESSAGE(std::string(error ? error : "") + " in:\n" + head, error == nullptr);
        exchange.host = exchange.request.find("host");
        exchange.requestId = "gw-req-1";
        exchange.clientIp = &_clientIp;
        exchange.peerIp = &_clientIp;
        exchange.secure = false;
    }

    Buffer upstreamRequest(const Exchange& exchange, std::string_view path, std::string_view host)
    {
        Buffer out;
        UpstreamBodyFraming framing = UpstreamBodyFraming::None;
        writeUpstreamRequestHead(exchange, path, host, out, framing);
        return out;
    }

    // Parses the upstream's response head and writes the client's.
    ClientResponseFraming clientResponse(const std::string& block, const Exchange& exchange,
                                         bool keepAliveWanted, Buffer& out)
    {
        MessageParser parser(MessageParser::Kind::Response);
        HttpHead response;
        const char* error = parser.parseHead(block, response, exchange.isHead());
        CPPUNIT_ASSERT_MESSAGE(std::string(error ? error : "") + " in:\n" + block, error == nullptr);
        // What the proxy hands the pipeline, written by the one response writer.
        portico::pipeline::ResponseHead head;
        portico::proxy::describeUpstreamResponse(response, exchange.isHead(), head);
        return portico::pipeline::writeResponseHead(head, exchange.request, exchange.isHead(),
                                                    exchange.requestId, keepAliveWanted, out);
    }

    std::string _clientIp;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ForwardedHeadWriterTest, "proxy");
