// The RESP2 reply parser on replies split anywhere (as the socket delivers them), nested arrays,
// nil, errors, and bytes that are not RESP; the command writer's bytes; and the reading of the
// cluster rate-limit script's replies.

#include "redis/RespParser.h"
#include "ratelimit/ClusterScript.h"
#include "redis/RedisKeyPart.h"
#include "redis/RespCommand.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::redis;

class RespParserTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RespParserTest);
    CPPUNIT_TEST(testEveryType);
    CPPUNIT_TEST(testSplitAnywhere);
    CPPUNIT_TEST(testInvalid);
    CPPUNIT_TEST(testCommandBytes);
    CPPUNIT_TEST(testKeyBulk);
    CPPUNIT_TEST(testScriptReplies);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryType()
    {
        RespReply reply;
        std::size_t used = 0;
        CPPUNIT_ASSERT(RespParser::parse("+OK\r\n", reply, used) == ParseResult::Complete);
        CPPUNIT_ASSERT(reply.type == RespReply::Type::Status && reply.text == "OK" && used == 5);
        CPPUNIT_ASSERT(RespParser::parse("-NOSCRIPT No matching script\r\n", reply, used) ==
                       ParseResult::Complete);
        CPPUNIT_ASSERT(reply.isError() && reply.text == "NOSCRIPT No matching script");
        CPPUNIT_ASSERT(RespParser::parse(":-42\r\n", reply, used) == ParseResult::Complete);
        CPPUNIT_ASSERT(reply.type == RespReply::Type::Integer && reply.number == -42);
        CPPUNIT_ASSERT(RespParser::parse("$5\r\na\r\nbc\r\n", reply, used) == ParseResult::Complete);
        CPPUNIT_ASSERT(reply.type == RespReply::Type::Bulk && reply.text == "a\r\nbc" && used == 11);
        CPPUNIT_ASSERT(RespParser::parse("$-1\r\n", reply, used) == ParseResult::Complete);
        CPPUNIT_ASSERT(reply.type == RespReply::Type::Nil);
        CPPUNIT_ASSERT(RespParser::parse("*2\r\n:1\r\n*1\r\n$1\r\nx\r\n:9\r\n", reply, used) ==
                       ParseResult::Complete);
        CPPUNIT_ASSERT(reply.type == RespReply::Type::Array && reply.elements.size() == 2);
        CPPUNIT_ASSERT_EQUAL(std::string("x"), reply.elements[1].elements[0].text);
        CPPUNIT_ASSERT_EQUAL(std::size_t(19), used); // the next reply (":9") is left for the next call
    }

    void testSplitAnywhere()
    {
        const std::string whole = "*3\r\n:1\r\n$3\r\nabc\r\n:-7\r\n";
        for (std::size_t cut = 0; cut < whole.size(); ++cut)
        {
            RespReply reply;
            std::size_t used = 0;
            CPPUNIT_ASSERT(RespParser::parse(whole.substr(0, cut), reply, used) == ParseResult::NeedMore);
        }
        RespReply reply;
        std::size_t used = 0;
        CPPUNIT_ASSERT(RespParser::parse(whole, reply, used) == ParseResult::Complete);
        CPPUNIT_ASSERT_EQUAL(whole.size(), used);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-7), reply.elements[2].number);
    }

    void testInvalid()
    {
        RespReply reply;
        std::size_t used = 0;
        for (const char* bad : {"?\r\n", ":12a\r\n", "$-2\r\n", "$3\r\nabcd\r\n", "*-5\r\n",
                                "$99999999999\r\n", "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"})
            CPPUNIT_ASSERT_MESSAGE(bad, RespParser::parse(bad, reply, used) == ParseResult::Invalid);
    }

    void testCommandBytes()
    {
        portico::util::Buffer out;
        RespCommand(out, 3).argument("SET").argument("k").argument(std::int64_t(-12));
        CPPUNIT_ASSERT_EQUAL(std::string("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n-12\r\n"),
                             std::string(out.view()));
    }

    void testKeyBulk()
    {
        // Short callers as they are, long ones as their SHA-256: keys of bounded length either way.
        portico::util::Buffer out;
        portico::redis::appendKeyBulk(out, "p:{r}:1:", "acme", ":x");
        CPPUNIT_ASSERT_EQUAL(std::string("$15\r\np:{r}:1:=acme:x\r\n"), std::string(out.view()));
        CPPUNIT_ASSERT_EQUAL(std::string("=acme"), portico::redis::boundedKeyPart("acme"));
        out.clear();
        const std::string longCaller(129, 'a');
        portico::redis::appendKeyBulk(out, "p:", longCaller, "");
        const std::string hashed = portico::redis::boundedKeyPart(longCaller);
        CPPUNIT_ASSERT_EQUAL(std::size_t(65), hashed.size());
        CPPUNIT_ASSERT_EQUAL('#', hashed[0]);
        CPPUNIT_ASSERT_EQUAL("$67\r\np:" + hashed + "\r\n", std::string(out.view()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(129), portico::redis::boundedKeyPart(std::string(128, 'a')).size());
    }

    void testScriptReplies()
    {
        using portico::ratelimit::ClusterScript;
        RespReply reply;
        std::size_t used = 0;
        RespParser::parse("*3\r\n:1\r\n:200000\r\n:5000\r\n", reply, used);
        ClusterScript::Outcome admitted = ClusterScript::read(reply, 2);
        CPPUNIT_ASSERT(admitted.valid && admitted.admitted);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), admitted.untilFull[1]);
        CPPUNIT_ASSERT(!ClusterScript::read(reply, 3).valid); // one limit short
        RespParser::parse("*4\r\n:0\r\n:2\r\n:150\r\n:950\r\n", reply, used);
        ClusterScript::Outcome refused = ClusterScript::read(reply, 2);
        CPPUNIT_ASSERT(refused.valid && !refused.admitted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), refused.refusedBy);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(150), refused.retryAfter);
        RespParser::parse("*4\r\n:0\r\n:3\r\n:150\r\n:950\r\n", reply, used);
        CPPUNIT_ASSERT(!ClusterScript::read(reply, 2).valid); // names a limit that is not there
        // The SHA-1 Redis will know the script by: 40 hex digits.
        CPPUNIT_ASSERT_EQUAL(std::size_t(40), ClusterScript::sha1().size());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RespParserTest, "redis");
