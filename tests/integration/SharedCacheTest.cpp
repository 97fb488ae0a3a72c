// <cache shared="true"> through two real porticod processes sharing a real redis-server: an
// answer one gateway stored is a hit on the other without reaching the back end, a purge made
// through one gateway empties Redis and the other gateway's memory, and with Redis stopped both
// go on from memory.

#include "support/ClusterGatewaysTest.h"
#include "support/ConfigCheck.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

using namespace portico::test;

class SharedCacheTest : public ClusterGatewaysTest
{
    CPPUNIT_TEST_SUITE(SharedCacheTest);
    CPPUNIT_TEST(testSharedBetweenGateways);
    CPPUNIT_TEST(testPurgeReachesEveryGateway);
    CPPUNIT_TEST(testRedisDownDegradesToMemory);
    CPPUNIT_TEST(testNeedsRedis);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSharedBetweenGateways()
    {
        Gateway& first = startCached();
        Gateway& second = startCached();
        const HttpResponse miss = first.get("/c/a");
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), miss.header("x-cache"));
        const HttpResponse shared = second.get("/c/a");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(shared.body, 200, shared.status);
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), shared.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(miss.body, shared.body);
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), second.get("/c/a").header("x-cache")); // now in its memory
        CPPUNIT_ASSERT_EQUAL(1, _upstream->requestsServed());
        Poco::JSON::Object::Ptr counters = cacheState(second)->getObject("shared");
        CPPUNIT_ASSERT_EQUAL(1, counters->getValue<int>("hits"));
        CPPUNIT_ASSERT_EQUAL(0, counters->getValue<int>("failures"));
    }

    void testPurgeReachesEveryGateway()
    {
        Gateway& first = startCached();
        Gateway& second = startCached();
        first.get("/c/p/1");
        first.get("/c/q/1");
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), second.get("/c/p/1").header("x-cache"));
        const HttpResponse purged = adminCall(first, "POST", "/admin/cache/purge", "{\"prefix\":\"/c/p/\"}");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(purged.body, std::string("{\"purged\":1,\"sharedPurged\":1}"),
                                     purged.body);
        // The other gateway hears it and empties its own memory.
        int heard = 0;
        for (int attempt = 0; attempt < 50 && heard == 0; ++attempt)
        {
            heard = cacheState(second)->getObject("shared")->getValue<int>("purgesHeard");
            if (heard == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_ASSERT(heard >= 1);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), second.get("/c/p/1").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"),
                             second.get("/c/q/1").header("x-cache")); // not under the prefix
    }

    void testRedisDownDegradesToMemory()
    {
        Gateway& first = startCached();
        Gateway& second = startCached();
        _redis->stop();
        const HttpResponse miss = first.get("/c/d");
        CPPUNIT_ASSERT_EQUAL(200, miss.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), miss.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), first.get("/c/d").header("x-cache"));
        const HttpResponse other = second.get("/c/d"); // not in its memory, and Redis is gone
        CPPUNIT_ASSERT_EQUAL(200, other.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), other.header("x-cache"));
        CPPUNIT_ASSERT(cacheState(first)->getObject("shared")->getValue<int>("failures") >= 1);
        const HttpResponse purged = adminCall(first, "POST", "/admin/cache/purge", "{}");
        CPPUNIT_ASSERT_EQUAL(200, purged.status);
        CPPUNIT_ASSERT(purged.body.find("\"sharedError\"") != std::string::npos);
    }

    void testNeedsRedis()
    {
        const std::string text = gatewayConfig(
            "", "<route name=\"c\" path=\"/c/*\"><cache ttl=\"30s\" shared=\"true\"/><proxy url=\"" +
                    _upstream->url() + "\"/></route>\n");
        assertRefusedAt(
            checkConfig(*_folder, text),
            {{"<cache ttl", "<cache shared=\"true\"> shares entries through the gateways' Redis"}});
    }

private:
    Gateway& startCached()
    {
        return startGateway(
            "<route name=\"cached\" path=\"/c/*\"><cache ttl=\"30s\" shared=\"true\"/><proxy url=\"" +
                _upstream->url() + "\" path=\"/respond\"/></route>\n",
            "open");
    }

    static Poco::JSON::Object::Ptr cacheState(Gateway& gateway)
    {
        const HttpResponse answer = adminGet(gateway, "/admin/cache");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        return Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>();
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SharedCacheTest, "sharedcache");
