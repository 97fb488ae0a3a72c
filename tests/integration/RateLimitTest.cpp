// <rateLimit> and <concurrency> through a real porticod and a real upstream: exact admission
// counts with RateLimit-* headers and 429 problem+json with Retry-After, several limits on one
// route (all or nothing), keys by client address, header and consumer, configuration errors;
// at most N requests in flight with 503 at once beyond, and the slot given back when the client
// leaves.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/TestConsumers.h"
#include "support/UpstreamGatewayTest.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

using namespace portico::test;

class RateLimitTest : public UpstreamGatewayTest
{
    CPPUNIT_TEST_SUITE(RateLimitTest);
    CPPUNIT_TEST(testExactCountHeadersAnd429);
    CPPUNIT_TEST(testSeveralLimitsAllOrNothing);
    CPPUNIT_TEST(testConsumerKeys);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST(testConcurrencyLimit);
    CPPUNIT_TEST_SUITE_END();

public:
    void testExactCountHeadersAnd429()
    {
        // 3 per 30 s: no token comes back during the test, so exactly 3 pass.
        start("<route name=\"limited\" path=\"/limited/{id}\"><rateLimit requests=\"3\" per=\"30s\"/>" +
              proxy() + "</route>");
        for (int i = 0; i < 3; ++i)
        {
            HttpResponse admitted = _gateway->get("/limited/" + std::to_string(i));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(admitted.body, 200, admitted.status);
            CPPUNIT_ASSERT_EQUAL(std::string("3"), admitted.header("ratelimit-limit"));
            CPPUNIT_ASSERT_EQUAL(std::to_string(2 - i), admitted.header("ratelimit-remaining"));
            // Until the bucket is full again: one 10-second interval per request taken.
            const int reset = std::stoi(admitted.header("ratelimit-reset"));
            CPPUNIT_ASSERT(reset > 10 * i && reset <= 10 * (i + 1));
        }
        for (int i = 0; i < 5; ++i)
        {
            HttpResponse refused = _gateway->get("/limited/x");
            CPPUNIT_ASSERT_EQUAL(429, refused.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), refused.header("content-type"));
            const int retry = std::stoi(refused.header("retry-after"));
            CPPUNIT_ASSERT(retry >= 1 && retry <= 10);
            CPPUNIT_ASSERT_EQUAL(std::string("0"), refused.header("ratelimit-remaining"));
            CPPUNIT_ASSERT_EQUAL(std::string("3"), refused.header("ratelimit-limit"));
            Poco::JSON::Object::Ptr problem =
                Poco::JSON::Parser().parse(refused.body).extract<Poco::JSON::Object::Ptr>();
            CPPUNIT_ASSERT_EQUAL(429, problem->getValue<int>("status"));
            CPPUNIT_ASSERT(problem->getValue<std::string>("detail").find("3 requests per 30s") !=
                           std::string::npos);
        }
        // Another route is not limited, and has no RateLimit headers.
        HttpResponse other = _gateway->get("/free/1");
        CPPUNIT_ASSERT_EQUAL(200, other.status);
        CPPUNIT_ASSERT(!other.has("ratelimit-limit"));
    }

    void testSeveralLimitsAllOrNothing()
    {
        // Per tenant header: 2 per second and 3 per minute. A request refused by the minute
        // limit must not use up the second's.
        start("<route name=\"limited\" path=\"/limited/{id}\">"
              "<rateLimit requests=\"2\" per=\"1s\" key=\"header:X-Tenant\"/>"
              "<rateLimit requests=\"3\" per=\"1m\" key=\"header:X-Tenant\"/>" +
              proxy() + "</route>");
        const std::string tenantA = "X-Tenant: a\r\n";
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/limited/1", tenantA).status);
        HttpResponse second = _gateway->get("/limited/2", tenantA);
        CPPUNIT_ASSERT_EQUAL(200, second.status);
        // The tighter limit speaks in the headers: the per-second one has none left.
        CPPUNIT_ASSERT_EQUAL(std::string("0"), second.header("ratelimit-remaining"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), second.header("ratelimit-limit"));
        // Another tenant has its own buckets.
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/limited/3", "X-Tenant: b\r\n").status);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/limited/4", tenantA).status); // the third of the minute
        HttpResponse minute = _gateway->get("/limited/5", tenantA);
        CPPUNIT_ASSERT_EQUAL(429, minute.status);
        CPPUNIT_ASSERT_MESSAGE(minute.body, minute.body.find("3 requests per 1m") != std::string::npos);
        CPPUNIT_ASSERT(std::stoi(minute.header("retry-after")) > 1);
        // Refused by the minute limit, those requests gave their per-second token back.
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/limited/6", tenantA).status);
        CPPUNIT_ASSERT(_gateway->get("/limited/7", tenantA).body.find("per 1m") != std::string::npos);
    }

    void testConsumerKeys()
    {
        start("<route name=\"limited\" path=\"/limited/{id}\"><auth><apiKey header=\"X-API-Key\"/></auth>"
              "<rateLimit requests=\"1\" per=\"1m\" key=\"consumer\"/>" +
                  proxy() + "</route>",
              "<consumers><consumer name=\"acme\"><key value=\"" + acmeKey +
                  "\"/></consumer><consumer name=\"beta\"><key value=\"" + betaKey +
                  "\"/></consumer></consumers>");
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/limited/1", "X-API-Key: " + acmeKey + "\r\n").status);
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/limited/2", "X-API-Key: " + acmeKey + "\r\n").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/limited/3", "X-API-Key: " + betaKey + "\r\n").status);
        // Refused before admission (no credentials): not counted, and no RateLimit headers.
        HttpResponse anonymous = _gateway->get("/limited/4");
        CPPUNIT_ASSERT_EQUAL(401, anonymous.status);
        CPPUNIT_ASSERT(!anonymous.has("ratelimit-limit"));
    }

    void testConfigurationErrors()
    {
        const std::string text = gatewayConfig(
            "", "<route name=\"a\" path=\"/a/{id}\"><rateLimit requests=\"5\" key=\"consumer\"/>" + proxy() +
                    "</route>\n"
                    "<route name=\"b\" path=\"/b/{id}\"><rateLimit requests=\"0\"/>" +
                    proxy() +
                    "</route>\n"
                    "<route name=\"c\" path=\"/c/{id}\"><rateLimit requests=\"5\" key=\"cookie\"/>" +
                    proxy() +
                    "</route>\n"
                    "<route name=\"d\" path=\"/d/{id}\"><rateLimit requests=\"5\" scope=\"cluster\"/>" +
                    proxy() +
                    "</route>\n"
                    "<route name=\"e\" path=\"/e/{id}\"><rateLimit requests=\"5\" per=\"2d\"/>" +
                    proxy() +
                    "</route>\n"
                    "<route name=\"f\" path=\"/f/{id}\"><concurrency/>" +
                    proxy() + "</route>\n");
        assertRefusedAt(
            checkConfig(*_folder, text),
            {{"<rateLimit requests=\"5\" key=\"consumer\"",
              "<rateLimit> on route 'a' needs a policy in the authentication slot before it"},
             {"requests=\"0\"", "invalid value '0' for 'requests' on <rateLimit>"},
             {"key=\"cookie\"",
              "invalid value 'cookie' for 'key' on <rateLimit>: expected consumer, ip, route or header:NAME"},
             {"scope=\"cluster\"",
              "scope=\"cluster\" needs the Redis the gateways share: add <redis address"},
             {"per=\"2d\"", "invalid value '2d' for 'per' on <rateLimit>: at most 1d; use <quota>"},
             {"<concurrency/>", "<concurrency> needs max=\"N\""}});
    }

    void testConcurrencyLimit()
    {
        start("<route name=\"slow\" path=\"/slow\"><concurrency max=\"2\"/>"
              "<proxy url=\"" +
              _upstream->url() + "\" path=\"/slow\"/></route>");
        // Two slow requests hold both slots.
        RawHttpClient first("127.0.0.1", _gateway->port()), second("127.0.0.1", _gateway->port());
        first.send(simpleRequest("GET", "/slow?ms=1500", ""));
        second.send(simpleRequest("GET", "/slow?ms=1500", ""));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const auto before = std::chrono::steady_clock::now();
        HttpResponse refused = _gateway->get("/slow?ms=1");
        CPPUNIT_ASSERT_EQUAL(503, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), refused.header("retry-after"));
        CPPUNIT_ASSERT(refused.body.find("in flight") != std::string::npos);
        // At once: it did not wait for a slot.
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - before < std::chrono::milliseconds(1000));
        CPPUNIT_ASSERT_EQUAL(200, first.read().status);
        CPPUNIT_ASSERT_EQUAL(200, second.read().status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/slow?ms=1").status);

        // Clients that leave mid-request give their slot back.
        for (int i = 0; i < 4; ++i)
        {
            RawHttpClient leaving("127.0.0.1", _gateway->port());
            leaving.send(simpleRequest("GET", "/slow?ms=300", ""));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            leaving.close();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        RawHttpClient a("127.0.0.1", _gateway->port()), b("127.0.0.1", _gateway->port());
        a.send(simpleRequest("GET", "/slow?ms=200", ""));
        b.send(simpleRequest("GET", "/slow?ms=200", ""));
        CPPUNIT_ASSERT_EQUAL(200, a.read().status);
        CPPUNIT_ASSERT_EQUAL(200, b.read().status);
    }

private:
    std::string proxy() const
    {
        return "<proxy url=\"" + (_upstream ? _upstream->url() : std::string("http://127.0.0.1:9")) +
               "\" path=\"/echo/{id}\"/>";
    }

    void start(const std::string& route, const std::string& sections = "")
    {
        std::string config =
            gatewayConfig("", route + "\n<route name=\"free\" path=\"/free/{id}\">" + proxy() + "</route>\n");
        if (!sections.empty()) config.insert(config.find("  <upstreams>"), "  " + sections + "\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RateLimitTest, "ratelimit");
