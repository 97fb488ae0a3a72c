// <quota scope="cluster"> through real porticod processes sharing a real redis-server: a daily
// quota admitted exactly across two gateways, shown alike by both admin APIs and kept when a
// gateway restarts; then Redis stopped under a gateway that fails closed, counted and shown,
// and the quota counted again once Redis is back.

#include "support/ClusterGatewaysTest.h"
#include "support/ConfigCheck.h"
#include "support/TestConsumers.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>
#include <vector>

using namespace portico::test;

class ClusterQuotaTest : public ClusterGatewaysTest
{
    CPPUNIT_TEST_SUITE(ClusterQuotaTest);
    CPPUNIT_TEST(testExactAcrossGatewaysAndRestarts);
    CPPUNIT_TEST(testFailClosedAndRecovery);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void testExactAcrossGatewaysAndRestarts()
    {
        // Unlike a rate limit nothing comes back during the test: exactly 20, whoever asks.
        for (int i = 0; i < 2; ++i)
            startMetered("open");
        Tally tally;
        spreadRequests(tally, 4, 10, "/metered/", apiKeyHeader(acmeKey),
                       [](const HttpResponse& answer)
                       {
                           return answer.status == 429 &&
                                  answer.body.find("20 requests per day (UTC) across all gateways") !=
                                      std::string::npos &&
                                  retryIsUntilMidnight(answer);
                       });
        CPPUNIT_ASSERT_EQUAL(0, tally.other.load());
        CPPUNIT_ASSERT_EQUAL(20, tally.admitted.load());
        CPPUNIT_ASSERT_EQUAL(20, tally.refused.load());

        // Both gateways show the same shared count.
        for (int i = 0; i < 2; ++i)
        {
            Poco::JSON::Object::Ptr usage = quotaOf(*_gateways[i], "acme");
            CPPUNIT_ASSERT_EQUAL(std::string("cluster"), usage->getValue<std::string>("scope"));
            CPPUNIT_ASSERT_EQUAL(20, usage->getValue<int>("used"));
            CPPUNIT_ASSERT_EQUAL(0, usage->getValue<int>("remaining"));
        }
        // Another consumer has its own count, on either gateway.
        CPPUNIT_ASSERT_EQUAL(200, _gateways[1]->get("/metered/b", apiKeyHeader(betaKey)).status);
        CPPUNIT_ASSERT_EQUAL(1, quotaOf(*_gateways[0], "beta")->getValue<int>("used"));

        // A gateway restarted (and one added) knows the day's count at once.
        _gateways.clear();
        startMetered("open");
        CPPUNIT_ASSERT_EQUAL(429, _gateways[0]->get("/metered/again", apiKeyHeader(acmeKey)).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateways[0]->get("/metered/again", apiKeyHeader(betaKey)).status);
        CPPUNIT_ASSERT_EQUAL(2, quotaOf(*_gateways[0], "beta")->getValue<int>("used"));
    }

    void testFailClosedAndRecovery()
    {
        startMetered("closed");
        Gateway& gateway = *_gateways[0];
        CPPUNIT_ASSERT_EQUAL(200, gateway.get("/metered/1", apiKeyHeader(acmeKey)).status);

        _redis->stop();
        HttpResponse refused = gateway.get("/metered/2", apiKeyHeader(acmeKey));
        CPPUNIT_ASSERT_EQUAL(503, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), refused.header("retry-after"));
        CPPUNIT_ASSERT(refused.body.find("the shared quota store cannot be asked") != std::string::npos);
        Poco::JSON::Object::Ptr usage = quotaOf(gateway, "acme");
        CPPUNIT_ASSERT(usage->isNull("used"));
        CPPUNIT_ASSERT(usage->getValue<std::string>("error").find("could not be asked") != std::string::npos);
        CPPUNIT_ASSERT(usage->getValue<int>("refusedWithoutRedis") >= 1);

        // Back (empty: no persistence): counted again without a restart of the gateway.
        _redis->start();
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 200; ++attempt)
        {
            status = gateway.get("/metered/3", apiKeyHeader(acmeKey)).status;
            if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_ASSERT_EQUAL(200, status);
        CPPUNIT_ASSERT_EQUAL(1, quotaOf(gateway, "acme")->getValue<int>("used"));
    }

    void testConfigurationErrors()
    {
        const std::string text = gatewayConfig(
            "", "<route name=\"a\" path=\"/a/{id}\"><quota requests=\"5\" per=\"day\" key=\"ip\" "
                "scope=\"cluster\"/><proxy url=\"" +
                    _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n");
        assertRefusedAt(checkConfig(*_folder, text),
                        {{"scope=\"cluster\"", "scope=\"cluster\" needs the Redis the gateways share"}});
    }

private:
    static bool retryIsUntilMidnight(const HttpResponse& answer)
    {
        const long untilMidnight = 86400 - static_cast<long>(std::time(nullptr) % 86400);
        const long retry = std::stol(answer.header("retry-after"));
        return retry <= untilMidnight && retry >= untilMidnight - 5;
    }

    void startMetered(const std::string& failure)
    {
        startGateway(
            "<route name=\"metered\" path=\"/metered/{id}\"><auth><apiKey header=\"X-API-Key\"/></auth>"
            "<quota requests=\"20\" per=\"day\" scope=\"cluster\"/><proxy url=\"" +
                _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n",
            failure, acmeAndBetaConsumers());
    }

    static Poco::JSON::Object::Ptr quotaOf(Gateway& gateway, const std::string& consumer)
    {
        const HttpResponse answer = adminGet(gateway, "/admin/consumers/" + consumer);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        Poco::JSON::Array::Ptr quotas =
            Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>()->getArray("quotas");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), quotas->size());
        return quotas->getObject(0);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ClusterQuotaTest, "clusterquota");
