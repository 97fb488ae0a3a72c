// Each proxying behaviour of porticod, proven end to end: a real gateway in front of real
// portico-demo-upstream processes (and, where a test must count connection attempts, a bare
// listener of its own), all on 127.0.0.1. No assertion depends on how long anything took;
// every wait is bounded in count and in time.

#include "support/GatewayFixture.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace portico::test;

namespace
{

Poco::JSON::Object::Ptr parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string upstreamXml(const std::string& name, const std::string& attributes, const std::string& children)
{
    return "<upstream name=\"" + name + "\" " + attributes + ">" + children + "</upstream>\n";
}

std::string targetXml(const std::string& url, const std::string& attributes = "")
{
    return "<target url=\"" + url + "\" " + attributes + "/>";
}

std::string proxyRoute(const std::string& name, const std::string& path, const std::string& proxyAttributes)
{
    return "<route name=\"" + name + "\" path=\"" + path + "\"><proxy " + proxyAttributes + "/></route>\n";
}

// A loopback URL where nothing listens (a port that was free a moment ago).
std::string deadUrl()
{
    return "http://127.0.0.1:" + std::to_string(freePort());
}

// The echoed request header called name, compared without case; found tells whether it was there.
std::string echoedHeader(const Poco::JSON::Object::Ptr& echo, const std::string& name, bool& found)
{
    Poco::JSON::Object::Ptr headers = echo->getObject("headers");
    for (const auto& entry : *headers)
    {
        if (Poco::icompare(entry.first, name) == 0)
        {
            found = true;
            return entry.second.toString();
        }
    }
    found = false;
    return std::string();
}

bool hasEchoedHeader(const Poco::JSON::Object::Ptr& echo, const std::string& name)
{
    bool found = false;
    echoedHeader(echo, name, found);
    return found;
}

std::string echoedHeader(const Poco::JSON::Object::Ptr& echo, const std::string& name)
{
    bool found = false;
    std::string value = echoedHeader(echo, name, found);
    CPPUNIT_ASSERT_MESSAGE("the upstream did not receive " + name, found);
    return value;
}

// A gateway-made error: the status, problem+json with the RFC 9457 members, and a requestId
// that is the response's X-Request-Id.
void assertProblem(int status, const HttpResponse& response)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(response.statusLine + "\n" + response.body, status, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
    Poco::JSON::Object::Ptr problem = parseJson(response.body);
    CPPUNIT_ASSERT_EQUAL(status, problem->getValue<int>("status"));
    std::string requestId = response.header("x-request-id");
    CPPUNIT_ASSERT(!requestId.empty());
    CPPUNIT_ASSERT_EQUAL(requestId, problem->getValue<std::string>("requestId"));
    CPPUNIT_ASSERT(problem->has("type") && problem->has("title") && problem->has("detail"));
}

// A bare TCP listener on 127.0.0.1 that reads each request head and hangs up without answering,
// counting the heads it read: the count is how many times the gateway tried this target. The
// count is taken before the hang-up, so by the time the gateway has answered its client every
// attempt it made is counted.
class HangUpServer
{
public:
    HangUpServer()
    {
        _fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (_fd < 0 || ::bind(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(_fd, 16) != 0 || ::getsockname(_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        {
            if (_fd >= 0)
            {
                ::close(_fd);
            }
            throw std::runtime_error("cannot listen on 127.0.0.1");
        }
        _port = ntohs(address.sin_port);
        _thread = std::thread([this] { run(); });
    }

    ~HangUpServer()
    {
        _stopping = true;
        _thread.join();
        ::close(_fd);
    }

    HangUpServer(const HangUpServer&) = delete;
    HangUpServer& operator=(const HangUpServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(_port); }
    int requests() const { return _requests.load(); }

private:
    void run()
    {
        while (!_stopping)
        {
            pollfd waiting{_fd, POLLIN, 0};
            if (::poll(&waiting, 1, 50) <= 0)
            {
                continue;
            }
            int connection = ::accept(_fd, nullptr, nullptr);
            if (connection < 0)
            {
                continue;
            }
            std::string received;
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
            while (received.find("\r\n\r\n") == std::string::npos && !_stopping &&
                   std::chrono::steady_clock::now() < deadline)
            {
                pollfd readable{connection, POLLIN, 0};
                if (::poll(&readable, 1, 50) <= 0)
                {
                    continue;
                }
                char chunk[4096];
                ssize_t n = ::recv(connection, chunk, sizeof chunk, 0);
                if (n <= 0)
                {
                    break;
                }
                received.append(chunk, static_cast<std::size_t>(n));
            }
            if (received.find("\r\n\r\n") != std::string::npos)
            {
                ++_requests;
            }
            ::close(connection);
        }
    }

    int _fd = -1;
    unsigned short _port = 0;
    std::atomic<bool> _stopping{false};
    std::atomic<int> _requests{0};
    std::thread _thread;
};

std::string letters(std::size_t count, unsigned stride)
{
    std::string text(count, 'a');
    for (std::size_t i = 0; i < count; ++i)
    {
        text[i] = static_cast<char>('a' + (i * stride) % 26);
    }
    return text;
}

} // namespace

class ProxyBehaviourTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProxyBehaviourTest);
    CPPUNIT_TEST(testRoundRobinFollowsWeights);
    CPPUNIT_TEST(testLeastRequestsAvoidsBusyTarget);
    CPPUNIT_TEST(testLeastRequestsSpreadsConcurrentRequests);
    CPPUNIT_TEST(testRandomUsesEveryTarget);
    CPPUNIT_TEST(testUnreachableTargetIs502Problem);
    CPPUNIT_TEST(testSlowUpstreamIs504Problem);
    CPPUNIT_TEST(testIdempotentRequestIsRetriedOnLiveTarget);
    CPPUNIT_TEST(testNonIdempotentRequestIsNotRetried);
    CPPUNIT_TEST(testPassiveHealthEjectsFailingTarget);
    CPPUNIT_TEST(testCircuitBreakerRefusesThenProbesBack);
    CPPUNIT_TEST(testActiveHealthCheckTakesTargetOutAndBack);
    CPPUNIT_TEST(testLargeResponseArrivesComplete);
    CPPUNIT_TEST(testChunkedResponseReachesClients);
    CPPUNIT_TEST(testLargeAndChunkedRequestBodiesReachUpstream);
    CPPUNIT_TEST(testPathRewriteBindsParameters);
    CPPUNIT_TEST(testEncodedSlashStaysOneSegment);
    CPPUNIT_TEST(testHostIsTargetsUnlessPreserved);
    CPPUNIT_TEST(testHopByHopRequestHeadersAreNotForwarded);
    CPPUNIT_TEST(testForwardedForAndRequestIdArePassedOn);
    CPPUNIT_TEST(testHopByHopResponseHeadersAreNotReturned);
    CPPUNIT_TEST(testUpstreamConnectionsAreReused);
    CPPUNIT_TEST(testHeadLeavesConnectionUsable);
    CPPUNIT_TEST(testDroppedConnectionIs502AndGatewaySurvives);
    CPPUNIT_TEST(testKilledUpstreamIs502AndGatewaySurvives);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<TempDirectory>(); }

    void tearDown() override
    {
        _gateway.reset();
        _upstreams.clear();
        _folder.reset();
    }

    // --- load balancing -------------------------------------------------------------------

    void testRoundRobinFollowsWeights()
    {
        DemoUpstream& a = startUpstream("a");
        DemoUpstream& b = startUpstream("b");
        DemoUpstream& c = startUpstream("c");
        Gateway& gateway =
            startGateway(upstreamXml("weighted", "balance=\"round-robin\"",
                                     targetXml(a.url(), "weight=\"1\"") + targetXml(b.url(), "weight=\"1\"") +
                                         targetXml(c.url(), "weight=\"2\"")),
                         proxyRoute("all", "/*", "upstream=\"weighted\""));
        // One keep-alive connection stays on one event loop, hence on one balancer's state.
        RawHttpClient client("127.0.0.1", gateway.port());
        std::map<std::string, int> served;
        for (int i = 0; i < 40; ++i)
        {
            HttpResponse response = client.request(simpleRequest("GET", "/echo/" + std::to_string(i)));
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            CPPUNIT_ASSERT(!response.closed);
            ++served[response.header("x-upstream-name")];
        }
        CPPUNIT_ASSERT_EQUAL(10, served["a"]);
        CPPUNIT_ASSERT_EQUAL(10, served["b"]);
        CPPUNIT_ASSERT_EQUAL(20, served["c"]);
    }

    void testLeastRequestsAvoidsBusyTarget()
    {
        Gateway& gateway = startLeastRequestsGateway();
        // A POST whose body is held back keeps one target busy for as long as the test likes.
        RawHttpClient held("127.0.0.1", gateway.port());
        held.send("POST /echo/held HTTP/1.1\r\nHost: test.local\r\nContent-Length: 5\r\n\r\n");
        std::this_thread::sleep_for(std::chrono::milliseconds(500)); // let the gateway dispatch it
        // The quick requests share one connection, hence one event loop: each is chosen only after
        // the loop has finished the previous one and released its in-flight count. (On fresh
        // connections another loop may choose while the last answer is still being counted.)
        RawHttpClient quick("127.0.0.1", gateway.port());
        std::set<std::string> quickTargets;
        for (int i = 0; i < 8; ++i)
        {
            HttpResponse response = quick.request(simpleRequest("GET", "/echo/quick"));
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            quickTargets.insert(response.header("x-upstream-name"));
        }
        held.send("hello");
        HttpResponse heldResponse = held.read();
        CPPUNIT_ASSERT_EQUAL(200, heldResponse.status);
        CPPUNIT_ASSERT_EQUAL(5, parseJson(heldResponse.body)->getValue<int>("bodyLength"));
        std::string busy = heldResponse.header("x-upstream-name");
        // Round-robin would have sent half of them to the busy target.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), quickTargets.size());
        CPPUNIT_ASSERT(busy != *quickTargets.begin());
    }

    void testLeastRequestsSpreadsConcurrentRequests()
    {
        Gateway& gateway = startLeastRequestsGateway();
        constexpr int count = 4;
        std::vector<HttpResponse> responses(count);
        std::vector<std::thread> threads;
        for (int i = 0; i < count; ++i)
        {
            threads.emplace_back([&gateway, &responses, i] { responses[i] = gateway.get("/slow?ms=1500"); });
        }
        for (std::thread& thread : threads)
        {
            thread.join();
        }
        std::map<std::string, int> served;
        for (const HttpResponse& response : responses)
        {
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            ++served[response.header("x-upstream-name")];
        }
        CPPUNIT_ASSERT(served["a"] > 0);
        CPPUNIT_ASSERT(served["b"] > 0);
    }

    void testRandomUsesEveryTarget()
    {
        DemoUpstream& a = startUpstream("a");
        DemoUpstream& b = startUpstream("b");
        Gateway& gateway = startGateway(
            upstreamXml("shuffled", "balance=\"random\"", targetXml(a.url()) + targetXml(b.url())),
            proxyRoute("all", "/*", "upstream=\"shuffled\""));
        RawHttpClient client("127.0.0.1", gateway.port());
        std::map<std::string, int> served;
        for (int i = 0; i < 60; ++i)
        {
            HttpResponse response = client.request(simpleRequest("GET", "/echo/random"));
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            ++served[response.header("x-upstream-name")];
        }
        // All 60 on one target by chance: probability 2^-59.
        CPPUNIT_ASSERT(served["a"] > 0);
        CPPUNIT_ASSERT(served["b"] > 0);
        CPPUNIT_ASSERT_EQUAL(60, served["a"] + served["b"]);
    }

    // --- errors ---------------------------------------------------------------------------

    void testUnreachableTargetIs502Problem()
    {
        // maxFails high: this is about the answer, not about the circuit breaker opening.
        Gateway& gateway = startGateway(upstreamXml("nowhere", "maxFails=\"1000\"", targetXml(deadUrl())),
                                        proxyRoute("all", "/*", "upstream=\"nowhere\""));
        HttpResponse response = gateway.get("/echo/x");
        assertProblem(502, response);
        CPPUNIT_ASSERT(!response.has("x-upstream-name"));
        HttpResponse withId = gateway.get("/echo/y", "X-Request-Id: unreachable-1\r\n");
        assertProblem(502, withId);
        CPPUNIT_ASSERT_EQUAL(std::string("unreachable-1"), withId.header("x-request-id"));
    }

    void testSlowUpstreamIs504Problem()
    {
        DemoUpstream& slow = startUpstream("slow");
        Gateway& gateway = startGateway(upstreamXml("slow", "timeout=\"300ms\"", targetXml(slow.url())),
                                        proxyRoute("all", "/*", "upstream=\"slow\""));
        HttpResponse response = gateway.get("/slow?ms=3000");
        assertProblem(504, response);
        // The upstream is still sleeping on that request; no need to wait for it.
        slow.process().stop(SIGKILL);
    }

    // --- retries and health ---------------------------------------------------------------

    void testIdempotentRequestIsRetriedOnLiveTarget()
    {
        DemoUpstream& live = startUpstream("live");
        std::string dead = deadUrl();
        // maxFails is high so the dead target keeps being chosen and every request must be saved
        // by its retry, not by ejection; "once" is the control showing the dead target is hit.
        Gateway& gateway = startGateway(
            upstreamXml("twice", "retries=\"1\" maxFails=\"1000\"", targetXml(dead) + targetXml(live.url())) +
                upstreamXml("once", "retries=\"0\" maxFails=\"1000\"",
                            targetXml(dead) + targetXml(live.url())),
            proxyRoute("twice", "/twice/*", "upstream=\"twice\"") +
                proxyRoute("once", "/once/*", "upstream=\"once\""));
        for (int i = 0; i < 10; ++i)
        {
            HttpResponse response = gateway.get("/twice/" + std::to_string(i));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
            CPPUNIT_ASSERT_EQUAL(std::string("live"), response.header("x-upstream-name"));
        }
        int failed = 0;
        for (int i = 0; i < 10; ++i)
        {
            HttpResponse response = gateway.get("/once/" + std::to_string(i));
            CPPUNIT_ASSERT(response.status == 200 || response.status == 502);
            failed += response.status == 502 ? 1 : 0;
        }
        CPPUNIT_ASSERT(failed > 0);
    }

    void testNonIdempotentRequestIsNotRetried()
    {
        HangUpServer first;
        HangUpServer second;
        std::string dead = deadUrl();
        Gateway& gateway = startGateway(upstreamXml("hangups", "retries=\"1\" maxFails=\"1000\"",
                                                    targetXml(first.url()) + targetXml(second.url())) +
                                            upstreamXml("nowhere", "retries=\"1\"", targetXml(dead)),
                                        proxyRoute("hangups", "/hangup/*", "upstream=\"hangups\"") +
                                            proxyRoute("nowhere", "/nowhere/*", "upstream=\"nowhere\""));

        assertProblem(502, gateway.request(simpleRequest("POST", "/hangup/order", "", "{\"n\":1}")));
        CPPUNIT_ASSERT_EQUAL(1, first.requests() + second.requests());

        // The control: a GET that fails the same way is tried once more, on the other target.
        assertProblem(502, gateway.get("/hangup/order"));
        CPPUNIT_ASSERT_EQUAL(3, first.requests() + second.requests());
        CPPUNIT_ASSERT(first.requests() > 0 && second.requests() > 0);

        assertProblem(502, gateway.request(simpleRequest("POST", "/nowhere/order", "", "{\"n\":2}")));
    }

    void testPassiveHealthEjectsFailingTarget()
    {
        DemoUpstream& live = startUpstream("live");
        Gateway& gateway =
            startGateway(upstreamXml("flaky", "retries=\"0\" maxFails=\"2\" failTimeout=\"30s\"",
                                     targetXml(deadUrl()) + targetXml(live.url())),
                         proxyRoute("all", "/*", "upstream=\"flaky\""));
        // Each loop's round-robin starts on the dead target and alternates, so six requests pick
        // it at least three times unless it is ejected after its second failure.
        int failed = 0;
        for (int i = 0; i < 6; ++i)
        {
            HttpResponse response = gateway.get("/echo/warmup");
            CPPUNIT_ASSERT(response.status == 200 || response.status == 502);
            failed += response.status == 502 ? 1 : 0;
        }
        CPPUNIT_ASSERT_EQUAL(2, failed);
        for (int i = 0; i < 10; ++i)
        {
            HttpResponse response = gateway.get("/echo/after");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
            CPPUNIT_ASSERT_EQUAL(std::string("live"), response.header("x-upstream-name"));
        }
    }

    void testCircuitBreakerRefusesThenProbesBack()
    {
        const unsigned short port = freePort();
        const std::string url = "http://127.0.0.1:" + std::to_string(port);
        DemoUpstream& busy = startUpstream("busy");
        Gateway& gateway = startGateway(
            upstreamXml("fragile", "retries=\"0\" maxFails=\"2\" failTimeout=\"1s\"", targetXml(url)) +
                upstreamXml("overloaded", "retries=\"0\" maxFails=\"2\" failTimeout=\"30s\"",
                            targetXml(busy.url())),
            proxyRoute("fragile", "/fragile/*", "upstream=\"fragile\" path=\"/echo/x\"") +
                proxyRoute("overloaded", "/overloaded/*", "upstream=\"overloaded\" path=\"/status/503\""));
        // Nothing listens: two failures in a row open the breaker, then the gateway refuses at once.
        CPPUNIT_ASSERT_EQUAL(502, gateway.get("/fragile/1").status);
        CPPUNIT_ASSERT_EQUAL(502, gateway.get("/fragile/2").status);
        for (int i = 0; i < 3; ++i)
        {
            HttpResponse refused = gateway.get("/fragile/3");
            CPPUNIT_ASSERT_EQUAL(503, refused.status);
            CPPUNIT_ASSERT_EQUAL(std::string("1"), refused.header("retry-after"));
            CPPUNIT_ASSERT(refused.body.find("circuit breaker") != std::string::npos);
        }
        // The back end comes up; after failTimeout one probe goes through, and its success closes
        // the breaker for everyone.
        DemoUpstream revived(*_folder, "revived", "--port=" + std::to_string(port));
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        for (int i = 0; i < 5; ++i)
        {
            HttpResponse served = gateway.get("/fragile/4");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(served.body, 200, served.status);
            CPPUNIT_ASSERT_EQUAL(std::string("revived"), served.header("x-upstream-name"));
        }

        // A back end that answers 503 is failing too: its own answers pass, then the breaker opens.
        CPPUNIT_ASSERT_EQUAL(503, gateway.get("/overloaded/1").status);
        HttpResponse second = gateway.get("/overloaded/2");
        CPPUNIT_ASSERT_EQUAL(503, second.status);
        CPPUNIT_ASSERT(second.body.find("circuit breaker") == std::string::npos); // the upstream's own
        HttpResponse refused = gateway.get("/overloaded/3");
        CPPUNIT_ASSERT_EQUAL(503, refused.status);
        CPPUNIT_ASSERT(refused.body.find("circuit breaker") != std::string::npos);
        CPPUNIT_ASSERT(std::stoi(refused.header("retry-after")) >= 29);
    }

    void testActiveHealthCheckTakesTargetOutAndBack()
    {
        std::string downFile = _folder->file("a-is-down");
        DemoUpstream& a = startUpstream("a", "--unhealthy-file=" + downFile);
        DemoUpstream& b = startUpstream("b");
        Gateway& gateway = startGateway(upstreamXml("checked", "",
                                                    targetXml(a.url()) + targetXml(b.url()) +
                                                        "<healthCheck path=\"/health\" interval=\"200ms\" "
                                                        "unhealthyAfter=\"1\" healthyAfter=\"1\"/>"),
                                        proxyRoute("all", "/*", "upstream=\"checked\""));

        CPPUNIT_ASSERT(servedCount(gateway, "a", 10) > 0);

        writeFile(downFile, "down");
        bool onlyB = false;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        for (int round = 0; round < 50 && !onlyB && std::chrono::steady_clock::now() < deadline; ++round)
        {
            onlyB = servedCount(gateway, "b", 10) == 10;
            if (!onlyB)
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        CPPUNIT_ASSERT_MESSAGE("target a still received traffic 5 s after its health check failed", onlyB);

        Poco::File(downFile).remove();
        bool aBack = false;
        deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        for (int round = 0; round < 50 && !aBack && std::chrono::steady_clock::now() < deadline; ++round)
        {
            aBack = servedCount(gateway, "a", 10) > 0;
            if (!aBack)
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        CPPUNIT_ASSERT_MESSAGE("target a got no traffic 5 s after its health check passed again", aBack);
    }

    // --- streaming ------------------------------------------------------------------------

    void testLargeResponseArrivesComplete()
    {
        Gateway& gateway = startStandardGateway();
        HttpResponse response = gateway.get("/bytes?n=5242880");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("5242880"), response.header("content-length"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(5242880), response.body.size());
        CPPUNIT_ASSERT(response.body.find_first_not_of('x') == std::string::npos);
    }

    void testChunkedResponseReachesClients()
    {
        Gateway& gateway = startStandardGateway();
        std::string expected;
        for (int i = 0; i < 50; ++i)
        {
            expected += std::string(1000, static_cast<char>('a' + i % 26));
        }

        HttpResponse response = gateway.get("/stream?chunks=50&size=1000");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), response.headers.count("transfer-encoding"));
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), response.header("transfer-encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(50000), response.body.size());
        CPPUNIT_ASSERT(expected == response.body);

        // An HTTP/1.0 client cannot take chunks: the body ends with the connection.
        HttpResponse old =
            gateway.request("GET /stream?chunks=50&size=1000 HTTP/1.0\r\nHost: test.local\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, old.status);
        CPPUNIT_ASSERT(!old.has("transfer-encoding"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(50000), old.body.size());
        CPPUNIT_ASSERT(expected == old.body);
    }

    void testLargeAndChunkedRequestBodiesReachUpstream()
    {
        Gateway& gateway = startStandardGateway();

        std::string large = letters(3 * 1024 * 1024, 7);
        RawHttpClient lengthClient("127.0.0.1", gateway.port());
        HttpResponse response =
            sendWhileReading(gateway, lengthClient,
                             {simpleRequest("POST", "/echo/large", "Content-Type: text/plain\r\n", large)});
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        Poco::JSON::Object::Ptr echo = parseJson(response.body);
        CPPUNIT_ASSERT_EQUAL(3 * 1024 * 1024, echo->getValue<int>("bodyLength"));
        CPPUNIT_ASSERT(large == echo->getValue<std::string>("body"));

        std::vector<std::string> pieces{"POST /echo/chunked HTTP/1.1\r\nHost: test.local\r\n"
                                        "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"};
        std::string sent;
        for (int i = 0; i < 20; ++i)
        {
            std::string chunk = letters(50000 + static_cast<std::size_t>(i), 3 + static_cast<unsigned>(i));
            char size[20];
            std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
            pieces.push_back(size + chunk + "\r\n");
            sent += chunk;
        }
        pieces.push_back("0\r\n\r\n");
        RawHttpClient chunkedClient("127.0.0.1", gateway.port());
        response = sendWhileReading(gateway, chunkedClient, pieces);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        echo = parseJson(response.body);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(sent.size()), echo->getValue<int>("bodyLength"));
        CPPUNIT_ASSERT(sent == echo->getValue<std::string>("body"));
    }

    // --- paths, Host and headers ----------------------------------------------------------

    void testPathRewriteBindsParameters()
    {
        Gateway& gateway = startStandardGateway();
        HttpResponse response = gateway.get("/api/orders/42");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        Poco::JSON::Object::Ptr order = parseJson(response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("42"), order->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), order->getValue<std::string>("servedBy"));

        response = gateway.get("/api/echo/77?q=1");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/77?q=1"),
                             parseJson(response.body)->getValue<std::string>("uri"));
    }

    void testEncodedSlashStaysOneSegment()
    {
        Gateway& gateway = startStandardGateway();
        HttpResponse response = gateway.get("/api/echo/a%2Fb?q=1");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/a%2Fb?q=1"),
                             parseJson(response.body)->getValue<std::string>("uri"));
        // The same value through the orders rewrite matches the one-parameter route too.
        response = gateway.get("/api/orders/a%2Fb");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT(parseJson(response.body)->has("id"));
    }

    void testHostIsTargetsUnlessPreserved()
    {
        Gateway& gateway = startStandardGateway();
        const DemoUpstream& demo = *_upstreams.front();
        Poco::JSON::Object::Ptr echo = parseJson(gateway.get("/echo/host").body);
        CPPUNIT_ASSERT_EQUAL("127.0.0.1:" + std::to_string(demo.port()), echoedHeader(echo, "Host"));
        CPPUNIT_ASSERT_EQUAL(std::string("test.local"), echoedHeader(echo, "X-Forwarded-Host"));

        echo = parseJson(gateway.get("/kept/host").body);
        CPPUNIT_ASSERT_EQUAL(std::string("/kept/host"), echo->getValue<std::string>("uri"));
        CPPUNIT_ASSERT_EQUAL(std::string("test.local"), echoedHeader(echo, "Host"));
    }

    void testHopByHopRequestHeadersAreNotForwarded()
    {
        Gateway& gateway = startStandardGateway();
        HttpResponse response = gateway.get("/echo/hop", "Connection: keep-alive, X-Secret\r\n"
                                                         "X-Secret: 1\r\n"
                                                         "Keep-Alive: timeout=5\r\n"
                                                         "TE: trailers\r\n"
                                                         "Proxy-Authorization: x\r\n"
                                                         "X-Custom: v\r\n");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        Poco::JSON::Object::Ptr echo = parseJson(response.body);
        for (const char* name : {"X-Secret", "Keep-Alive", "TE", "Proxy-Authorization"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("forwarded ") + name, !hasEchoedHeader(echo, name));
        }
        bool found = false;
        std::string connection = echoedHeader(echo, "Connection", found);
        CPPUNIT_ASSERT_MESSAGE("forwarded the client's Connection: " + connection,
                               Poco::toLower(connection).find("x-secret") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("v"), echoedHeader(echo, "X-Custom"));
    }

    void testForwardedForAndRequestIdArePassedOn()
    {
        Gateway& gateway = startStandardGateway();
        HttpResponse response =
            gateway.get("/echo/forwarded", "X-Forwarded-For: 10.9.8.7\r\nX-Request-Id: client-req-42\r\n");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("client-req-42"), response.header("x-request-id"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), response.headers.count("x-request-id"));
        Poco::JSON::Object::Ptr echo = parseJson(response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("10.9.8.7, 127.0.0.1"), echoedHeader(echo, "X-Forwarded-For"));
        CPPUNIT_ASSERT_EQUAL(std::string("client-req-42"), echoedHeader(echo, "X-Request-Id"));
        CPPUNIT_ASSERT_EQUAL(std::string("http"), echoedHeader(echo, "X-Forwarded-Proto"));
    }

    void testHopByHopResponseHeadersAreNotReturned()
    {
        Gateway& gateway = startStandardGateway();
        // The demo upstream answers "Connection: Keep-Alive"; a client that asked to close must
        // see the gateway's own single "Connection: close", not the upstream's field as well.
        HttpResponse response = gateway.get("/echo/closing", "Connection: close\r\n");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), response.headers.count("connection"));
        CPPUNIT_ASSERT_EQUAL(std::string("close"), Poco::toLower(response.header("connection")));
        CPPUNIT_ASSERT(!response.has("keep-alive"));
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), response.header("x-upstream-name"));

        response = gateway.get("/echo/open");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT(response.headers.count("connection") <= 1);
        CPPUNIT_ASSERT(!response.has("keep-alive"));
    }

    // --- connections ----------------------------------------------------------------------

    void testUpstreamConnectionsAreReused()
    {
        Gateway& gateway = startStandardGateway();
        std::set<int> upstreamPorts;
        RawHttpClient client("127.0.0.1", gateway.port());
        for (int i = 0; i < 3; ++i)
        {
            HttpResponse response = client.request(simpleRequest("GET", "/echo/same-client"));
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            upstreamPorts.insert(parseJson(response.body)->getValue<int>("clientPort"));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), upstreamPorts.size());
        // Fresh client connections land on either of the two event loops, each with its own pool:
        // at most two upstream connections in all, where no pooling would need nine.
        for (int i = 0; i < 6; ++i)
        {
            HttpResponse response = gateway.get("/echo/fresh-client");
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            upstreamPorts.insert(parseJson(response.body)->getValue<int>("clientPort"));
        }
        CPPUNIT_ASSERT(upstreamPorts.size() <= 2);
    }

    void testHeadLeavesConnectionUsable()
    {
        Gateway& gateway = startStandardGateway();
        RawHttpClient client("127.0.0.1", gateway.port());
        HttpResponse head = client.request(simpleRequest("HEAD", "/echo/head"), true);
        CPPUNIT_ASSERT_EQUAL(200, head.status);
        CPPUNIT_ASSERT(head.body.empty());
        CPPUNIT_ASSERT(!head.closed);
        CPPUNIT_ASSERT(head.has("content-length") && std::stoul(head.header("content-length")) > 0);
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), head.header("x-upstream-name"));

        HttpResponse get = client.request(simpleRequest("GET", "/echo/after-head"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(get.statusLine, 200, get.status);
        Poco::JSON::Object::Ptr echo = parseJson(get.body);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), echo->getValue<std::string>("method"));
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/after-head"), echo->getValue<std::string>("uri"));
    }

    void testDroppedConnectionIs502AndGatewaySurvives()
    {
        startUpstream("alpha");
        Gateway& gateway = startVictimGateway();
        assertProblem(502, gateway.get("/victim/drop"));
        assertProblem(502, gateway.request(simpleRequest("POST", "/victim/drop", "", "{}")));
        HttpResponse response = gateway.get("/other/after-drop");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("other"), response.header("x-upstream-name"));
        // The victim itself is fine: only that exchange failed.
        response = gateway.get("/victim/echo");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), response.header("x-upstream-name"));
    }

    void testKilledUpstreamIs502AndGatewaySurvives()
    {
        DemoUpstream& victim = startUpstream("alpha");
        Gateway& gateway = startVictimGateway();
        std::thread killer(
            [&victim]
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                victim.process().stop(SIGKILL);
            });
        HttpResponse response = gateway.get("/victim/slow?ms=3000");
        killer.join();
        assertProblem(502, response);
        response = gateway.get("/other/after-kill");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(gateway.process().errorOutput(), 200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("other"), response.header("x-upstream-name"));
        CPPUNIT_ASSERT(gateway.process().running());
    }

private:
    DemoUpstream& startUpstream(const std::string& name, const std::string& extraArgument = "")
    {
        _upstreams.push_back(std::make_unique<DemoUpstream>(*_folder, name, extraArgument));
        return *_upstreams.back();
    }

    Gateway& startGateway(const std::string& upstreams, const std::string& routes,
                          const std::string& limits = "")
    {
        _gateway = std::make_unique<Gateway>(*_folder, gatewayConfig(upstreams, routes, limits));
        return *_gateway;
    }

    // One upstream "demo" (target alpha): rewrites, preserveHost, and everything else as is.
    Gateway& startStandardGateway()
    {
        DemoUpstream& demo = startUpstream("alpha");
        return startGateway(
            upstreamXml("demo", "", targetXml(demo.url())),
            proxyRoute("orders", "/api/orders/{id}", "upstream=\"demo\" path=\"/orders/{id}\"") +
                proxyRoute("echo", "/api/echo/{id}", "upstream=\"demo\" path=\"/echo/{id}\"") +
                proxyRoute("kept", "/kept/*", "upstream=\"demo\" preserveHost=\"true\"") +
                proxyRoute("all", "/*", "upstream=\"demo\""),
            "<limits maxBodyBytes=\"10MiB\"/>");
    }

    Gateway& startLeastRequestsGateway()
    {
        DemoUpstream& a = startUpstream("a");
        DemoUpstream& b = startUpstream("b");
        return startGateway(
            upstreamXml("least", "balance=\"least-requests\"", targetXml(a.url()) + targetXml(b.url())),
            proxyRoute("all", "/*", "upstream=\"least\""));
    }

    // The victim is the first upstream started; "other" is a healthy one on its own route.
    Gateway& startVictimGateway()
    {
        const DemoUpstream& victim = *_upstreams.front();
        DemoUpstream& other = startUpstream("other");
        return startGateway(
            // maxFails high: a few failed exchanges must not open the victim's circuit breaker here.
            upstreamXml("victim", "maxFails=\"1000\"", targetXml(victim.url())) +
                upstreamXml("other", "", targetXml(other.url())),
            proxyRoute("victim-slow", "/victim/slow", "upstream=\"victim\" path=\"/slow\"") +
                proxyRoute("victim-drop", "/victim/drop", "upstream=\"victim\" path=\"/drop\"") +
                proxyRoute("victim-echo", "/victim/echo", "upstream=\"victim\" path=\"/echo\"") +
                proxyRoute("other", "/other/*", "upstream=\"other\""));
    }

    // How many of count requests (fresh connections) were served by upstream name; every one
    // must succeed.
    static int servedCount(Gateway& gateway, const std::string& name, int count)
    {
        int served = 0;
        for (int i = 0; i < count; ++i)
        {
            HttpResponse response = gateway.get("/echo/count");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
            served += response.header("x-upstream-name") == name ? 1 : 0;
        }
        return served;
    }

    // Sends pieces on one thread while this one reads the response, so neither side can stall
    // the other on full socket buffers. If no response comes (a gateway bug), porticod is
    // killed, which frees a sender blocked in send().
    static HttpResponse sendWhileReading(Gateway& gateway, RawHttpClient& client,
                                         const std::vector<std::string>& pieces)
    {
        std::thread sender(
            [&client, &pieces]
            {
                for (const std::string& piece : pieces)
                {
                    client.send(piece);
                }
            });
        HttpResponse response = client.read();
        if (response.status == 0)
        {
            gateway.process().stop(SIGKILL);
        }
        sender.join();
        return response;
    }

    std::unique_ptr<TempDirectory> _folder;
    std::vector<std::unique_ptr<DemoUpstream>> _upstreams;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ProxyBehaviourTest, "proxy");
