// The pieces of a cluster quota that need no Redis: key names (route and quota in braces, long
// callers hashed, the period's name), the exact bytes of a charge by SHA-1 and by text, and which
// replies are understood. The script itself runs on a real redis-server in integration.clusterquota.

#include "quota/ClusterQuota.h"
#include "redis/RespParser.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::quota;
using portico::redis::RedisScript;
using portico::redis::RespParser;
using portico::redis::RespReply;

class ClusterQuotaTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ClusterQuotaTest);
    CPPUNIT_TEST(testKeys);
    CPPUNIT_TEST(testChargeBytes);
    CPPUNIT_TEST(testReplies);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKeys()
    {
        ClusterQuota quota;
        quota.name("orders:2");
        quota.period = QuotaPeriod::Day;
        const std::int64_t noon = 1764936000; // 2025-12-05T12:00:00Z
        CPPUNIT_ASSERT_EQUAL(std::string("portico:quota:{orders:2}:=acme:2025-12-05"),
                             quota.redisKey("acme", periodIndex(QuotaPeriod::Day, noon)));
        quota.period = QuotaPeriod::Month;
        CPPUNIT_ASSERT_EQUAL(std::string("portico:quota:{orders:2}:=:2025-12"),
                             quota.redisKey("", periodIndex(QuotaPeriod::Month, noon)));
        // A caller of any length costs a key of bounded length.
        const std::string hashed =
            quota.redisKey(std::string(5000, 'x'), periodIndex(QuotaPeriod::Month, noon));
        CPPUNIT_ASSERT_EQUAL(std::string("portico:quota:{orders:2}:#"), hashed.substr(0, 26));
        CPPUNIT_ASSERT_EQUAL(std::size_t(26 + 64 + 8), hashed.size());
    }

    void testChargeBytes()
    {
        ClusterQuota quota;
        quota.limit = 1000;
        quota.name("orders:2");
        quota.period = QuotaPeriod::Day;
        const std::uint32_t day = periodIndex(QuotaPeriod::Day, 1764936000); // 2025-12-05
        portico::util::Buffer arguments;
        quota.writeKeyAndArguments(arguments, "acme", day, 1765065600);
        const std::string expected =
            "$41\r\nportico:quota:{orders:2}:=acme:2025-12-05\r\n$4\r\n1000\r\n$10\r\n1765065600\r\n";
        CPPUNIT_ASSERT_EQUAL(expected, std::string(arguments.view()));
        // The next day's key, on the same thread: a new period's name.
        arguments.clear();
        quota.writeKeyAndArguments(arguments, "acme", day + 1, 1765152000);
        CPPUNIT_ASSERT(std::string(arguments.view()).find(":=acme:2025-12-06\r\n") != std::string::npos);

        portico::util::Buffer out;
        ClusterQuota::writeCharge(out, false, expected);
        const std::string sha = ClusterQuota::script().sha1();
        CPPUNIT_ASSERT_EQUAL("*6\r\n$7\r\nEVALSHA\r\n$40\r\n" + sha + "\r\n$1\r\n1\r\n" + expected,
                             std::string(out.view()));
        out.clear();
        ClusterQuota::writeCharge(out, true, expected);
        const std::string text(ClusterQuota::script().text());
        CPPUNIT_ASSERT_EQUAL("*6\r\n$4\r\nEVAL\r\n$" + std::to_string(text.size()) + "\r\n" + text +
                                 "\r\n$1\r\n1\r\n" + expected,
                             std::string(out.view()));
        // Redis names a script by the SHA-1 of its text.
        CPPUNIT_ASSERT_EQUAL(std::string("e0e1f9fabfc9d4800c877a703b823ac0578ff8db"),
                             RedisScript("return 1").sha1());
    }

    void testReplies()
    {
        RespReply reply;
        std::size_t used = 0;
        RespParser::parse("*2\r\n:1\r\n:7\r\n", reply, used);
        ClusterQuota::Outcome admitted = ClusterQuota::read(reply);
        CPPUNIT_ASSERT(admitted.valid && admitted.admitted);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(7), admitted.used);
        RespParser::parse("*2\r\n:0\r\n:20\r\n", reply, used);
        ClusterQuota::Outcome refused = ClusterQuota::read(reply);
        CPPUNIT_ASSERT(refused.valid && !refused.admitted);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(20), refused.used);
        for (const char* odd : {"*2\r\n:2\r\n:1\r\n", "*1\r\n:1\r\n", "*2\r\n:1\r\n$1\r\n7\r\n", ":1\r\n",
                                "*2\r\n:1\r\n:-1\r\n"})
        {
            RespParser::parse(odd, reply, used);
            CPPUNIT_ASSERT_MESSAGE(odd, !ClusterQuota::read(reply).valid);
        }
        RespParser::parse("-NOSCRIPT No matching script. Please use EVAL.\r\n", reply, used);
        CPPUNIT_ASSERT(RedisScript::isUnknownScript(reply));
        RespParser::parse("-ERR something else\r\n", reply, used);
        CPPUNIT_ASSERT(!RedisScript::isUnknownScript(reply));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ClusterQuotaTest, "quota");
