// The one reader of upstream answers (proxy and the adapters' HTTP client): interim heads
// skipped, heads split over reads, size and framing errors, and the body through its sink.

#include "http/ResponseReader.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using portico::http::ResponseReader;
using portico::util::Buffer;
using Progress = portico::http::ResponseReader::Progress;

namespace
{

class CollectingSink final : public portico::http::BodySink
{
public:
    void onBodyData(const char* data, std::size_t length) override { body.append(data, length); }
    void onBodyComplete() override { completed = true; }

    std::string body;
    bool completed = false;
};

Buffer bytes(const std::string& text)
{
    Buffer buffer;
    buffer.append(text);
    return buffer;
}

} // namespace

class ResponseReaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ResponseReaderTest);
    CPPUNIT_TEST(testInterimHeadsSkipped);
    CPPUNIT_TEST(testHeadSplitOverReads);
    CPPUNIT_TEST(testHeadTooLarge);
    CPPUNIT_TEST(testMalformedHead);
    CPPUNIT_TEST(testChunkedBody);
    CPPUNIT_TEST(testBadChunkIsAnError);
    CPPUNIT_TEST(testCloseDelimitedBody);
    CPPUNIT_TEST(testNoBodyForHead);
    CPPUNIT_TEST_SUITE_END();

public:
    void testInterimHeadsSkipped()
    {
        ResponseReader reader;
        reader.reset(false);
        Buffer input =
            bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Head);
        CPPUNIT_ASSERT_EQUAL(201, reader.head().status);
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), std::string(input.view()));
        CollectingSink sink;
        CPPUNIT_ASSERT(reader.readBody(input, sink));
        CPPUNIT_ASSERT(reader.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), sink.body);
    }

    void testHeadSplitOverReads()
    {
        ResponseReader reader;
        reader.reset(false);
        Buffer input = bytes("HTTP/1.1 200 OK\r\nContent-Le");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::NeedMore);
        input.append("ngth: 0\r\nX-A: b\r\n\r\n");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Head);
        CPPUNIT_ASSERT_EQUAL(std::string("b"), std::string(reader.head().find("x-a")));
        CPPUNIT_ASSERT(reader.complete());
        CPPUNIT_ASSERT(input.empty());
    }

    void testHeadTooLarge()
    {
        ResponseReader reader(64);
        reader.reset(false);
        Buffer input = bytes("HTTP/1.1 200 OK\r\nX-Long: " + std::string(100, 'a'));
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Malformed);
        CPPUNIT_ASSERT_EQUAL(std::string("the response head is too large"), std::string(reader.error()));
    }

    void testMalformedHead()
    {
        ResponseReader reader;
        reader.reset(false);
        Buffer input = bytes("HTTP/1.1 200 OK\nContent-Length: 0\n\n");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Malformed);
        CPPUNIT_ASSERT(reader.error() != nullptr);
        ResponseReader smuggled;
        smuggled.reset(false);
        Buffer twoLengths = bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        CPPUNIT_ASSERT(smuggled.readHead(twoLengths) == Progress::Malformed);
    }

    void testChunkedBody()
    {
        ResponseReader reader;
        reader.reset(false);
        Buffer input = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Head);
        CollectingSink sink;
        CPPUNIT_ASSERT(reader.readBody(input, sink));
        CPPUNIT_ASSERT(!reader.complete());
        input.append("lo\r\n0\r\n\r\n");
        CPPUNIT_ASSERT(reader.readBody(input, sink));
        CPPUNIT_ASSERT(reader.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("hello"), sink.body);
    }

    void testBadChunkIsAnError()
    {
        ResponseReader reader;
        reader.reset(false);
        Buffer input = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Head);
        CollectingSink sink;
        CPPUNIT_ASSERT(!reader.readBody(input, sink));
        CPPUNIT_ASSERT(reader.error() != nullptr);
        CPPUNIT_ASSERT(!reader.complete());
    }

    void testCloseDelimitedBody()
    {
        ResponseReader reader;
        reader.reset(false);
        Buffer input = bytes("HTTP/1.0 200 OK\r\n\r\nuntil the end");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Head);
        CPPUNIT_ASSERT(reader.bodyUntilClose());
        CollectingSink sink;
        CPPUNIT_ASSERT(reader.readBody(input, sink));
        CPPUNIT_ASSERT(!reader.complete());
        CPPUNIT_ASSERT(reader.readEnd(sink));
        CPPUNIT_ASSERT(reader.complete());
        CPPUNIT_ASSERT_EQUAL(std::string("until the end"), sink.body);
    }

    void testNoBodyForHead()
    {
        ResponseReader reader;
        reader.reset(true);
        Buffer input = bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        CPPUNIT_ASSERT(reader.readHead(input) == Progress::Head);
        CPPUNIT_ASSERT(reader.complete());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(10), reader.head().contentLength);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ResponseReaderTest, "http");
