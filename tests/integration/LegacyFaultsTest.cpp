// A real porticod with the tcp adapter in front of a legacy TCP peer that fails on purpose
// (tests/demo/faults/faulty_legacy_peer.py), its circuit breaker off (maxFails="0") so that every
// request meets the fault: refusing connections, resetting before the reply, answering bytes that
// are no frame or a frame the codec refuses, never answering, closing after every reply, and
// dying mid-reply. Each fault gets the contract's answer, the next normal request works, and five
// rounds leave the gateway with no more descriptors or threads than one round did. Then a cluster
// rate limit on such a route, its Redis stopped and started again on the same port five times:
// the documented failure mode while it is gone, the limit back once it is there again, and no
// growth either.

#include "support/GatewayFixture.h"
#include "support/ProcessHoldings.h"
#include "support/RedisServer.h"
#include "support/ScriptService.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace portico::test;

namespace
{

using std::chrono::milliseconds;
using std::chrono::seconds;

const char* const peerScript = "tests/demo/faults/faulty_legacy_peer.py";

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// GET PATH/{command} sends the command to the peer as a 12-character record behind a 2-byte
// length; the peer's good reply is "00" and the record again. A pool of 2, so that reused
// connections are part of every round; maxBytes far below what a garbage length announces.
std::string legacyRoute(const std::string& name, const std::string& path, const std::string& endpoint,
                        const std::string& policies = "")
{
    return "<route name=\"" + name + "\" path=\"" + path + "/{command}\" methods=\"GET\">" + policies +
           "<adapter type=\"tcp\"><endpoint>" + endpoint +
           "</endpoint>"
           "<framing type=\"length-prefix\" bytes=\"2\" byteOrder=\"big\" maxBytes=\"1KiB\"/>"
           "<charset>US-ASCII</charset>"
           "<request codec=\"fixed\"><field name=\"command\" length=\"12\"/></request>"
           "<response codec=\"fixed\"><field name=\"rc\" length=\"2\" type=\"int\"/>"
           "<field name=\"echo\" length=\"12\"/></response>"
           "<pool size=\"2\" connectTimeout=\"1s\" timeout=\"1s\" maxFails=\"0\"/>"
           "</adapter></route>\n";
}

// The peer's good reply to "ok", decoded: the answer is that request's own.
void assertGood(const HttpResponse& answer, const std::string& what)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + answer.body, 200, answer.status);
    const Poco::JSON::Object::Ptr reply = parseObject(answer.body);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 0, reply->getValue<int>("rc"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("ok"), reply->getValue<std::string>("echo"));
}

void assertProblem(const HttpResponse& answer, int status, const std::string& what)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + answer.body, status, answer.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("application/problem+json"),
                                 answer.header("content-type"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, status, parseObject(answer.body)->getValue<int>("status"));
}

} // namespace

class LegacyFaultsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LegacyFaultsTest);
    CPPUNIT_TEST(testEveryFaultAnsweredAndRecoveredWithoutLeaks);
    CPPUNIT_TEST(testClusterRateLimitThroughRedisOutages);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryFaultAnsweredAndRecoveredWithoutLeaks()
    {
        TempDirectory folder;
        auto peer = std::make_unique<ScriptService>(folder, "peer", peerScript);
        const std::string samePort = "--port=" + std::to_string(peer->port());
        Gateway gateway(folder, pluginGatewayConfig(privatePluginFolder(folder, "tcp"),
                                                    legacyRoute("legacy", "/legacy", peer->address())));

        ProcessHoldings afterFirst;
        for (int round = 1; round <= 5; ++round)
        {
            const std::string when = "round " + std::to_string(round) + ": ";
            assertFault(gateway, "reset", 502, when + "reset before the reply");
            assertFault(gateway, "garbage", 502, when + "bytes that are no frame");
            assertFault(gateway, "short", 502, when + "a reply of the wrong length");
            const auto before = std::chrono::steady_clock::now();
            assertFault(gateway, "silent", 504, when + "no reply");
            // The route's timeout (1 s) decides, not the client's patience.
            CPPUNIT_ASSERT_MESSAGE(when + "no reply, answered late",
                                   std::chrono::steady_clock::now() - before < seconds(3));
            assertFault(gateway, "half", 502, when + "death mid-reply");

            // The peer closes after each reply, so the connection pooled by one request is dead
            // when the next one wants it: the gateway must notice and connect again.
            RawHttpClient client("127.0.0.1", gateway.port(), seconds(10));
            for (int i = 0; i < 5; ++i)
            {
                const HttpResponse answer = client.request(simpleRequest("GET", "/legacy/close-after"));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(when + "answer " + std::to_string(i) +
                                                 " after a close: " + answer.body,
                                             200, answer.status);
                CPPUNIT_ASSERT_EQUAL(std::string("close-after"),
                                     parseObject(answer.body)->getValue<std::string>("echo"));
            }
            assertGood(gateway.get("/legacy/ok"), when + "after the closes");

            // Nothing listening (its pooled connections die with it), then the peer back on
            // the same port.
            peer.reset();
            const HttpResponse refused = gateway.get("/legacy/ok");
            assertProblem(refused, 502, when + "connection refused");
            // A pooled connection used after the peer closed it would fail differently ("broke").
            CPPUNIT_ASSERT_MESSAGE(when + refused.body,
                                   refused.body.find("cannot connect") != std::string::npos);
            peer = std::make_unique<ScriptService>(folder, "peer-" + std::to_string(round), peerScript,
                                                   std::vector<std::string>{samePort});
            assertGood(gateway.get("/legacy/ok"), when + "connection refused, then the peer back");

            if (round == 1)
            {
                afterFirst = holdingsOf(gateway.process().pid());
            }
        }
        assertNothingLeftBehind(afterFirst, holdingsOf(gateway.process().pid()), 2, "five rounds");
    }

    // <redis> without failure="…": the default, fail open. With Redis gone the route admits what
    // its limit would refuse; with Redis back on the same port (empty: no persistence) the
    // limit counts from zero again and refuses the third request.
    void testClusterRateLimitThroughRedisOutages()
    {
        TempDirectory folder;
        ScriptService peer(folder, "peer", peerScript);
        RedisServer redis(folder);
        std::string config = pluginGatewayConfig(
            privatePluginFolder(folder, "tcp"),
            legacyRoute("limited", "/limited", peer.address(),
                        "<rateLimit requests=\"2\" per=\"1m\" key=\"route\" scope=\"cluster\"/>"));
        config.insert(config.find("  <routes>"),
                      "  <redis address=\"" + redis.address() + "\" timeout=\"100ms\"/>\n");
        Gateway gateway(folder, config);

        assertGood(gateway.get("/limited/ok"), "first");
        assertGood(gateway.get("/limited/ok"), "second");
        assertLimited(gateway.get("/limited/ok"), "third");

        ProcessHoldings afterFirst;
        for (int round = 1; round <= 5; ++round)
        {
            const std::string when = "outage " + std::to_string(round) + ": ";
            redis.stop();
            const int withoutRedisBefore = admittedWithoutRedis(gateway);
            for (int i = 0; i < 5; ++i)
                assertGood(gateway.get("/limited/ok"),
                           when + "request " + std::to_string(i) + " without Redis");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(when + "admitted without Redis", withoutRedisBefore + 5,
                                         admittedWithoutRedis(gateway));

            // Reconnecting waits out a back-off of up to 2 s: requests until then are still
            // admitted without Redis. Those Redis counted are the limit's 2, then it refuses.
            redis.start();
            int withoutRedis = admittedWithoutRedis(gateway);
            int admittedByRedis = 0;
            bool limitedAgain = false;
            for (int attempt = 0; attempt < 50 && !limitedAgain; ++attempt)
            {
                const HttpResponse answer = gateway.get("/limited/ok");
                const int now = admittedWithoutRedis(gateway);
                if (answer.status == 429)
                {
                    assertLimited(answer, when + "limited again");
                    limitedAgain = true;
                }
                else
                {
                    assertGood(answer, when + "Redis back");
                    if (now == withoutRedis) ++admittedByRedis;
                }
                withoutRedis = now;
                std::this_thread::sleep_for(milliseconds(100));
            }
            CPPUNIT_ASSERT_MESSAGE(when + "never limited again within 5 s", limitedAgain);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(when + "admitted by Redis", 2, admittedByRedis);

            if (round == 1)
            {
                afterFirst = holdingsOf(gateway.process().pid());
            }
        }
        assertNothingLeftBehind(afterFirst, holdingsOf(gateway.process().pid()), 2, "five outages");
    }

private:
    // The gateway answers the fault with status as problem+json, and the peer's next normal
    // reply comes through.
    static void assertFault(Gateway& gateway, const std::string& command, int status, const std::string& what)
    {
        assertProblem(gateway.get("/legacy/" + command), status, what);
        assertGood(gateway.get("/legacy/ok"), what + ", then ok");
    }

    static void assertLimited(const HttpResponse& answer, const std::string& what)
    {
        assertProblem(answer, 429, what);
        CPPUNIT_ASSERT_MESSAGE(what + ": Retry-After", std::stoi(answer.header("retry-after")) >= 1);
    }

    static int admittedWithoutRedis(Gateway& gateway)
    {
        const HttpResponse answer = adminCall(gateway, "GET", "/admin/ratelimits");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        return parseObject(answer.body)
            ->getArray("routes")
            ->getObject(0)
            ->getValue<int>("admittedWithoutRedis");
    }

    // Pooled connections (2 to the peer, one to Redis per event loop) come and go; what a fault
    // leaves behind would add up over the rounds.
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LegacyFaultsTest, "legacyfaults");
