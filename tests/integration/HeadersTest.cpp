// <headers> through a real porticod: request edits reach a real upstream and an adapter plugin,
// response edits reach the client on proxied, adapter and gateway-made answers, <defaults>
// applies to routes without their own, and framing fields are refused at --check-config.

#include "support/GatewayFixture.h"

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

const std::string proxyHeaders = "<headers>"
                                 "<request>"
                                 "<set name=\"X-Api-Version\" value=\"2\"/>"
                                 "<add name=\"X-Order\" value=\"order-{id}\"/>"
                                 "<add name=\"X-Caller\" value=\"{clientIp} {requestId}\"/>"
                                 "<remove name=\"X-Secret\"/>"
                                 "</request>"
                                 "<response>"
                                 "<set name=\"X-Served-By\" value=\"portico\"/>"
                                 "<add name=\"X-Echo-Id\" value=\"{id}\"/>"
                                 "<remove name=\"X-Upstream-Name\"/>"
                                 "</response>"
                                 "</headers>";

// gatewayConfig() with a <defaults> section before <routes>.
std::string withDefaults(std::string config, const std::string& defaults)
{
    config.insert(config.find("  <routes>"), "  <defaults>" + defaults + "</defaults>\n");
    return config;
}

std::string checkConfigErrors(const TempDirectory& folder, const std::string& config, int& code)
{
    std::string text = config;
    for (const char* placeholder : {"@PORT@", "@ADMIN_PORT@"})
    {
        std::size_t at = text.find(placeholder);
        text.replace(at, std::string(placeholder).size(), std::to_string(freePort()));
    }
    std::string path = folder.file("check.xml");
    writeFile(path, text);
    std::string out, err;
    code = runToCompletion(binaryPath("porticod"), {"--config=" + path, "--check-config"}, out, err);
    return err;
}

} // namespace

class HeadersTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HeadersTest);
    CPPUNIT_TEST(testProxyRouteRequestAndResponseEdits);
    CPPUNIT_TEST(testGatewayMadeAnswersGetResponseEdits);
    CPPUNIT_TEST(testAdapterRouteEdits);
    CPPUNIT_TEST(testDefaultsApplyToRoutesWithoutTheirOwn);
    CPPUNIT_TEST(testFramingFieldsRefusedAtCheckConfig);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<TempDirectory>(); }

    void tearDown() override
    {
        _gateway.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testProxyRouteRequestAndResponseEdits()
    {
        startProxy("<route name=\"orders\" path=\"/echo/{id}\">" + proxyHeaders +
                   "<proxy upstream=\"demo\"/></route>\n");
        HttpResponse response =
            _gateway->get("/echo/42", "X-Api-Version: 1\r\nX-Secret: hunter2\r\nX-Request-Id: rid-7\r\n");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        Poco::JSON::Object::Ptr seen = parseJson(response.body)->getObject("headers");
        CPPUNIT_ASSERT_MESSAGE(response.body, seen->has("X-Api-Version") && seen->has("X-Order"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), seen->getValue<std::string>("X-Api-Version"));
        CPPUNIT_ASSERT_EQUAL(std::string("order-42"), seen->getValue<std::string>("X-Order"));
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1 rid-7"), seen->getValue<std::string>("X-Caller"));
        CPPUNIT_ASSERT(!seen->has("X-Secret"));
        CPPUNIT_ASSERT_EQUAL(std::string("portico"), response.header("x-served-by"));
        CPPUNIT_ASSERT_EQUAL(std::string("42"), response.header("x-echo-id"));
        CPPUNIT_ASSERT(!response.has("x-upstream-name"));
        CPPUNIT_ASSERT_EQUAL(std::string("rid-7"), response.header("x-request-id"));
    }

    void testGatewayMadeAnswersGetResponseEdits()
    {
        // The upstream is gone: the gateway's own 502 still passes the route's response edits.
        startProxy("<route name=\"orders\" path=\"/echo/{id}\">" + proxyHeaders +
                   "<proxy url=\"http://127.0.0.1:" + std::to_string(freePort()) + "\"/></route>\n");
        HttpResponse response = _gateway->get("/echo/9");
        CPPUNIT_ASSERT_EQUAL(502, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
        CPPUNIT_ASSERT_EQUAL(std::string("portico"), response.header("x-served-by"));
        CPPUNIT_ASSERT_EQUAL(std::string("9"), response.header("x-echo-id"));
    }

    void testAdapterRouteEdits()
    {
        std::string plugins = privatePluginFolder(*_folder, "example");
        _gateway = std::make_unique<Gateway>(
            *_folder,
            pluginGatewayConfig(plugins, "<route name=\"hello\" path=\"/hello/{name}\">"
                                         "<headers><request><set name=\"X-Tenant\" value=\"t-{name}\"/>"
                                         "</request><response><set name=\"Cache-Control\" "
                                         "value=\"no-store\"/></response></headers>"
                                         "<adapter type=\"example\"/></route>\n"));
        HttpResponse response = _gateway->get("/hello/ada", "X-Tenant: spoofed\r\n");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        Poco::JSON::Object::Ptr seen = parseJson(response.body)->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(std::string("t-ada"), seen->getValue<std::string>("X-Tenant"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), response.header("cache-control"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), response.header("content-type"));
    }

    void testDefaultsApplyToRoutesWithoutTheirOwn()
    {
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        std::string config =
            gatewayConfig("<upstream name=\"demo\"><target url=\"" + _upstream->url() + "\"/></upstream>\n",
                          "<route name=\"plain\" path=\"/plain/*\"><proxy upstream=\"demo\"/></route>\n"
                          "<route name=\"own\" path=\"/own/*\"><headers><response><add name=\"X-Own\" "
                          "value=\"1\"/></response>"
                          "</headers><proxy upstream=\"demo\"/></route>\n");
        _gateway = std::make_unique<Gateway>(
            *_folder,
            withDefaults(config, "<headers><response><add name=\"X-Default\" value=\"yes\"/></response>"
                                 "</headers>"));
        HttpResponse plain = _gateway->get("/plain/a");
        CPPUNIT_ASSERT_EQUAL(200, plain.status);
        CPPUNIT_ASSERT_EQUAL(std::string("yes"), plain.header("x-default"));
        HttpResponse own = _gateway->get("/own/a");
        CPPUNIT_ASSERT_EQUAL(200, own.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), own.header("x-own"));
        CPPUNIT_ASSERT(!own.has("x-default"));
        HttpResponse missing = _gateway->get("/nowhere");
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT(!missing.has("x-default"));
    }

    void testFramingFieldsRefusedAtCheckConfig()
    {
        std::string config = gatewayConfig(
            "", "<route name=\"bad\" path=\"/bad/{id}\"><headers><response>"
                "<set name=\"Content-Length\" value=\"0\"/><add name=\"X-Ok\" value=\"{nope}\"/>"
                "</response></headers><proxy url=\"http://127.0.0.1:9\"/></route>\n");
        int code = 0;
        std::string err = checkConfigErrors(*_folder, config, code);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(err, 1, code);
        CPPUNIT_ASSERT_MESSAGE(err,
                               err.find("<headers> cannot change 'Content-Length'") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(err, err.find("'{nope}' is neither a parameter") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(err, err.find("check.xml:") != std::string::npos);
    }

private:
    void startProxy(const std::string& routes)
    {
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        _gateway =
            std::make_unique<Gateway>(*_folder, gatewayConfig("<upstream name=\"demo\"><target url=\"" +
                                                                  _upstream->url() + "\"/></upstream>\n",
                                                              routes));
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HeadersTest, "headers");
