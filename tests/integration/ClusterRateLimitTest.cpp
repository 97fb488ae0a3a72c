// scope="cluster" rate limits through real porticod processes sharing a real redis-server: one
// limit admitted exactly across three gateways, then Redis stopped, paused and restarted under a
// running gateway, with the configured behaviour (fail open, fail closed) observed and the
// limiter back on its own afterwards.

#include "support/ClusterGatewaysTest.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace portico::test;

class ClusterRateLimitTest : public ClusterGatewaysTest
{
    CPPUNIT_TEST_SUITE(ClusterRateLimitTest);
    CPPUNIT_TEST(testExactAcrossThreeGateways);
    CPPUNIT_TEST(testFailOpenAndRecovery);
    CPPUNIT_TEST(testFailClosedOnSilentRedis);
    CPPUNIT_TEST_SUITE_END();

public:
    void testExactAcrossThreeGateways()
    {
        // 30 per minute for the whole route: a token comes back every 2 s, so a test that takes a
        // second or two sees at most one more.
        for (int i = 0; i < 3; ++i)
            startLimited("<rateLimit requests=\"30\" per=\"1m\" key=\"route\" scope=\"cluster\"/>", "open");
        Tally tally;
        spreadRequests(tally, 3, 25, "/limited/", "",
                       [](const HttpResponse& answer)
                       {
                           return answer.status == 429 &&
                                  answer.body.find("across all gateways") != std::string::npos &&
                                  std::stoi(answer.header("retry-after")) >= 1 &&
                                  answer.header("ratelimit-remaining") == "0";
                       });
        const int admitted = tally.admitted;
        CPPUNIT_ASSERT_EQUAL(0, tally.other.load());
        CPPUNIT_ASSERT_MESSAGE(std::to_string(admitted), admitted >= 30 && admitted <= 31);
        CPPUNIT_ASSERT_EQUAL(75 - admitted, tally.refused.load());
    }

    void testFailOpenAndRecovery()
    {
        startLimited("<rateLimit requests=\"2\" per=\"1m\" key=\"route\" scope=\"cluster\"/>", "open");
        Gateway& gateway = *_gateways[0];
        CPPUNIT_ASSERT_EQUAL(200, gateway.get("/limited/1").status);
        HttpResponse second = gateway.get("/limited/2");
        CPPUNIT_ASSERT_EQUAL(200, second.status);
        CPPUNIT_ASSERT_EQUAL(std::string("0"), second.header("ratelimit-remaining"));
        CPPUNIT_ASSERT_EQUAL(429, gateway.get("/limited/3").status);

        // Redis gone: the route stays open, and the gateway counts what it let through uncounted.
        _redis->stop();
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT_EQUAL(200, gateway.get("/limited/down").status);
        Poco::JSON::Object::Ptr state = rateLimitState(gateway);
        CPPUNIT_ASSERT(state->getObject("redis")->getValue<int>("failures") >= 5);
        Poco::JSON::Object::Ptr route = state->getArray("routes")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("limited"), route->getValue<std::string>("route"));
        CPPUNIT_ASSERT_EQUAL(5, route->getValue<int>("admittedWithoutRedis"));

        // Back (empty: no persistence): the limiter reconnects by itself and counts again.
        _redis->start();
        const auto admittedWithoutRedis = [&] {
            return rateLimitState(gateway)->getArray("routes")->getObject(0)->getValue<int>(
                "admittedWithoutRedis");
        };
        int withoutRedis = admittedWithoutRedis();
        int admittedByRedis = 0;
        bool limitedAgain = false;
        for (int attempt = 0; attempt < 60 && !limitedAgain; ++attempt)
        {
            const int status = gateway.get("/limited/up").status;
            CPPUNIT_ASSERT(status == 200 || status == 429);
            const int now = admittedWithoutRedis();
            if (status == 429)
                limitedAgain = true;
            else if (now == withoutRedis)
                ++admittedByRedis; // counted by Redis, not let through in its absence
            withoutRedis = now;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_ASSERT(limitedAgain);
        CPPUNIT_ASSERT_EQUAL(2, admittedByRedis);
    }

    void testFailClosedOnSilentRedis()
    {
        startLimited("<rateLimit requests=\"100\" per=\"1s\" scope=\"cluster\"/>", "closed");
        Gateway& gateway = *_gateways[0];
        CPPUNIT_ASSERT_EQUAL(200, gateway.get("/limited/1").status);

        // A Redis that accepts but answers nothing: refused after the short timeout, not hung.
        _redis->pause();
        const auto before = std::chrono::steady_clock::now();
        HttpResponse refused = gateway.get("/limited/2");
        const auto waited = std::chrono::steady_clock::now() - before;
        CPPUNIT_ASSERT_EQUAL(503, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), refused.header("retry-after"));
        CPPUNIT_ASSERT(refused.body.find("did not answer within 100 ms") != std::string::npos);
        CPPUNIT_ASSERT(waited < std::chrono::seconds(2));
        CPPUNIT_ASSERT(rateLimitState(gateway)->getArray("routes")->getObject(0)->getValue<int>(
                           "refusedWithoutRedis") >= 1);

        // Answering again: admitted again, without a restart of the gateway.
        _redis->resume();
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 200; ++attempt)
        {
            status = gateway.get("/limited/3").status;
            if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_ASSERT_EQUAL(200, status);
    }

private:
    void startLimited(const std::string& limit, const std::string& failure)
    {
        startGateway("<route name=\"limited\" path=\"/limited/{id}\">" + limit + "<proxy url=\"" +
                         _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n",
                     failure);
    }

    static Poco::JSON::Object::Ptr rateLimitState(Gateway& gateway)
    {
        const HttpResponse answer = adminGet(gateway, "/admin/ratelimits");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        return Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>();
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ClusterRateLimitTest, "cluster");
