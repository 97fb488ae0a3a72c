// Hostile clients against a real porticod and real upstreams, one of which counts the whole
// requests it receives. Each smuggling and framing probe goes on its own connection and is
// answered with the expected status as problem+json, on a closed connection, and no whole request
// of it reaches the back end; a normal request works after each. Hop-by-hop upgrades and control
// characters in path parameters never reach the upstream as headers, and slow clients are cut off
// without starving the others.

#include "support/GatewayFixture.h"
#include "support/ScriptService.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace portico::test;

namespace
{

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Probe
{
    const char* name;
    std::string bytes;
    int status;
};

const std::string post = "POST /probe/smuggle HTTP/1.1\r\nHost: test.local\r\n";
const std::string smuggled = "GET /probe/smuggled HTTP/1.1\r\nHost: test.local\r\n\r\n";

// Every probe the gateway must refuse without forwarding anything. The rows of the README's
// hostile-client table.
std::vector<Probe> refusedProbes()
{
    return {
        {"Content-Length and Transfer-Encoding",
         post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, 400},
        {"Transfer-Encoding before Content-Length",
         post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + smuggled, 400},
        {"two Content-Length fields, equal", post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
         400},
        {"two Content-Length fields, different",
         post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400},
        {"Content-Length list", post + "Content-Length: 5, 5\r\n\r\nhello", 400},
        {"Content-Length with a sign", post + "Content-Length: +5\r\n\r\nhello", 400},
        {"Content-Length negative", post + "Content-Length: -1\r\n\r\n", 400},
        {"Content-Length in hex", post + "Content-Length: 0x5\r\n\r\nhello", 400},
        {"Content-Length past 2^64", post + "Content-Length: 99999999999999999999999\r\n\r\n", 400},
        {"two Transfer-Encoding fields",
         post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, 400},
        {"Transfer-Encoding in HTTP/1.0",
         "POST /probe/smuggle HTTP/1.0\r\nHost: test.local\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
             smuggled,
         400},
        {"Transfer-Encoding: xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + smuggled,
         400},
        {"Transfer-Encoding: chunked, identity",
         post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + smuggled, 400},
        {"Transfer-Encoding quoted", post + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n" + smuggled,
         400},
        {"Transfer-Encoding after a vertical tab",
         post +
             "Transfer-Encoding:\x0b"
             "chunked\r\n\r\n0\r\n\r\n" +
             smuggled,
         400},
        {"space before the colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + smuggled, 400},
        {"Transfer-Encoding: gzip, chunked",
         post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + smuggled, 501},
        {"chunk size 0x5", post + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk size negative", post + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk size past 2^64",
         post + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nhello\r\n0\r\n\r\n", 400},
        {"chunk size with a space", post + "Transfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", 400},
        {"chunk size line ending in bare LF",
         post + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", 400},
        {"chunk longer than its size",
         post + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n" + smuggled, 400},
        {"bare LF line endings", "GET /probe/a HTTP/1.1\nHost: test.local\n\n", 400},
        {"bare CR", "GET /probe/a HTTP/1.1\rHost: test.local\r\n\r\n", 400},
        {"NUL in a header value",
         std::string("GET /probe/a HTTP/1.1\r\nHost: test.local\r\nX: a\0b\r\n\r\n", 51), 400},
        {"obs-fold", "GET /probe/a HTTP/1.1\r\nHost: test.local\r\nX-Folded: one\r\n two\r\n\r\n", 400},
        {"space in a header name", "GET /probe/a HTTP/1.1\r\nHost: test.local\r\nX Bad: 1\r\n\r\n", 400},
        {"two Host fields", "GET /probe/a HTTP/1.1\r\nHost: test.local\r\nHost: other.local\r\n\r\n", 400},
        {"absolute-form target", "GET http://elsewhere.example/probe/a HTTP/1.1\r\nHost: test.local\r\n\r\n",
         400},
        {"space in the target", "GET /probe/a b HTTP/1.1\r\nHost: test.local\r\n\r\n", 400},
        {"lower-case method", "get /probe/a HTTP/1.1\r\nHost: test.local\r\n\r\n", 400},
        {"HTTP/0.9 request line", "GET /probe/a\r\n\r\n", 505},
        {"a 70 KB URI", "GET /probe/" + std::string(70000, 'a') + " HTTP/1.1\r\nHost: test.local\r\n\r\n",
         431},
    };
}

Poco::JSON::Object::Ptr echoOf(const HttpResponse& response)
{
    return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

// The whole requests the counting back end has received (tests/demo/faults: a request whose body
// is malformed or cut does not count).
int wholeRequestsAt(ScriptService& counting)
{
    RawHttpClient client("127.0.0.1", counting.port(), seconds(5));
    return echoOf(client.request(simpleRequest("GET", "/stats")))->getValue<int>("requests");
}

} // namespace

class HostileClientTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HostileClientTest);
    CPPUNIT_TEST(testSmugglingAndFramingProbesNeverReachTheBackEnd);
    CPPUNIT_TEST(testDesyncedPipelineIsReadAsTheUpstreamWould);
    CPPUNIT_TEST(testNothingHopByHopOrInjectedReachesTheUpstream);
    CPPUNIT_TEST(testSlowClientsDoNotStarveOthers);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "echo");
        _counting =
            std::make_unique<ScriptService>(*_folder, "counting", "tests/demo/faults/faulty_upstream.py");
        _gateway = std::make_unique<Gateway>(
            *_folder,
            gatewayConfig(
                "<upstream name=\"u\"><target url=\"" + _upstream->url() +
                    "\"/></upstream>\n"
                    "<upstream name=\"counting\"><target url=\"http://" +
                    _counting->address() + "\"/></upstream>\n",
                "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"u\"/></route>\n"
                "<route name=\"probe\" path=\"/probe/*\"><proxy upstream=\"counting\"/></route>\n"
                "<route name=\"item\" path=\"/item/{id}\"><proxy upstream=\"u\" path=\"/echo/item/{id}\"/>"
                "<headers><request><set name=\"X-Item\" value=\"{id}\"/></request></headers></route>\n",
                "<limits maxHeaderBytes=\"64KiB\" requestTimeout=\"2s\"/>"));
    }

    void tearDown() override
    {
        _gateway.reset();
        _counting.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testSmugglingAndFramingProbesNeverReachTheBackEnd()
    {
        std::vector<std::string> failures;
        for (const Probe& probe : refusedProbes())
        {
            const int wholeBefore = wholeRequestsAt(*_counting);
            RawHttpClient client("127.0.0.1", _gateway->port(), seconds(5));
            const HttpResponse response = client.request(probe.bytes);
            const std::string what = std::string(probe.name) + ": ";
            if (response.status != probe.status)
                failures.push_back(what + "expected " + std::to_string(probe.status) + ", got '" +
                                   response.statusLine + "'");
            else if (response.header("content-type") != "application/problem+json")
                failures.push_back(what + "not problem+json");
            else if (!response.closed && !client.waitForClose(seconds(3)))
                failures.push_back(what + "the connection stayed open");
            // A probe whose head is sound may have its head sent on before its body turns out
            // broken; the back end then sees that connection close, never a whole request.
            const int reached = wholeRequestsAt(*_counting) - wholeBefore;
            if (reached != 0)
                failures.push_back(what + std::to_string(reached) + " whole request(s) reached the back end");
            if (_gateway->get("/probe/after").status != 200)
            {
                failures.push_back(what + "a normal request afterwards failed; the rest are skipped");
                break;
            }
        }
        std::string report;
        for (const std::string& failure : failures)
            report += "\n  " + failure;
        CPPUNIT_ASSERT_MESSAGE(report, failures.empty());
    }

    void testDesyncedPipelineIsReadAsTheUpstreamWould()
    {
        // A body shorter than the bytes sent: the rest is the next request's start ("loGET …"),
        // which is not a method. The first request is answered; the second is refused, and the
        // back end sees exactly one request, never the embedded GET.
        const int servedBefore = _upstream->requestsServed();
        RawHttpClient client("127.0.0.1", _gateway->port(), seconds(5));
        client.send("POST /echo/desync HTTP/1.1\r\nHost: test.local\r\nContent-Length: 3\r\n\r\n"
                    "helloGET /echo/smuggled HTTP/1.1\r\nHost: test.local\r\n\r\n");
        const HttpResponse first = client.read();
        CPPUNIT_ASSERT_EQUAL(200, first.status);
        CPPUNIT_ASSERT_EQUAL(std::string("hel"), echoOf(first)->getValue<std::string>("body"));
        const HttpResponse second = client.read();
        CPPUNIT_ASSERT_EQUAL(400, second.status);
        CPPUNIT_ASSERT(second.closed || client.waitForClose(seconds(3)));
        CPPUNIT_ASSERT_EQUAL(1, _upstream->requestsServed() - servedBefore);
    }

    void testNothingHopByHopOrInjectedReachesTheUpstream()
    {
        // An h2c upgrade: Upgrade and its Connection tokens are hop-by-hop, so the back end never
        // switches protocols behind the gateway's checks.
        const HttpResponse upgraded =
            _gateway->request("GET /echo/a HTTP/1.1\r\nHost: test.local\r\nConnection: Upgrade, "
                              "HTTP2-Settings\r\nUpgrade: h2c\r\n"
                              "HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, upgraded.status);
        Poco::JSON::Object::Ptr headers = echoOf(upgraded)->getObject("headers");
        for (const std::string& name : headers->getNames())
        {
            CPPUNIT_ASSERT_MESSAGE(name,
                                   name != "Upgrade" && name != "HTTP2-Settings" && name != "Connection");
        }

        // CR LF in a path parameter, used in the upstream path and in a request header: it stays
        // escaped in the path and is dropped from the header, so no header is injected.
        const HttpResponse injected =
            _gateway->request("GET /item/7%0d%0aX-Injected:%20yes HTTP/1.1\r\nHost: test.local\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, injected.status);
        Poco::JSON::Object::Ptr echo = echoOf(injected);
        CPPUNIT_ASSERT(!echo->getObject("headers")->has("X-Injected"));
        const std::string uri = echo->getValue<std::string>("uri");
        CPPUNIT_ASSERT_MESSAGE(uri,
                               uri.find('\r') == std::string::npos && uri.find('\n') == std::string::npos);
        const std::string item = echo->getObject("headers")->getValue<std::string>("X-Item");
        CPPUNIT_ASSERT_MESSAGE(item,
                               item.find('\r') == std::string::npos && item.find('\n') == std::string::npos);

        // The admin API is not on the public listener, whatever the path looks like.
        for (const char* path : {"/admin/routes", "/admin/../admin/routes", "/echo/..%2f..%2fadmin/routes"})
        {
            const HttpResponse admin = _gateway->get(path);
            CPPUNIT_ASSERT_MESSAGE(path, admin.body.find("\"routes\"") == std::string::npos);
        }
    }

    void testSlowClientsDoNotStarveOthers()
    {
        // 100 slowloris clients, each sending a byte of its head every 300 ms, while another
        // client makes 100 requests: all of those are answered, and every slow client is cut off
        // by requestTimeout (2 s) with a 408 or a close.
        std::vector<std::unique_ptr<RawHttpClient>> slow;
        for (int i = 0; i < 100; ++i)
        {
            slow.push_back(std::make_unique<RawHttpClient>("127.0.0.1", _gateway->port(), seconds(10)));
            slow.back()->send("GET /echo/slow HTTP/1.1\r\n");
        }
        std::atomic<bool> stop{false};
        std::thread trickle(
            [&]
            {
                for (int round = 0; round < 20 && !stop.load(); ++round)
                {
                    for (auto& client : slow)
                        client->send("X");
                    std::this_thread::sleep_for(milliseconds(300));
                }
            });
        int answered = 0;
        for (int i = 0; i < 100; ++i)
            answered += _gateway->get("/echo/busy-" + std::to_string(i)).status == 200 ? 1 : 0;
        stop = true;
        trickle.join();
        CPPUNIT_ASSERT_EQUAL(100, answered);
        int cutOff = 0;
        for (auto& client : slow)
        {
            const HttpResponse response = client->read();
            if (response.status == 408 || (response.status == 0 && client->waitForClose(seconds(5))))
                ++cutOff;
        }
        CPPUNIT_ASSERT_EQUAL(100, cutOff);
    }

private:
    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<ScriptService> _counting; // counts whole requests, for the probes
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HostileClientTest, "hostile");
