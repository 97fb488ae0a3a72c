// Proxying basics through a real porticod and a real upstream process.

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

} // namespace

class ProxyBasicsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProxyBasicsTest);
    CPPUNIT_TEST(testForwardsAndAnswersWithRequestId);
    CPPUNIT_TEST(testUnknownPathIs404ProblemJson);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        _gateway = std::make_unique<Gateway>(
            *_folder,
            gatewayConfig("<upstream name=\"demo\"><target url=\"" + _upstream->url() + "\"/></upstream>\n",
                          "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"demo\"/></route>\n"));
    }

    void tearDown() override
    {
        _gateway.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testForwardsAndAnswersWithRequestId()
    {
        HttpResponse response = _gateway->get("/echo/hello?x=1");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), response.header("x-upstream-name"));
        std::string requestId = response.header("x-request-id");
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), requestId.size());
        Poco::JSON::Object::Ptr echo = parseJson(response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/hello?x=1"), echo->getValue<std::string>("uri"));
        Poco::JSON::Object::Ptr headers = echo->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(requestId, headers->getValue<std::string>("X-Request-Id"));
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), headers->getValue<std::string>("X-Forwarded-For"));
        CPPUNIT_ASSERT_EQUAL(std::string("http"), headers->getValue<std::string>("X-Forwarded-Proto"));
        CPPUNIT_ASSERT_EQUAL(std::string("test.local"), headers->getValue<std::string>("X-Forwarded-Host"));
    }

    void testUnknownPathIs404ProblemJson()
    {
        HttpResponse response = _gateway->get("/nowhere", "X-Request-Id: my-id-1\r\n");
        CPPUNIT_ASSERT_EQUAL(404, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
        CPPUNIT_ASSERT_EQUAL(std::string("my-id-1"), response.header("x-request-id"));
        Poco::JSON::Object::Ptr problem = parseJson(response.body);
        CPPUNIT_ASSERT_EQUAL(404, problem->getValue<int>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("my-id-1"), problem->getValue<std::string>("requestId"));
        CPPUNIT_ASSERT(problem->has("type") && problem->has("title") && problem->has("detail"));
    }

private:
    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ProxyBasicsTest, "proxy");
