// HeadScanner is the first gate against request smuggling: it must find the end of a head however
// the bytes arrive, and refuse the line-ending and field-name forms that libhttp-parser lets through.
#include "http/HeadScanner.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstring>
#include <string>

using portico::http::HeadScanner;
using portico::http::HeadScanResult;
using portico::http::validateHeadBlock;

namespace CppUnit
{
template <> struct assertion_traits<HeadScanResult>
{
    static bool equal(HeadScanResult a, HeadScanResult b) { return a == b; }
    static std::string toString(HeadScanResult r)
    {
        switch (r)
        {
        case HeadScanResult::NeedMore:
            return "NeedMore";
        case HeadScanResult::Complete:
            return "Complete";
        case HeadScanResult::Malformed:
            return "Malformed";
        }
        return "?";
    }
};
} // namespace CppUnit

namespace
{

// Scans text in one call with a fresh scanner and returns the reason it was refused.
std::string rejection(const std::string& text)
{
    HeadScanner scanner;
    std::size_t headLength = 0;
    const char* reason = nullptr;
    const HeadScanResult result = scanner.scan(text, headLength, reason);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("scanning '" + text + "'", HeadScanResult::Malformed, result);
    CPPUNIT_ASSERT_MESSAGE("a Malformed result must say why", reason != nullptr);
    return reason;
}

// Scans text in one call and returns the head length, failing if it is not Complete.
std::size_t headLengthOf(const std::string& text)
{
    HeadScanner scanner;
    std::size_t headLength = 0;
    const char* reason = nullptr;
    const HeadScanResult result = scanner.scan(text, headLength, reason);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string("scanning '") + text + "': " + (reason ? reason : ""),
                                 HeadScanResult::Complete, result);
    return headLength;
}

} // namespace

class HeadScannerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HeadScannerTest);
    CPPUNIT_TEST(testCompleteHeadInOneCall);
    CPPUNIT_TEST(testNeedMoreUntilBlankLine);
    CPPUNIT_TEST(testHeadFedOneByteAtATime);
    CPPUNIT_TEST(testMalformedFedOneByteAtATime);
    CPPUNIT_TEST(testTwoHeadsBackToBack);
    CPPUNIT_TEST(testResetStartsOver);
    CPPUNIT_TEST(testRejectsBareLf);
    CPPUNIT_TEST(testRejectsBareCr);
    CPPUNIT_TEST(testRejectsWhitespaceBeforeColon);
    CPPUNIT_TEST(testRejectsObsoleteLineFolding);
    CPPUNIT_TEST(testRejectsControlCharactersInValues);
    CPPUNIT_TEST(testRejectsControlCharactersInStartLine);
    CPPUNIT_TEST(testRejectsEmptyOrInvalidFieldName);
    CPPUNIT_TEST(testRejectsLeadingEmptyLine);
    CPPUNIT_TEST(testAcceptsTabsInValues);
    CPPUNIT_TEST(testValidateHeadBlock);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCompleteHeadInOneCall()
    {
        const std::string head = "GET /a HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n";
        CPPUNIT_ASSERT_EQUAL(head.size(), headLengthOf(head));
        // A head with no fields at all ends at the first blank line.
        CPPUNIT_ASSERT_EQUAL(std::size_t(18), headLengthOf("GET / HTTP/1.1\r\n\r\n"));
    }

    void testNeedMoreUntilBlankLine()
    {
        for (const char* partial : {"", "GET / HTTP/1.1", "GET / HTTP/1.1\r\n",
                                    "GET / HTTP/1.1\r\nHost: a\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\r"})
        {
            HeadScanner scanner;
            std::size_t headLength = 12345;
            const char* reason = nullptr;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(partial, HeadScanResult::NeedMore,
                                         scanner.scan(partial, headLength, reason));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(partial, std::size_t(12345), headLength);
        }
    }

    void testHeadFedOneByteAtATime()
    {
        const std::string head = "POST /orders?id=7 HTTP/1.1\r\nHost: api.example.com\r\n"
                                 "Content-Length: 5\r\nX-Tab:\tone\ttwo\r\n\r\n";
        const std::string bytes = head + "hello";
        HeadScanner scanner;
        std::size_t headLength = 0;
        const char* reason = nullptr;
        for (std::size_t length = 1; length < head.size(); ++length)
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "after " + std::to_string(length) + " bytes", HeadScanResult::NeedMore,
                scanner.scan(std::string_view(bytes).substr(0, length), headLength, reason));
        }
        CPPUNIT_ASSERT_EQUAL(
            HeadScanResult::Complete,
            scanner.scan(std::string_view(bytes).substr(0, head.size()), headLength, reason));
        CPPUNIT_ASSERT_EQUAL(head.size(), headLength);
    }

    void testMalformedFedOneByteAtATime()
    {
        // The bare LF comes after several clean lines: resuming must not skip past it.
        const std::string bytes = "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\nX-C: d\r\n\r\n";
        HeadScanner scanner;
        std::size_t headLength = 0;
        const char* reason = nullptr;
        HeadScanResult result = HeadScanResult::NeedMore;
        std::size_t length = 0;
        while (result == HeadScanResult::NeedMore && length < bytes.size())
        {
            ++length;
            result = scanner.scan(std::string_view(bytes).substr(0, length), headLength, reason);
        }
        CPPUNIT_ASSERT_EQUAL(HeadScanResult::Malformed, result);
        CPPUNIT_ASSERT_EQUAL(bytes.find("b\n") + 2, length); // refused as soon as the LF arrived
        CPPUNIT_ASSERT_EQUAL(std::string("line not terminated by CRLF"), std::string(reason));
    }

    void testTwoHeadsBackToBack()
    {
        const std::string first = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n";
        const std::string second = "GET /two HTTP/1.1\r\nHost: a\r\nX-Long-Header: xxxxxxxx\r\n\r\n";
        CPPUNIT_ASSERT_EQUAL(first.size(), headLengthOf(first + second));
    }

    void testResetStartsOver()
    {
        const std::string first = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n";
        const std::string second = "GET /2 HTTP/1.1\r\n\r\n";
        HeadScanner scanner;
        std::size_t headLength = 0;
        const char* reason = nullptr;
        CPPUNIT_ASSERT_EQUAL(HeadScanResult::NeedMore,
                             scanner.scan(std::string_view(first).substr(0, 20), headLength, reason));
        CPPUNIT_ASSERT_EQUAL(HeadScanResult::Complete, scanner.scan(first, headLength, reason));
        CPPUNIT_ASSERT_EQUAL(first.size(), headLength);
        // The connection consumes the first head and scans what follows from its start.
        scanner.reset();
        CPPUNIT_ASSERT_EQUAL(HeadScanResult::NeedMore,
                             scanner.scan(std::string_view(second).substr(0, 5), headLength, reason));
        CPPUNIT_ASSERT_EQUAL(HeadScanResult::Complete, scanner.scan(second, headLength, reason));
        CPPUNIT_ASSERT_EQUAL(second.size(), headLength);
    }

    void testRejectsBareLf()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("line not terminated by CRLF"),
                             rejection("GET / HTTP/1.1\nHost: a\n\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line not terminated by CRLF"),
                             rejection("GET / HTTP/1.1\r\nHost: a\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line not terminated by CRLF"),
                             rejection("GET / HTTP/1.1\r\nHost: a\r\n\n"));
        // Refused before the head is complete: there is nothing to wait for.
        CPPUNIT_ASSERT_EQUAL(std::string("line not terminated by CRLF"), rejection("GET / HTTP/1.1\n"));
    }

    void testRejectsBareCr()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("control character in header field value"),
                             rejection("GET / HTTP/1.1\r\nHost: a\rX-Injected: 1\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("GET / HTTP/1.1\r\nHo\rst: a\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("control character in start line"),
                             rejection("GET / HTTP/1.1\rHost: a\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("control character in header field value"),
                             rejection("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n"));
    }

    void testRejectsWhitespaceBeforeColon()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("POST / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 5\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("POST / HTTP/1.1\r\nTransfer Encoding: chunked\r\n\r\n"));
    }

    void testRejectsObsoleteLineFolding()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("obsolete line folding"),
                             rejection("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("obsolete line folding"),
                             rejection("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n\ttwo\r\n\r\n"));
        // A folded line straight after the start line is just as bad.
        CPPUNIT_ASSERT_EQUAL(std::string("obsolete line folding"),
                             rejection("GET / HTTP/1.1\r\n Host: a\r\n\r\n"));
    }

    void testRejectsControlCharactersInValues()
    {
        for (char control : {'\0', '\x01', '\x0b', '\x1f', '\x7f'})
        {
            std::string head = "GET / HTTP/1.1\r\nHost: a\r\nX-A: b";
            head += control;
            head += "c\r\n\r\n";
            CPPUNIT_ASSERT_EQUAL_MESSAGE("byte " + std::to_string(static_cast<int>(control)),
                                         std::string("control character in header field value"),
                                         rejection(head));
        }
    }

    void testRejectsControlCharactersInStartLine()
    {
        std::string head = "GET /a";
        head += '\0';
        head += "b HTTP/1.1\r\nHost: a\r\n\r\n";
        CPPUNIT_ASSERT_EQUAL(std::string("control character in start line"), rejection(head));
        CPPUNIT_ASSERT_EQUAL(std::string("control character in start line"),
                             rejection("GET /a\x7f HTTP/1.1\r\n\r\n"));
    }

    void testRejectsEmptyOrInvalidFieldName()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("GET / HTTP/1.1\r\nHost: a\r\n: empty\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("GET / HTTP/1.1\r\nX(A): b\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             rejection("GET / HTTP/1.1\r\nX\xc3\xa4: b\r\n\r\n"));
    }

    void testRejectsLeadingEmptyLine()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("empty line before the start line"),
                             rejection("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line not terminated by CRLF"),
                             rejection("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        // Refused as soon as the stray CRLF is seen, not once a head follows it.
        CPPUNIT_ASSERT_EQUAL(std::string("empty line before the start line"), rejection("\r\n"));
    }

    void testAcceptsTabsInValues()
    {
        const std::string head = "GET / HTTP/1.1\r\nHost: a\r\nX-A:\tleading tab\r\nX-B: in\tside\t\r\n"
                                 "X-Empty:\r\nX-Token!#$%&'*+-.^_`|~: 1\r\nX-High: caf\xc3\xa9\r\n\r\n";
        CPPUNIT_ASSERT_EQUAL(head.size(), headLengthOf(head));
    }

    void testValidateHeadBlock()
    {
        CPPUNIT_ASSERT(validateHeadBlock("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == nullptr);
        CPPUNIT_ASSERT(validateHeadBlock("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string("no start line"), std::string(validateHeadBlock("GET / HTTP/1.1")));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed header field name"),
                             std::string(validateHeadBlock("GET / HTTP/1.1\r\nA : b\r\n\r\n")));
        CPPUNIT_ASSERT_EQUAL(std::string("obsolete line folding"),
                             std::string(validateHeadBlock("GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n")));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HeadScannerTest, "http");
