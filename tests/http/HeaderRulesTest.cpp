// A proxy that forwards a hop-by-hop field, or one its Connection header names, lets a client
// strip or inject fields the next hop relies on (RFC 9110 7.6.1).
#include "http/HeaderRules.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using portico::http::ForwardingFilter;
using portico::http::HeaderField;
using portico::http::HttpHead;
using portico::http::isHopByHopHeader;
using portico::http::isNamedByConnection;
using portico::http::mustNotForward;

namespace
{

HttpHead headWith(std::initializer_list<HeaderField> fields)
{
    HttpHead head;
    head.headers.assign(fields.begin(), fields.end());
    return head;
}

} // namespace

class HeaderRulesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HeaderRulesTest);
    CPPUNIT_TEST(testHopByHopSet);
    CPPUNIT_TEST(testHopByHopIsCaseInsensitive);
    CPPUNIT_TEST(testEndToEndFieldsAreNotHopByHop);
    CPPUNIT_TEST(testNamedByConnection);
    CPPUNIT_TEST(testNamedByConnectionListSyntax);
    CPPUNIT_TEST(testSeveralConnectionHeaders);
    CPPUNIT_TEST(testNothingNamedWithoutConnection);
    CPPUNIT_TEST(testForwardingFilterAgreesWithMustNotForward);
    CPPUNIT_TEST(testMustNotForward);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHopByHopSet()
    {
        for (const char* name : {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
                                 "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade"})
        {
            CPPUNIT_ASSERT_MESSAGE(name, isHopByHopHeader(name));
        }
    }

    void testHopByHopIsCaseInsensitive()
    {
        for (const char* name : {"connection", "CONNECTION", "keep-alive", "KEEP-ALIVE", "te", "tE",
                                 "transfer-encoding", "TRANSFER-ENCODING", "uPgRaDe", "proxy-authorization"})
        {
            CPPUNIT_ASSERT_MESSAGE(name, isHopByHopHeader(name));
        }
    }

    void testEndToEndFieldsAreNotHopByHop()
    {
        for (const char* name : {"Host", "Content-Length", "Content-Type", "Authorization", "Cookie",
                                 "Accept", "X-Forwarded-For", "Trailers", "Connections", "Transfer-Encodings",
                                 "T", "TE ", " TE", "Keep-Alive2", "Proxy", "Upgrade-Insecure-Requests", ""})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + name + "'", !isHopByHopHeader(name));
        }
    }

    void testNamedByConnection()
    {
        const HttpHead head = headWith({{"Host", "a"}, {"Connection", "X-Secret"}, {"X-Secret", "s"}});
        CPPUNIT_ASSERT(isNamedByConnection(head, "X-Secret"));
        CPPUNIT_ASSERT(isNamedByConnection(head, "x-secret"));
        CPPUNIT_ASSERT(isNamedByConnection(head, "X-SECRET"));
        CPPUNIT_ASSERT(!isNamedByConnection(head, "X-Secre"));
        CPPUNIT_ASSERT(!isNamedByConnection(head, "X-Secret2"));
        CPPUNIT_ASSERT(!isNamedByConnection(head, "Host"));
        // The Connection field name itself is matched case-insensitively too.
        const HttpHead lower = headWith({{"connection", "x-secret"}});
        CPPUNIT_ASSERT(isNamedByConnection(lower, "X-Secret"));
    }

    void testNamedByConnectionListSyntax()
    {
        const HttpHead head = headWith({{"Connection", "close,X-A ,  X-B\t,,\tx-c , "}});
        for (const char* name : {"close", "X-A", "x-b", "X-C"})
        {
            CPPUNIT_ASSERT_MESSAGE(name, isNamedByConnection(head, name));
        }
        for (const char* name : {"", " ", "X-A ", "X-AX-B", "X-D", "X"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + name + "'", !isNamedByConnection(head, name));
        }
    }

    void testSeveralConnectionHeaders()
    {
        const HttpHead head = headWith({{"Connection", "keep-alive"},
                                        {"X-Other", "X-Not-An-Option"},
                                        {"CONNECTION", "X-First, X-Second"},
                                        {"Connection", "X-Third"}});
        for (const char* name : {"keep-alive", "X-First", "X-Second", "X-Third"})
        {
            CPPUNIT_ASSERT_MESSAGE(name, isNamedByConnection(head, name));
        }
        CPPUNIT_ASSERT(!isNamedByConnection(head, "X-Not-An-Option"));
    }

    void testNothingNamedWithoutConnection()
    {
        const HttpHead head = headWith({{"Host", "a"}, {"X-Connection", "X-A"}, {"Proxy-Connection", "X-B"}});
        CPPUNIT_ASSERT(!isNamedByConnection(head, "X-A"));
        CPPUNIT_ASSERT(!isNamedByConnection(head, "X-B"));
        CPPUNIT_ASSERT(!isNamedByConnection(HttpHead(), "X-A"));
    }

    void testMustNotForward()
    {
        const HttpHead head =
            headWith({{"Connection", "close, X-Secret"}, {"X-Secret", "s"}, {"Accept", "*/*"}});
        CPPUNIT_ASSERT(mustNotForward(head, "Connection"));
        CPPUNIT_ASSERT(mustNotForward(head, "TE"));
        CPPUNIT_ASSERT(mustNotForward(head, "x-secret"));
        CPPUNIT_ASSERT(!mustNotForward(head, "Accept"));
        CPPUNIT_ASSERT(!mustNotForward(head, "Content-Length"));
        // Hop-by-hop whatever the Connection header says.
        CPPUNIT_ASSERT(mustNotForward(HttpHead(), "Transfer-Encoding"));
        CPPUNIT_ASSERT(!mustNotForward(HttpHead(), "X-Secret"));
    }

    // The filter reads the Connection headers once; it must drop exactly what mustNotForward()
    // drops, also past the names it keeps (the overflow path).
    void testForwardingFilterAgreesWithMustNotForward()
    {
        const std::vector<std::string> probes = {"Host",    "X-A",    "x-b",        "X-C",   "X-D",
                                                 "X-I",     "X-J",    "Keep-Alive", "close", "TE",
                                                 "Upgrade", "Accept", "X-AX-B",     ""};
        for (const char* connection : {"", "close", "keep-alive, X-A", "close,X-A ,  X-B\t,,\tx-c , ",
                                       "X-A, X-B, X-C, X-D, X-E, X-F, X-G, X-H, X-I, X-J"})
        {
            HttpHead head = headWith({{"Host", "h"}, {"Connection", connection}, {"connection", "x-d"}});
            const ForwardingFilter filter(head);
            for (const std::string& name : probes)
            {
                CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(connection) + " / " + name,
                                             mustNotForward(head, name), filter.drops(name));
            }
        }
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HeaderRulesTest, "http");
