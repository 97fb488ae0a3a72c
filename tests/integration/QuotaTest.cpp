// <quota> through a real porticod: N requests per consumer per calendar day, 429 with Retry-After
// until the day ends (UTC), only requests the rate limit let through counted, the use shown by
// GET /admin/consumers/{name}, and the counts kept across a restart in the store database.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/TestConsumers.h"
#include "support/UpstreamGatewayTest.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <ctime>

using namespace portico::test;

class QuotaTest : public UpstreamGatewayTest
{
    CPPUNIT_TEST_SUITE(QuotaTest);
    CPPUNIT_TEST(testDailyQuotaPerConsumerSurvivesRestart);
    CPPUNIT_TEST(testOnlyAdmittedRequestsCount);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDailyQuotaPerConsumerSurvivesRestart()
    {
        start("<quota requests=\"3\" per=\"day\"/>");
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(
                200, _gateway->get("/metered/" + std::to_string(i), apiKeyHeader(acmeKey)).status);
        HttpResponse refused = _gateway->get("/metered/4", apiKeyHeader(acmeKey));
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        CPPUNIT_ASSERT(refused.body.find("3 requests per day") != std::string::npos);
        // Until the next midnight UTC.
        const long untilMidnight = 86400 - static_cast<long>(std::time(nullptr) % 86400);
        const long retry = std::stol(refused.header("retry-after"));
        CPPUNIT_ASSERT_MESSAGE(std::to_string(retry), retry <= untilMidnight && retry >= untilMidnight - 5);
        // Another consumer has its own count.
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/metered/5", apiKeyHeader(betaKey)).status);

        Poco::JSON::Object::Ptr usage = quotaOf("acme");
        CPPUNIT_ASSERT_EQUAL(3, usage->getValue<int>("used"));
        CPPUNIT_ASSERT_EQUAL(0, usage->getValue<int>("remaining"));
        CPPUNIT_ASSERT_EQUAL(std::string("day"), usage->getValue<std::string>("per"));
        CPPUNIT_ASSERT_EQUAL(1, quotaOf("beta")->getValue<int>("used"));

        // A restart does not give the day's requests again.
        _gateway.reset();
        start("<quota requests=\"3\" per=\"day\"/>");
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/metered/6", apiKeyHeader(acmeKey)).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/metered/7", apiKeyHeader(betaKey)).status);
        CPPUNIT_ASSERT_EQUAL(2, quotaOf("beta")->getValue<int>("used"));
    }

    void testOnlyAdmittedRequestsCount()
    {
        // The rate limit comes first whatever the order in the file: its refusals use no quota.
        start("<quota requests=\"5\" per=\"month\"/><rateLimit requests=\"1\" per=\"1m\" key=\"consumer\"/>");
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/metered/1", apiKeyHeader(acmeKey)).status);
        for (int i = 0; i < 3; ++i)
        {
            HttpResponse limited = _gateway->get("/metered/2", apiKeyHeader(acmeKey));
            CPPUNIT_ASSERT_EQUAL(429, limited.status);
            CPPUNIT_ASSERT(limited.body.find("rate limit") != std::string::npos);
        }
        Poco::JSON::Object::Ptr usage = quotaOf("acme");
        CPPUNIT_ASSERT_EQUAL(1, usage->getValue<int>("used"));
        CPPUNIT_ASSERT_EQUAL(4, usage->getValue<int>("remaining"));
        CPPUNIT_ASSERT_EQUAL(std::string("month"), usage->getValue<std::string>("per"));
        CPPUNIT_ASSERT_EQUAL(404, admin("/admin/consumers/nobody").status);
    }

    void testConfigurationErrors()
    {
        const std::string text = gatewayConfig(
            "", "<route name=\"a\" path=\"/a/{id}\"><quota requests=\"5\" per=\"day\"/>" + proxy() +
                    "</route>\n<route name=\"b\" path=\"/b/{id}\"><quota requests=\"5\" per=\"week\" "
                    "key=\"ip\"/>" +
                    proxy() + "</route>\n");
        assertRefusedAt(
            checkConfig(*_folder, text),
            {{"<quota requests=\"5\" per=\"day\"/>",
              "<quota> keeps its counts in the consumer store, so a restart does not reset them"},
             {"per=\"week\"", "invalid value 'week' for 'per' on <quota>: expected one of day, month"}});
    }

private:
    std::string proxy() const { return "<proxy url=\"" + _upstream->url() + "\" path=\"/echo/{id}\"/>"; }

    void start(const std::string& policies)
    {
        std::string config = gatewayConfig(
            "", "<route name=\"metered\" path=\"/metered/{id}\"><auth><apiKey header=\"X-API-Key\"/></auth>" +
                    policies + proxy() + "</route>\n");
        config.insert(config.find("  <upstreams>"),
                      "  <store database=\"store.db\"/>\n" + acmeAndBetaConsumers());
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    HttpResponse admin(const std::string& target)
    {
        RawHttpClient client("127.0.0.1", _gateway->adminPort());
        return client.request("GET " + target +
                              " HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer test-admin-token\r\n\r\n");
    }

    Poco::JSON::Object::Ptr quotaOf(const std::string& consumer)
    {
        const HttpResponse answer = admin("/admin/consumers/" + consumer);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        Poco::JSON::Object::Ptr entry =
            Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(consumer, entry->getValue<std::string>("name"));
        Poco::JSON::Array::Ptr quotas = entry->getArray("quotas");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), quotas->size());
        return quotas->getObject(0);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(QuotaTest, "quota");
