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
#include <functional>
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
    CPPUNIT_TEST(testIso8583AgainstAnIndependentSwitch);
    CPPUNIT_TEST(testMultiplexedSwitchAnsweringOutOfOrder);
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
        // Ages count whole seconds, so a ttl of 3 s is at least 2 s of real freshness: room for
        // the kill below on a busy machine.
        start(route.substr(0, route.find("<adapter")) + "<cache ttl=\"3s\" staleIfError=\"1m\"/>" +
              route.substr(route.find("<adapter")));
        const HttpResponse miss = _gateway->get("/api/accounts/12345/balance");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(miss.body, 200, miss.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), miss.header("x-cache"));
        mainframe.process().stop(9);
        const HttpResponse hit = _gateway->get("/api/accounts/12345/balance");
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), hit.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(miss.body, hit.body);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(12345.67, parseObject(hit.body)->getValue<double>("balance"), 1e-9);
        std::this_thread::sleep_for(std::chrono::milliseconds(4100));
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
        const int wrong = callConcurrently(
            8, 10,
            [&](RawHttpClient& client, int t, int i)
            {
                const std::string account = std::to_string(1000 + t * 100 + i);
                HttpResponse response =
                    client.request(simpleRequest("GET", "/api/accounts/" + account + "/balance"));
                const std::string got = parseObject(response.body)->getValue<std::string>("account");
                return std::stoul(got) == std::stoul(account);
            });
        CPPUNIT_ASSERT_EQUAL(0, wrong);
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

    // A card switch built on another ISO 8583 implementation (the npm iso_8583 package): the
    // gateway's JSON becomes the standard's bytes, and the switch's answers come back as JSON with
    // their response codes mapped to HTTP statuses.
    void testIso8583AgainstAnIndependentSwitch()
    {
        const std::string connectionLog = _folder->file("switch-connections.log");
        ScriptService& peer =
            service("switch", {"--connection-log=" + connectionLog}, "tests/demo/iso8583/iso8583_peer.js");
        start(
            "<route name=\"pay\" path=\"/api/payments\" methods=\"POST\">\n"
            "<adapter type=\"tcp\"><endpoint>" +
            peer.address() +
            "</endpoint><framing type=\"length-prefix\" bytes=\"2\"/>"
            "<request codec=\"iso8583\"/><response codec=\"iso8583\"/>"
            "<iso8583 mti=\"0200\"><responseCode otherwise=\"502\"><code value=\"00\" status=\"200\"/>"
            "<code value=\"51\" status=\"402\"/><code value=\"14\" status=\"422\"/></responseCode></iso8583>"
            "<pool size=\"2\" connectTimeout=\"2s\" timeout=\"10s\"/></adapter>\n</route>\n");
        const auto pay = [&](const std::string& json)
        { return _gateway->request(post("/api/payments", "application/json", json)); };

        const HttpResponse approved = pay(R"({"fields":{"2":"4111111111111111","3":"000000","4":1000,)"
                                          R"("7":"1205120000","11":"000123","41":"TERM0001","49":"978"}})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(approved.body, 200, approved.status);
        Poco::JSON::Object::Ptr reply = parseObject(approved.body);
        CPPUNIT_ASSERT_EQUAL(std::string("0210"), reply->getValue<std::string>("mti"));
        Poco::JSON::Object::Ptr fields = reply->getObject("fields");
        CPPUNIT_ASSERT_EQUAL(std::string("00"), fields->getValue<std::string>("39"));
        CPPUNIT_ASSERT_EQUAL(std::string("000123"), fields->getValue<std::string>("11"));
        CPPUNIT_ASSERT_EQUAL(std::string("000000001000"), fields->getValue<std::string>("4"));
        CPPUNIT_ASSERT_EQUAL(std::string("4111111111111111"), fields->getValue<std::string>("2"));
        CPPUNIT_ASSERT(fields->has("38")); // the authorisation code of an approval

        // Declined for funds (over 1000.00), and a card number that fails the Luhn check.
        const HttpResponse declined =
            pay(R"({"fields":{"2":"4111111111111111","3":"000000","4":"000000200000"}})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(declined.body, 402, declined.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), declined.header("content-type"));
        CPPUNIT_ASSERT_EQUAL(std::string("51"),
                             parseObject(declined.body)->getValue<std::string>("responseCode"));
        CPPUNIT_ASSERT_EQUAL(422, pay(R"({"fields":{"2":"4111111111111112","3":"000000","4":100}})").status);

        // Network management (secondary bitmap: field 70), and a request refused before it leaves.
        const HttpResponse echo = pay(R"({"mti":"0800","fields":{"7":"1205120000","70":"301"}})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(echo.body, 200, echo.status);
        CPPUNIT_ASSERT_EQUAL(std::string("0810"), parseObject(echo.body)->getValue<std::string>("mti"));
        CPPUNIT_ASSERT_EQUAL(std::string("301"),
                             parseObject(echo.body)->getObject("fields")->getValue<std::string>("70"));
        const HttpResponse refused = pay(R"({"fields":{"4":"12.50"}})");
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        CPPUNIT_ASSERT(refused.body.find("field 4 (n 12)") != std::string::npos);

        // Concurrent payments over two connections: each answer is its own request's (by STAN).
        const int wrong = callConcurrently(
            8, 10,
            [&](RawHttpClient& client, int t, int i)
            {
                const std::string stan = std::to_string(100000 + t * 100 + i);
                const HttpResponse response =
                    client.request(post("/api/payments", "application/json",
                                        R"({"fields":{"2":"4111111111111111","3":"000000","4":)" +
                                            std::to_string(t * 10 + i) + R"(,"11":")" + stan + R"("}})"));
                return response.status == 200 &&
                       parseObject(response.body)->getObject("fields")->getValue<std::string>("11") == stan;
            });
        CPPUNIT_ASSERT_EQUAL(0, wrong);
        CPPUNIT_ASSERT(lineCount(connectionLog) <= 2);
    }

    // A switch that keeps many requests in flight on one connection and answers each batch in
    // reverse order: every answer still reaches its own client, matched by STAN, over one
    // connection; a STAN already in flight is refused rather than risk a crossed reply.
    void testMultiplexedSwitchAnsweringOutOfOrder()
    {
        const std::string connectionLog = _folder->file("switch-connections.log");
        ScriptService& peer = service("switch", {"--out-of-order=5", "--connection-log=" + connectionLog},
                                      "tests/demo/iso8583/iso8583_peer.js");
        start(
            "<route name=\"pay\" path=\"/api/payments\" methods=\"POST\">\n"
            "<adapter type=\"tcp\"><endpoint>" +
            peer.address() +
            "</endpoint><framing type=\"length-prefix\" bytes=\"2\"/>"
            "<request codec=\"iso8583\"/><response codec=\"iso8583\"/><iso8583 mti=\"0200\"/>"
            "<pool size=\"1\" inFlight=\"16\" connectTimeout=\"2s\" timeout=\"10s\"/></adapter>\n</route>\n");
        const int wrong = callConcurrently(
            10, 5,
            [&](RawHttpClient& client, int t, int i)
            {
                const std::string stan = std::to_string(200000 + t * 100 + i);
                const std::string amount = std::to_string(t * 1000 + i);
                const HttpResponse response =
                    client.request(post("/api/payments", "application/json",
                                        R"({"fields":{"2":"4111111111111111","3":"000000","4":)" + amount +
                                            R"(,"11":")" + stan + R"("}})"));
                Poco::JSON::Object::Ptr got = parseObject(response.body)->getObject("fields");
                return response.status == 200 && got->getValue<std::string>("11") == stan &&
                       std::stoi(got->getValue<std::string>("4")) == std::stoi(amount);
            });
        CPPUNIT_ASSERT_EQUAL(0, wrong);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lineCount(connectionLog));
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

    // clients threads, each making calls requests through the gateway on its own keep-alive
    // connection; call says whether an answer was right (an exception counts as wrong). Returns how
    // many were wrong.
    int callConcurrently(int clients, int calls,
                         const std::function<bool(RawHttpClient&, int client, int call)>& call)
    {
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < clients; ++t)
        {
            threads.emplace_back(
                [&, t]
                {
                    RawHttpClient client("127.0.0.1", _gateway->port());
                    for (int i = 0; i < calls; ++i)
                    {
                        bool right = false;
                        try
                        {
                            right = call(client, t, i);
                        }
                        catch (...)
                        {
                        }
                        if (!right) wrong++;
                    }
                });
        }
        for (std::thread& thread : threads)
        {
            thread.join();
        }
        return wrong.load();
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
