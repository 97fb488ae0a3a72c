// <cors> through a real porticod: preflights answered at the edge (before authentication, on the
// route the real request will take), origins exact, by pattern and "*", credentials, exposed
// headers, the headers on the gateway's own 401, Vary: Origin, and the configuration's refusals.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/TestConsumers.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::test;

namespace
{

std::string preflight(const std::string& path, const std::string& origin, const std::string& method,
                      const std::string& headers = "")
{
    return "OPTIONS " + path + " HTTP/1.1\r\nHost: api.test\r\nOrigin: " + origin +
           "\r\nAccess-Control-Request-Method: " + method + "\r\n" +
           (headers.empty() ? "" : "Access-Control-Request-Headers: " + headers + "\r\n") + "\r\n";
}

} // namespace

class CorsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CorsTest);
    CPPUNIT_TEST(testPreflightBeforeAuthentication);
    CPPUNIT_TEST(testPreflightRefusals);
    CPPUNIT_TEST(testHeadersOnAnswersAndRefusals);
    CPPUNIT_TEST(testOriginPatternsAndAny);
    CPPUNIT_TEST(testRouteWithoutCorsKeepsItsOptionsAnswer);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        const std::string proxy = "<proxy url=\"" + _upstream->url() + "\" path=\"/echo/{id}\"/>";
        std::string config = gatewayConfig(
            "", "<route name=\"orders\" path=\"/orders/{id}\" methods=\"GET,PUT\">"
                "<cors origins=\"https://app.example.com, https://*.partner.test\" headers=\"Authorization, "
                "Content-Type, X-API-Key\" expose=\"X-Request-Id\" credentials=\"true\" maxAge=\"5m\"/>"
                "<auth><apiKey header=\"X-API-Key\"/></auth>" +
                    proxy +
                    "</route>\n"
                    "<route name=\"public\" path=\"/public/{id}\"><cors origins=\"*\"/>" +
                    proxy +
                    "</route>\n"
                    "<route name=\"plain\" path=\"/plain/{id}\" methods=\"GET\">" +
                    proxy + "</route>\n");
        config.insert(config.find("  <routes>"), "  <consumers><consumer name=\"acme\"><key value=\"" +
                                                     acmeKey + "\"/></consumer></consumers>\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    void tearDown() override
    {
        _gateway.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testPreflightBeforeAuthentication()
    {
        HttpResponse response = _gateway->request(
            preflight("/orders/7", "https://app.example.com", "PUT", "X-API-Key, content-type"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 204, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("https://app.example.com"),
                             response.header("access-control-allow-origin"));
        CPPUNIT_ASSERT_EQUAL(std::string("GET, PUT"), response.header("access-control-allow-methods"));
        CPPUNIT_ASSERT_EQUAL(std::string("authorization, content-type, x-api-key"),
                             response.header("access-control-allow-headers"));
        CPPUNIT_ASSERT_EQUAL(std::string("300"), response.header("access-control-max-age"));
        CPPUNIT_ASSERT_EQUAL(std::string("true"), response.header("access-control-allow-credentials"));
        CPPUNIT_ASSERT_EQUAL(std::string("Origin"), response.header("vary"));
        CPPUNIT_ASSERT(response.body.empty());
    }

    void testPreflightRefusals()
    {
        CPPUNIT_ASSERT_EQUAL(403,
                             _gateway->request(preflight("/orders/7", "https://evil.test", "PUT")).status);
        // A method the route serves but <cors> does not grant.
        CPPUNIT_ASSERT_EQUAL(
            403, _gateway->request(preflight("/public/7", "https://app.example.com", "PROPFIND")).status);
        // A method the route does not serve at all: its 405, as for any request.
        CPPUNIT_ASSERT_EQUAL(
            405, _gateway->request(preflight("/orders/7", "https://app.example.com", "DELETE")).status);
        CPPUNIT_ASSERT_EQUAL(
            403,
            _gateway->request(preflight("/orders/7", "https://app.example.com", "GET", "X-Secret")).status);
        // "http" is another origin than "https".
        CPPUNIT_ASSERT_EQUAL(
            403, _gateway->request(preflight("/orders/7", "http://app.example.com", "GET")).status);
    }

    void testHeadersOnAnswersAndRefusals()
    {
        HttpResponse ok =
            _gateway->get("/orders/7", "Origin: https://app.example.com\r\nX-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL(200, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("https://app.example.com"),
                             ok.header("access-control-allow-origin"));
        CPPUNIT_ASSERT_EQUAL(std::string("true"), ok.header("access-control-allow-credentials"));
        CPPUNIT_ASSERT_EQUAL(std::string("X-Request-Id"), ok.header("access-control-expose-headers"));
        CPPUNIT_ASSERT_EQUAL(std::string("Origin"), ok.header("vary"));
        // The gateway's own 401 carries them too, so the browser's code can read why.
        HttpResponse refused = _gateway->get("/orders/7", "Origin: https://app.example.com\r\n");
        CPPUNIT_ASSERT_EQUAL(401, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("https://app.example.com"),
                             refused.header("access-control-allow-origin"));
        // An origin not allowed gets no grant, but the same Vary.
        HttpResponse other =
            _gateway->get("/orders/7", "Origin: https://evil.test\r\nX-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL(200, other.status);
        CPPUNIT_ASSERT(!other.has("access-control-allow-origin"));
        CPPUNIT_ASSERT_EQUAL(std::string("Origin"), other.header("vary"));
    }

    void testOriginPatternsAndAny()
    {
        for (const char* origin : {"https://a.partner.test", "https://a.b.partner.test"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(origin, 204,
                                         _gateway->request(preflight("/orders/1", origin, "GET")).status);
        for (const char* origin :
             {"https://partner.test", "https://evil.test/.partner.test", "https://x.partner.test:8443",
              "https://.partner.test", "https://evil.partner.test.evil"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(origin, 403,
                                         _gateway->request(preflight("/orders/1", origin, "GET")).status);
        HttpResponse any = _gateway->get("/public/1", "Origin: https://anyone.test\r\n");
        CPPUNIT_ASSERT_EQUAL(200, any.status);
        CPPUNIT_ASSERT_EQUAL(std::string("*"), any.header("access-control-allow-origin"));
        CPPUNIT_ASSERT(!any.has("access-control-allow-credentials"));
    }

    void testRouteWithoutCorsKeepsItsOptionsAnswer()
    {
        HttpResponse response = _gateway->request(preflight("/plain/1", "https://app.example.com", "GET"));
        CPPUNIT_ASSERT_EQUAL(405, response.status);
        CPPUNIT_ASSERT(!response.has("access-control-allow-origin"));
    }

    void testConfigurationErrors()
    {
        TempDirectory folder;
        const std::string routes =
            "<route name=\"a\" path=\"/a\"><cors origins=\"*\" credentials=\"true\"/><proxy "
            "url=\"http://127.0.0.1:1\"/></route>\n"
            "<route name=\"b\" path=\"/b\"><cors origins=\"app.example.com\"/><proxy "
            "url=\"http://127.0.0.1:1\"/></route>\n"
            "<route name=\"c\" path=\"/c\"><cors origins=\"https://*evil.test\"/><proxy "
            "url=\"http://127.0.0.1:1\"/></route>\n"
            "<route name=\"d\" path=\"/d\"><cors/><proxy url=\"http://127.0.0.1:1\"/></route>\n";
        assertRefusedAt(
            checkConfig(folder, gatewayConfig("", routes)),
            {{"credentials=\"true\"", "credentials=\"true\" on <cors> cannot go with origins=\"*\""},
             {"origins=\"app.example.com\"", "invalid value 'app.example.com' for 'origins' on <cors>"},
             {"origins=\"https://*evil.test\"", "invalid value 'https://*evil.test' for 'origins' on <cors>"},
             {"<cors/>", "missing attribute 'origins' on <cors>"}});
    }

private:
    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CorsTest, "cors");
