// The tcp adapter end to end: real porticod with the tcp plugin in front of real legacy peers
// started by the test: a fixed-width EBCDIC "mainframe" with a 2-byte length prefix, a
// newline-delimited text service, and an HL7 v2 MLLP peer built on Debian's python3-hl7.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/ScriptService.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

using namespace portico::test;

namespace
{

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string post(const std::string& target, const std::string& contentType, const std::string& body)
{
    return "POST " + target + " HTTP/1.1\r\nHost: test.local\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string mainframeAdapter(const std::string& endpoint, const std::string& pool)
{
    return "<adapter type=\"tcp\">\n"
           "  <endpoint>" +
           endpoint +
           "</endpoint>\n"
           "  <framing type=\"length-prefix\" bytes=\"2\" byteOrder=\"big\"/>\n"
           "  <charset>IBM037</charset>\n"
           "  <request codec=\"fixed\">\n"
           "    <field name=\"txn\" length=\"4\" value=\"BAL1\"/>\n"
           "    <field name=\"account\" length=\"10\" align=\"right\" pad=\"0\"/>\n"
           "  </request>\n"
           "  <response codec=\"fixed\">\n"
           "    <field name=\"rc\" length=\"2\" type=\"int\"/>\n"
           "    <field name=\"account\" length=\"10\"/>\n"
           "    <field name=\"balance\" length=\"13\" type=\"decimal\" scale=\"2\" align=\"right\" "
           "pad=\"0\"/>\n"
           "    <field name=\"currency\" length=\"3\"/>\n"
           "  </response>\n"
           "  " +
           pool +
           "\n"
           "</adapter>\n";
}

} // namespace

class TcpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TcpTest);
    CPPUNIT_TEST(testFixedWidthEbcdicBalance);
    CPPUNIT_TEST(testNegativeBalanceAndUnknownAccount);
    CPPUNIT_TEST(testMissingOrOverlongFieldIs400);
    CPPUNIT_TEST(testDelimitedTextService);
    CPPUNIT_TEST(testHl7AckAsJson);
    CPPUNIT_TEST(testHl7ErrorAckIs502WithSegments);
    CPPUNIT_TEST(testConcurrentRequestsNeverCross);
    CPPUNIT_TEST(testPoolNeverOpensMoreThanItsSize);
    CPPUNIT_TEST(testPeerClosingConnectionsIsRecovered);
    CPPUNIT_TEST(testUnreachableIs502AndSlowIs504);
    CPPUNIT_TEST(testCircuitBreakerGivesTheMainframeRoom);
    CPPUNIT_TEST(testPeerKilledMidExchange);
    CPPUNIT_TEST(testConfigErrorsPointAtTheNestedNode);
    CPPUNIT_TEST(testCachedBalanceOutlivesTheMainframe);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _plugins = privatePluginFolder(*_folder, "tcp");
    }

    void tearDown() override
    {
        _gateway.reset();
        _services.clear();
        _folder.reset();
    }

    void testFixedWidthEbcdicBalance()
    {
        ScriptService& mainframe = service("mainframe", {"--mode=mainframe"});
        start(balanceRoute(mainframe.address()));
        HttpResponse response = _gateway->get("/api/accounts/12345/balance");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Object::Ptr balance = parseObject(response.body);
        CPPUNIT_ASSERT_EQUAL(0, balance->getValue<int>("rc"));
        CPPUNIT_ASSERT_EQUAL(std::string("0000012345"), balance->getValue<std::string>("account"));
        CPPUNIT_ASSERT(!balance->get("balance").isString());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(12345.67, balance->getValue<double>("balance"), 1e-9);
        CPPUNIT_ASSERT_EQUAL(std::string("EUR"), balance->getValue<std::string>("currency"));
    }

    void testCachedBalanceOutlivesTheMainframe()
    {
        // The translated JSON is what is stored: with the mainframe gone, a fresh entry still
        // answers (HIT), and past its freshness, within staleIfError, so does the stale one.
        ScriptService& mainframe = service("mainframe", {"--mode=mainframe"});
        const std::string route = balanceRoute(mainframe.address());
        start(route.substr(0, route.find("<adapter")) + "<cache ttl=\"1s\" staleIfError=\"1m\"/>" +
              route.substr(route.find("<adapter")));
        const HttpResponse miss = _gateway->get("/api/accounts/12345/balance");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(miss.body, 200, miss.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), miss.header("x-cache"));
        mainframe.process().stop(9);
        const HttpResponse hit = _gateway->get("/api/accounts/12345/balance");
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), hit.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(miss.body, hit.body);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(12345.67, parseObject(hit.body)->getValue<double>("balance"), 1e-9);
        std::this_thread::sleep_for(std::chrono::milliseconds(2100));
        const HttpResponse stale = _gateway->get("/api/accounts/12345/balance");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(stale.body, 200, stale.status);
        CPPUNIT_ASSERT_EQUAL(std::string("STALE"), stale.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(miss.body, stale.body);
        // Another account was never stored: the mainframe's absence shows.
        CPPUNIT_ASSERT_EQUAL(502, _gateway->get("/api/accounts/42/balance").status);
    }

    void testNegativeBalanceAndUnknownAccount()
    {
        ScriptService& mainframe = service("mainframe", {"--mode=mainframe"});
        start(balanceRoute(mainframe.address()));
        Poco::JSON::Object::Ptr negative = parseObject(_gateway->get("/api/accounts/42/balance").body);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-50.0, negative->getValue<double>("balance"), 1e-9);
        CPPUNIT_ASSERT_EQUAL(std::string("USD"), negative->getValue<std::string>("currency"));
        Poco::JSON::Object::Ptr unknown = parseObject(_gateway->get("/api/accounts/777/balance").body);
        CPPUNIT_ASSERT_EQUAL(4, unknown->getValue<int>("rc"));
        CPPUNIT_ASSERT_EQUAL(std::string("0000000777"), unknown->getValue<std::string>("account"));
    }

    void testMissingOrOverlongFieldIs400()
    {
        ScriptService& mainframe = service("mainframe", {"--mode=mainframe"});
        start(balanceRoute(mainframe.address()));
        HttpResponse tooLong = _gateway->get("/api/accounts/123456789012/balance");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(tooLong.body, 400, tooLong.status);
        CPPUNIT_ASSERT(parseObject(tooLong.body)->getValue<std::string>("detail").find("account") !=
                       std::string::npos);
        HttpResponse unmapped =
            _gateway->get("/api/accounts/12%E2%82%AC/balance"); // "12€": no IBM037 mapping
        CPPUNIT_ASSERT_EQUAL_MESSAGE(unmapped.body, 400, unmapped.status);
    }

    void testDelimitedTextService()
    {
        ScriptService& lines = service("lines", {"--mode=lines"});
        start(linesRoute(lines.address()));
        HttpResponse response = _gateway->request(post("/api/lines", "text/plain", "hello legacy"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT(response.header("content-type").find("text/plain") == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("OK HELLO LEGACY"), response.body);
    }

    void testHl7AckAsJson()
    {
        ScriptService& hl7 = service("hl7", {}, "tests/demo/tcp/hl7_ack_service.py");
        start(hl7Route(hl7.address()));
        std::string message = "MSH|^~\\&|GW|PORTICO|LAB|HOSP|20261128120000||ADT^A01|MSG00001|P|2.5\r"
                              "PID|1||12345^^^HOSP||Doe^John\r";
        HttpResponse response = _gateway->request(post("/api/hl7/adt", "text/plain", message));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Array::Ptr segments = parseObject(response.body)->getArray("segments");
        CPPUNIT_ASSERT(!segments.isNull());
        bool sawAck = false;
        for (std::size_t i = 0; i < segments->size(); ++i)
        {
            Poco::JSON::Object::Ptr segment = segments->getObject(static_cast<unsigned>(i));
            if (segment->getValue<std::string>("name") == "MSA")
            {
                Poco::JSON::Array::Ptr fields = segment->getArray("fields");
                CPPUNIT_ASSERT_EQUAL(std::string("AA"), fields->getElement<std::string>(0));
                CPPUNIT_ASSERT_EQUAL(std::string("MSG00001"), fields->getElement<std::string>(1));
                sawAck = true;
            }
        }
        CPPUNIT_ASSERT(sawAck);
    }

    void testHl7ErrorAckIs502WithSegments()
    {
        ScriptService& hl7 = service("hl7", {}, "tests/demo/tcp/hl7_ack_service.py");
        start(hl7Route(hl7.address()));
        std::string message = "MSH|^~\\&|GW|PORTICO|LAB|HOSP|20261128120000||ORU^R01|MSG00002|P|2.5\r";
        HttpResponse response = _gateway->request(post("/api/hl7/adt", "text/plain", message));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 502, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
        CPPUNIT_ASSERT(response.body.find("\"segments\"") != std::string::npos);
        CPPUNIT_ASSERT(response.body.find("AE") != std::string::npos);
    }

    void testConcurrentRequestsNeverCross()
    {
        ScriptService& mainframe = service("mainframe", {"--mode=mainframe", "--delay-ms=5"});
        start(balanceRoute(mainframe.address(), "<pool size=\"2\" connectTimeout=\"2s\" timeout=\"10s\"/>"));
        std::atomic<int> matched{0};
        std::atomic<int> failed{0};
        std::vector<std::thread> clients;
        for (int t = 0; t < 8; ++t)
        {
            clients.emplace_back(
                [&, t]
                {
                    RawHttpClient client("127.0.0.1", _gateway->port());
                    for (int i = 0; i < 10; ++i)
                    {
                        std::string account = std::to_string(1000 + t * 100 + i);
                        HttpResponse response =
                            client.request(simpleRequest("GET", "/api/accounts/" + account + "/balance"));
                        try
                        {
                            std::string got = parseObject(response.body)->getValue<std::string>("account");
                            (std::stoul(got) == std::stoul(account) ? matched : failed)++;
                        }
                        catch (...)
                        {
                            failed++;
                        }
                    }
                });
        }
        for (std::thread& client : clients)
        {
            client.join();
        }
        CPPUNIT_ASSERT_EQUAL(0, failed.load());
        CPPUNIT_ASSERT_EQUAL(80, matched.load());
    }

    // Legacy peers cap their sessions or make each new connection sign on: a pool of 4 opens 4
    // connections, however many requests wait and on whichever event loop (the gateway has two;
    // fresh client connections land on both). An idle connection moves to the loop that waits.
    void testPoolNeverOpensMoreThanItsSize()
    {
        const std::string connectionLog = _folder->file("mainframe-connections.log");
        ScriptService& mainframe =
            service("mainframe", {"--mode=mainframe", "--delay-ms=2", "--connection-log=" + connectionLog});
        start(balanceRoute(mainframe.address(), "<pool size=\"4\" connectTimeout=\"2s\" timeout=\"20s\"/>"));
        std::atomic<int> answered{0};
        std::atomic<int> failed{0};
        std::vector<std::thread> clients;
        for (int t = 0; t < 50; ++t)
        {
            clients.emplace_back(
                [&]
                {
                    for (int i = 0; i < 6; ++i)
                    {
                        // A fresh client connection each time, so that every loop gets some.
                        RawHttpClient client("127.0.0.1", _gateway->port());
                        HttpResponse response =
                            client.request(simpleRequest("GET", "/api/accounts/12345/balance"));
                        (response.status == 200 ? answered : failed)++;
                    }
                });
        }
        for (std::thread& client : clients)
        {
            client.join();
        }
        CPPUNIT_ASSERT_EQUAL(0, failed.load());
        CPPUNIT_ASSERT_EQUAL(300, answered.load());
        const std::size_t opened = lineCount(connectionLog);
        CPPUNIT_ASSERT_MESSAGE("the mainframe accepted " + std::to_string(opened) +
                                   " connections from a pool of 4",
                               opened >= 1 && opened <= 4);
    }

    void testPeerClosingConnectionsIsRecovered()
    {
        ScriptService& mainframe = service("mainframe", {"--mode=mainframe", "--close-after=1"});
        start(balanceRoute(mainframe.address(), "<pool size=\"1\" connectTimeout=\"2s\" timeout=\"5s\"/>"));
        for (int i = 0; i < 5; ++i)
        {
            HttpResponse response = _gateway->get("/api/accounts/12345/balance");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
            // Give the peer's close time to arrive: a request sent on a connection the peer is
            // closing at that very moment has been sent, and by the contract is not retried.
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    }

    void testUnreachableIs502AndSlowIs504()
    {
        ScriptService& slow = service("slow", {"--mode=mainframe", "--delay-ms=3000"});
        std::string routes =
            "<route name=\"dead\" path=\"/api/dead/{account}/balance\" methods=\"GET\">\n" +
            mainframeAdapter("127.0.0.1:" + std::to_string(freePort()),
                             "<pool size=\"2\" connectTimeout=\"1s\" timeout=\"1s\"/>") +
            "</route>\n<route name=\"slow\" path=\"/api/slow/{account}/balance\" methods=\"GET\">\n" +
            mainframeAdapter(slow.address(), "<pool size=\"2\" connectTimeout=\"1s\" timeout=\"500ms\"/>") +
            "</route>\n";
        start(routes);
        HttpResponse dead = _gateway->get("/api/dead/1/balance");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dead.body, 502, dead.status);
        HttpResponse slowAnswer = _gateway->get("/api/slow/1/balance");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(slowAnswer.body, 504, slowAnswer.status);
    }

    void testCircuitBreakerGivesTheMainframeRoom()
    {
        std::string routes =
            "<route name=\"dead\" path=\"/api/dead/{account}/balance\" methods=\"GET\">\n" +
            mainframeAdapter("127.0.0.1:" + std::to_string(freePort()),
                             "<pool size=\"2\" connectTimeout=\"1s\" timeout=\"1s\" maxFails=\"2\" "
                             "failTimeout=\"30s\"/>") +
            "</route>\n";
        start(routes);
        CPPUNIT_ASSERT_EQUAL(502, _gateway->get("/api/dead/1/balance").status);
        CPPUNIT_ASSERT_EQUAL(502, _gateway->get("/api/dead/2/balance").status);
        // Open after two failures in a row: 503 at once, with when to try again. (The gateway's loops
        // share the peer's breaker, so whichever loop takes the request answers the same.)
        for (int i = 0; i < 3; ++i)
        {
            HttpResponse refused = _gateway->get("/api/dead/3/balance");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 503, refused.status);
            CPPUNIT_ASSERT(refused.body.find("circuit breaker") != std::string::npos);
            const int retry = std::stoi(refused.header("retry-after"));
            CPPUNIT_ASSERT(retry >= 28 && retry <= 30);
        }
        // The admin API shows the peer's breaker open.
        RawHttpClient admin("127.0.0.1", _gateway->adminPort());
        HttpResponse peers =
            admin.request(simpleRequest("GET", "/admin/peers", "Authorization: Bearer test-admin-token\r\n"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(peers.body, 200, peers.status);
        CPPUNIT_ASSERT_MESSAGE(peers.body, peers.body.find("\"circuit\":\"open\"") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(peers.body, peers.body.find("\"circuitOpened\":1") != std::string::npos);
    }

    void testPeerKilledMidExchange()
    {
        ScriptService& mainframe = service("mainframe", {"--mode=mainframe", "--delay-ms=1500"});
        start(balanceRoute(mainframe.address()));
        HttpResponse response;
        std::thread client([&] { response = _gateway->get("/api/accounts/12345/balance"); });
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        mainframe.process().stop(9);
        client.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 502, response.status);
        // The gateway is still there.
        HttpResponse after = _gateway->get("/nowhere");
        CPPUNIT_ASSERT_EQUAL(404, after.status);
    }

    // The adapter's own errors name the line and column of the attribute concerned, deep inside
    // <adapter>, even after a ${…} on an earlier line changed the text's length.
    void testConfigErrorsPointAtTheNestedNode()
    {
        const std::string routes = "<route name=\"balance\" path=\"/api/balance\" methods=\"POST\">\n"
                                   "  <adapter type=\"tcp\">\n"
                                   "    <endpoint>${LEGACY_HOST:-127.0.0.1}:7001</endpoint>\n"
                                   "    <framing type=\"length-prefix\" bytes=\"2\"/>\n"
                                   "    <request codec=\"fixed\">\n"
                                   "      <field name=\"txn\" length=\"4\" value=\"BAL1\"/>\n"
                                   "      <field name=\"account\" length=\"0\"/>\n"
                                   "    </request>\n"
                                   "    <pool size=\"2\" timeout=\"soon\"/>\n"
                                   "  </adapter>\n"
                                   "</route>\n";
        assertRefusedAt(
            checkConfig(*_folder, pluginGatewayConfig(_plugins, routes)),
            {{"length=\"0\"", "route 'balance': invalid value '0' for 'length' on <field name=\"account\">"},
             {"timeout=\"soon\"", "route 'balance': invalid value 'soon' for 'timeout' on <pool>"}});
    }

private:
    ScriptService& service(const std::string& name, const std::vector<std::string>& arguments,
                           const std::string& script = "tests/demo/tcp/legacy_tcp_service.py")
    {
        _services.push_back(std::make_unique<ScriptService>(*_folder, name, script, arguments));
        return *_services.back();
    }

    std::string
    balanceRoute(const std::string& endpoint,
                 const std::string& pool = "<pool size=\"4\" connectTimeout=\"2s\" timeout=\"5s\"/>")
    {
        return "<route name=\"balance\" path=\"/api/accounts/{account}/balance\" methods=\"GET\">\n" +
               mainframeAdapter(endpoint, pool) + "</route>\n";
    }

    std::string linesRoute(const std::string& endpoint)
    {
        return "<route name=\"lines\" path=\"/api/lines\" methods=\"POST\">\n"
               "<adapter type=\"tcp\"><endpoint>" +
               endpoint +
               "</endpoint><framing type=\"delimiter\" bytes=\"\\n\"/>"
               "<request codec=\"text\"/><response codec=\"text\"/></adapter>\n</route>\n";
    }

    std::string hl7Route(const std::string& endpoint)
    {
        return "<route name=\"adt\" path=\"/api/hl7/adt\" methods=\"POST\">\n"
               "<adapter type=\"tcp\"><endpoint>" +
               endpoint +
               "</endpoint><framing type=\"mllp\"/>"
               "<request codec=\"text\"/><response codec=\"hl7v2\"/></adapter>\n</route>\n";
    }

    void start(const std::string& routes)
    {
        std::string config = pluginGatewayConfig(_plugins, routes);
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    std::unique_ptr<TempDirectory> _folder;
    std::vector<std::unique_ptr<ScriptService>> _services;
    std::unique_ptr<Gateway> _gateway;
    std::string _plugins;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TcpTest, "tcp");
