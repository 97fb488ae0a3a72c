// The admin API's views of the running gateway through a real porticod: GET /admin/routes (each
// route's match, handler and policies in the order they run) and GET /admin/upstreams (each
// target's health as the balancer sees it, a dead one marked after it failed), behind the token.
// Connections held open on the admin listener take no threads beyond those it started with.

#include "support/GatewayFixture.h"
#include "support/ProcessHoldings.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <vector>

using namespace portico::test;

class AdminTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AdminTest);
    CPPUNIT_TEST(testRoutesAndUpstreams);
    CPPUNIT_TEST(testHeldConnectionsStartNoThreads);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRoutesAndUpstreams()
    {
        TempDirectory folder;
        DemoUpstream upstream(folder, "alpha");
        const std::string dead = "http://127.0.0.1:" + std::to_string(freePort());
        std::string config = gatewayConfig(
            "<upstream name=\"live\"><target url=\"" + upstream.url() +
                "\" weight=\"2\"/></upstream>\n"
                "<upstream name=\"dead\" maxFails=\"1\" retries=\"0\"><target url=\"" +
                dead + "\"/></upstream>\n",
            "<route name=\"orders\" path=\"/orders/{id}\" methods=\"GET\"><proxy upstream=\"live\"/>"
            "<allow groups=\"partners\"/><auth><apiKey header=\"X-API-Key\"/></auth><cors "
            "origins=\"*\"/></route>\n"
            "<route name=\"gone\" path=\"/gone/*\"><proxy upstream=\"dead\"/></route>\n");
        Gateway gateway(folder, config);
        CPPUNIT_ASSERT_EQUAL(502, gateway.get("/gone/x").status);

        RawHttpClient anonymous("127.0.0.1", gateway.adminPort());
        CPPUNIT_ASSERT_EQUAL(401, anonymous.request(simpleRequest("GET", "/admin/routes")).status);

        Poco::JSON::Array::Ptr routes = get(gateway, "/admin/routes");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), routes->size());
        Poco::JSON::Object::Ptr orders = routes->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("orders"), orders->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("/orders/{id}"), orders->getValue<std::string>("path"));
        CPPUNIT_ASSERT_EQUAL(std::string("live"),
                             orders->getObject("handler")->getValue<std::string>("upstream"));
        // Written in another order; listed as they run: edge, authentication, authorization.
        Poco::JSON::Array::Ptr policies = orders->getArray("policies");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), policies->size());
        CPPUNIT_ASSERT_EQUAL(std::string("cors"), policies->getObject(0)->getValue<std::string>("element"));
        CPPUNIT_ASSERT_EQUAL(std::string("auth"), policies->getObject(1)->getValue<std::string>("element"));
        CPPUNIT_ASSERT_EQUAL(std::string("allow"), policies->getObject(2)->getValue<std::string>("element"));

        Poco::JSON::Array::Ptr upstreams = get(gateway, "/admin/upstreams");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), upstreams->size());
        Poco::JSON::Object::Ptr live = upstreams->getObject(0)->getArray("targets")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(upstream.url(), live->getValue<std::string>("url"));
        CPPUNIT_ASSERT_EQUAL(2, live->getValue<int>("weight"));
        CPPUNIT_ASSERT(live->getValue<bool>("healthy"));
        Poco::JSON::Object::Ptr gone = upstreams->getObject(1)->getArray("targets")->getObject(0);
        CPPUNIT_ASSERT(!gone->getValue<bool>("healthy"));
        CPPUNIT_ASSERT(gone->getValue<bool>("ejected"));
        CPPUNIT_ASSERT_EQUAL(std::string("open"), gone->getValue<std::string>("circuit"));
        CPPUNIT_ASSERT_EQUAL(1, gone->getValue<int>("circuitOpened"));
        CPPUNIT_ASSERT_EQUAL(std::string("closed"), live->getValue<std::string>("circuit"));
        CPPUNIT_ASSERT(gone->getValue<int>("failures") >= 1);
    }

    // Four keep-alive connections at once, each with a call answered, are the admin listener's
    // whole pool: a pool that grew on demand would show here as more threads than at start.
    void testHeldConnectionsStartNoThreads()
    {
        TempDirectory folder;
        DemoUpstream upstream(folder, "alpha");
        Gateway gateway(
            folder,
            gatewayConfig("<upstream name=\"live\"><target url=\"" + upstream.url() + "\"/></upstream>\n",
                          "<route name=\"r\" path=\"/r/*\"><proxy upstream=\"live\"/></route>\n"));
        const ProcessHoldings atStart = holdingsOf(gateway.process().pid());

        std::vector<std::unique_ptr<RawHttpClient>> held;
        for (int i = 0; i < 4; ++i)
        {
            held.push_back(std::make_unique<RawHttpClient>("127.0.0.1", gateway.adminPort()));
            const HttpResponse answer = held.back()->request(
                simpleRequest("GET", "/admin/routes", "Authorization: Bearer test-admin-token\r\n"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE("threads with four admin connections held", atStart.threads,
                                     holdingsOf(gateway.process().pid()).threads);
    }

private:
    static Poco::JSON::Array::Ptr get(Gateway& gateway, const std::string& target)
    {
        RawHttpClient client("127.0.0.1", gateway.adminPort());
        HttpResponse response =
            client.request(simpleRequest("GET", target, "Authorization: Bearer test-admin-token\r\n"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Array::Ptr>();
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AdminTest, "admin");
