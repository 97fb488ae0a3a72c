// <quota scope="cluster"> through real porticod processes sharing a real redis-server: a daily
// quota admitted exactly across two gateways, shown alike by both admin APIs and kept when a
// gateway restarts; then Redis stopped under a gateway that fails closed, counted and shown,
// and the quota counted again once Redis is back.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/RedisServer.h"

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

namespace
{

const std::string acmeKey = "acme-key-0123456789abcdef";
const std::string betaKey = "beta-key-fedcba9876543210";

std::string keyHeader(const std::string& key)
{
    return "X-API-Key: " + key + "\r\n";
}

} // namespace

class ClusterQuotaTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ClusterQuotaTest);
    CPPUNIT_TEST(testExactAcrossGatewaysAndRestarts);
    CPPUNIT_TEST(testFailClosedAndRecovery);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        _redis = std::make_unique<RedisServer>(*_folder);
    }

    void tearDown() override
    {
        _gateways.clear();
        _redis.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testExactAcrossGatewaysAndRestarts()
    {
        // Unlike a rate limit nothing comes back during the test: exactly 20, whoever asks.
        for (int i = 0; i < 2; ++i)
            startGateway("open");
        std::atomic<int> admitted{0}, refused{0}, other{0};
        std::vector<std::thread> clients;
        for (int i = 0; i < 4; ++i)
            clients.emplace_back(
                [&, i]
                {
                    Gateway& gateway = *_gateways[i % 2];
                    for (int n = 0; n < 10; ++n)
                    {
                        const HttpResponse answer =
                            gateway.get("/metered/" + std::to_string(n), keyHeader(acmeKey));
                        if (answer.status == 200)
                            ++admitted;
                        else if (answer.status == 429 &&
                                 answer.body.find("20 requests per day (UTC) across all gateways") !=
                                     std::string::npos &&
                                 retryIsUntilMidnight(answer))
                            ++refused;
                        else
                            ++other;
                    }
                });
        for (std::thread& client : clients)
            client.join();
        CPPUNIT_ASSERT_EQUAL(0, other.load());
        CPPUNIT_ASSERT_EQUAL(20, admitted.load());
        CPPUNIT_ASSERT_EQUAL(20, refused.load());

        // Both gateways show the same shared count.
        for (int i = 0; i < 2; ++i)
        {
            Poco::JSON::Object::Ptr usage = quotaOf(*_gateways[i], "acme");
            CPPUNIT_ASSERT_EQUAL(std::string("cluster"), usage->getValue<std::string>("scope"));
            CPPUNIT_ASSERT_EQUAL(20, usage->getValue<int>("used"));
            CPPUNIT_ASSERT_EQUAL(0, usage->getValue<int>("remaining"));
        }
        // Another consumer has its own count, on either gateway.
        CPPUNIT_ASSERT_EQUAL(200, _gateways[1]->get("/metered/b", keyHeader(betaKey)).status);
        CPPUNIT_ASSERT_EQUAL(1, quotaOf(*_gateways[0], "beta")->getValue<int>("used"));

        // A gateway restarted (and one added) knows the day's count at once.
        _gateways.clear();
        startGateway("open");
        CPPUNIT_ASSERT_EQUAL(429, _gateways[0]->get("/metered/again", keyHeader(acmeKey)).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateways[0]->get("/metered/again", keyHeader(betaKey)).status);
        CPPUNIT_ASSERT_EQUAL(2, quotaOf(*_gateways[0], "beta")->getValue<int>("used"));
    }

    void testFailClosedAndRecovery()
    {
        startGateway("closed");
        Gateway& gateway = *_gateways[0];
        CPPUNIT_ASSERT_EQUAL(200, gateway.get("/metered/1", keyHeader(acmeKey)).status);

        _redis->stop();
        HttpResponse refused = gateway.get("/metered/2", keyHeader(acmeKey));
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
            status = gateway.get("/metered/3", keyHeader(acmeKey)).status;
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

    void startGateway(const std::string& failure)
    {
        std::string config = gatewayConfig(
            "", "<route name=\"metered\" path=\"/metered/{id}\"><auth><apiKey header=\"X-API-Key\"/></auth>"
                "<quota requests=\"20\" per=\"day\" scope=\"cluster\"/><proxy url=\"" +
                    _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n");
        config.insert(config.find("  <upstreams>"),
                      "  <redis address=\"" + _redis->address() + "\" timeout=\"100ms\" failure=\"" +
                          failure + "\"/>\n  <consumers><consumer name=\"acme\"><key value=\"" + acmeKey +
                          "\"/></consumer><consumer name=\"beta\"><key value=\"" + betaKey +
                          "\"/></consumer></consumers>\n");
        _folders.push_back(std::make_unique<TempDirectory>());
        _gateways.push_back(std::make_unique<Gateway>(*_folders.back(), config));
    }

    static Poco::JSON::Object::Ptr quotaOf(Gateway& gateway, const std::string& consumer)
    {
        RawHttpClient client("127.0.0.1", gateway.adminPort());
        const HttpResponse answer = client.request("GET /admin/consumers/" + consumer +
                                                   " HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer "
                                                   "test-admin-token\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        Poco::JSON::Array::Ptr quotas =
            Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>()->getArray("quotas");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), quotas->size());
        return quotas->getObject(0);
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<RedisServer> _redis;
    std::vector<std::unique_ptr<TempDirectory>> _folders;
    std::vector<std::unique_ptr<Gateway>> _gateways;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ClusterQuotaTest, "clusterquota");
