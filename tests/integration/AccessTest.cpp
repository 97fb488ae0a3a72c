// <allow> and <deny> through a real porticod: address ranges at the edge (before any credential
// is checked), groups and scopes after authentication, the client behind trusted proxies taken
// from X-Forwarded-For, 403 problems, <defaults>, and the configuration's refusals.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/TestConsumers.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace portico::test;

namespace
{

Poco::JSON::Object::Ptr parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

const std::string consumers = "  <consumers>\n"
                              "    <consumer name=\"acme\" groups=\"partners,billing\"><key value=\"" +
                              acmeKey +
                              "\"/></consumer>\n"
                              "    <consumer name=\"beta\"><key value=\"" +
                              betaKey +
                              "\"/></consumer>\n"
                              "  </consumers>\n";

std::string route(const std::string& name, const std::string& policies)
{
    return "<route name=\"" + name + "\" path=\"/" + name + "/{id}\">" + policies +
           "<headers><request><set name=\"X-Client\" value=\"{clientIp}\"/></request></headers>"
           "<proxy upstream=\"demo\" path=\"/echo/{id}\"/></route>\n";
}

} // namespace

class AccessTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccessTest);
    CPPUNIT_TEST(testAddressRanges);
    CPPUNIT_TEST(testAddressRefusedBeforeCredentials);
    CPPUNIT_TEST(testGroupsAndScopes);
    CPPUNIT_TEST(testTrustedProxies);
    CPPUNIT_TEST(testForwardedForIgnoredWithoutTrustedProxies);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<TempDirectory>(); }

    void tearDown() override
    {
        _gateway.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testAddressRanges()
    {
        start(route("denied", "<deny ips=\"127.0.0.0/8, ::1\"/>") +
              route("elsewhere", "<deny ips=\"10.0.0.0/8\"/>") +
              route("listed", "<allow ips=\"192.0.2.0/24 127.0.0.1\"/>") +
              route("unlisted", "<allow ips=\"192.0.2.0/24\"/>"));
        HttpResponse denied = _gateway->get("/denied/1");
        CPPUNIT_ASSERT_EQUAL(403, denied.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), denied.header("content-type"));
        CPPUNIT_ASSERT(denied.body.find("not allowed") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/elsewhere/1").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/listed/1").status);
        CPPUNIT_ASSERT_EQUAL(403, _gateway->get("/unlisted/1").status);
    }

    void testAddressRefusedBeforeCredentials()
    {
        // The edge runs first: a refused address gets 403 even with no credentials (not 401).
        start(route("walled", "<auth><apiKey header=\"X-API-Key\"/></auth><allow ips=\"192.0.2.0/24\"/>"));
        CPPUNIT_ASSERT_EQUAL(403, _gateway->get("/walled/1").status);
        CPPUNIT_ASSERT_EQUAL(403, _gateway->get("/walled/1", "X-API-Key: " + acmeKey + "\r\n").status);
    }

    void testGroupsAndScopes()
    {
        start(route("partners",
                    "<auth><apiKey header=\"X-API-Key\"/></auth><allow groups=\"ops, partners\"/>") +
              route("scoped", "<auth><apiKey header=\"X-API-Key\"/></auth><allow scopes=\"orders\"/>"));
        HttpResponse acme = _gateway->get("/partners/1", "X-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(acme.body, 200, acme.status);
        HttpResponse beta = _gateway->get("/partners/1", "X-API-Key: " + betaKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL(403, beta.status);
        CPPUNIT_ASSERT_MESSAGE(beta.body,
                               beta.body.find("consumer 'beta' is not in a group") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/partners/1").status);
        // An API key grants no scopes.
        HttpResponse scoped = _gateway->get("/scoped/1", "X-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL(403, scoped.status);
        CPPUNIT_ASSERT(scoped.body.find("scope 'orders'") != std::string::npos);
    }

    void testTrustedProxies()
    {
        start(route("office", "<allow ips=\"203.0.113.0/24\"/>"), "<trustedProxies ips=\"127.0.0.1, ::1\"/>");
        HttpResponse through = _gateway->get("/office/1", "X-Forwarded-For: 203.0.113.7\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(through.body, 200, through.status);
        Poco::JSON::Object::Ptr seen = parseJson(through.body)->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.7"), seen->getValue<std::string>("X-Client"));
        // The chain keeps every hop: the client's, then the proxy this request came from.
        CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.7, 127.0.0.1"),
                             seen->getValue<std::string>("X-Forwarded-For"));

        // The rightmost untrusted hop is the client; what the client wrote left of it proves nothing.
        CPPUNIT_ASSERT_EQUAL(
            403, _gateway->get("/office/1", "X-Forwarded-For: 203.0.113.7, 198.51.100.1\r\n").status);
        // Hops added by trusted proxies are skipped.
        CPPUNIT_ASSERT_EQUAL(
            200, _gateway->get("/office/1", "X-Forwarded-For: 203.0.113.9, 127.0.0.1\r\n").status);
        // A hop that is not an address is the client as far as anyone can tell: no range matches it.
        CPPUNIT_ASSERT_EQUAL(403,
                             _gateway->get("/office/1", "X-Forwarded-For: 203.0.113.9, junk\r\n").status);
    }

    void testForwardedForIgnoredWithoutTrustedProxies()
    {
        start(route("office", "<allow ips=\"203.0.113.0/24\"/>"));
        CPPUNIT_ASSERT_EQUAL(403, _gateway->get("/office/1", "X-Forwarded-For: 203.0.113.7\r\n").status);
        start(route("open", ""));
        HttpResponse open = _gateway->get("/open/1", "X-Forwarded-For: 203.0.113.7\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"),
                             parseJson(open.body)->getObject("headers")->getValue<std::string>("X-Client"));
    }

    void testDefaults()
    {
        std::string config =
            gatewayConfig(upstreams(), route("plain", "") + route("own", "<deny ips=\"10.0.0.0/8\"/>"));
        config.insert(config.find("  <routes>"), "  <defaults><deny ips=\"127.0.0.1\"/></defaults>\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
        CPPUNIT_ASSERT_EQUAL(403, _gateway->get("/plain/1").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/own/1").status);
    }

    void testConfigurationErrors()
    {
        const std::string routes =
            "<route name=\"a\" path=\"/a\"><allow groups=\"partners\"/><proxy "
            "url=\"http://127.0.0.1:1\"/></route>\n"
            "<route name=\"b\" path=\"/b\"><deny ips=\"10.0.0.1/8\"/><proxy "
            "url=\"http://127.0.0.1:1\"/></route>\n"
            "<route name=\"c\" path=\"/c\"><deny/><allow/><proxy url=\"http://127.0.0.1:1\"/></route>\n";
        std::string config = gatewayConfig("", routes);
        config.insert(config.find("  </server>"), "    <trustedProxies ips=\"proxy.example\"/>\n");
        assertRefusedAt(
            checkConfig(*_folder, config),
            {{"<allow groups", "<allow> on route 'a' needs a policy in the authentication slot"},
             {"ips=\"10.0.0.1/8\"", "invalid value '10.0.0.1/8' for 'ips' on <deny>"},
             {"<deny/>", "missing attribute 'ips' on <deny>"},
             {"<allow/>", "<allow> needs ips="},
             {"ips=\"proxy.example\"", "invalid value 'proxy.example' for 'ips' on <trustedProxies>"}});
    }

private:
    std::string upstreams()
    {
        if (!_upstream) _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        return "<upstream name=\"demo\"><target url=\"" + _upstream->url() + "\"/></upstream>\n";
    }

    void start(const std::string& routes, const std::string& serverExtra = "")
    {
        _gateway.reset();
        std::string config = gatewayConfig(upstreams(), routes);
        config.insert(config.find("  <upstreams>"), consumers);
        if (!serverExtra.empty()) config.insert(config.find("  </server>"), "    " + serverExtra + "\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AccessTest, "access");
