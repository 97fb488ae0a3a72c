// The public listener seen from the wire: gateway-made errors, request framing and smuggling
// probes, path normalisation, keep-alive and pipelining, timeouts, many connections and
// Expect: 100-continue — all against a real porticod and a real upstream process.

#include "support/GatewayFixture.h"
#include "support/ProcessHoldings.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>
#include <atomic>
#include <fstream>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace portico::test;

namespace
{

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

Poco::JSON::Object::Ptr parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string echoedUri(const HttpResponse& response)
{
    try
    {
        return parseJson(response.body)->getValue<std::string>("uri");
    }
    catch (const std::exception&)
    {
        return "(not an echo: status " + std::to_string(response.status) + ", body " + response.body + ")";
    }
}

std::string toLower(std::string text)
{
    for (char& c : text)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

std::set<std::string> splitList(const std::string& list)
{
    std::set<std::string> items;
    std::istringstream in(list);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::size_t first = item.find_first_not_of(" \t");
        std::size_t last = item.find_last_not_of(" \t");
        if (first != std::string::npos)
        {
            items.insert(item.substr(first, last - first + 1));
        }
    }
    return items;
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void assertProblem(const HttpResponse& response, int status, const std::string& what)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": status line '" + response.statusLine + "'", status,
                                 response.status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("application/problem+json"),
                                 response.header("content-type"));
    Poco::JSON::Object::Ptr problem = parseJson(response.body);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, status, problem->getValue<int>("status"));
    CPPUNIT_ASSERT_MESSAGE(what, problem->has("type") && problem->has("title") && problem->has("detail"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, response.header("x-request-id"),
                                 problem->getValue<std::string>("requestId"));
}

// A bare TCP connection for exchanges RawHttpClient hides on purpose: reading a 1xx interim
// response, or checking without blocking whether the server has answered or closed yet.
class PlainSocket
{
public:
    explicit PlainSocket(unsigned short port)
    {
        _fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        if (::connect(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        {
            ::close(_fd);
            _fd = -1;
            return;
        }
        int on = 1;
        ::setsockopt(_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }

    ~PlainSocket()
    {
        if (_fd >= 0)
        {
            ::close(_fd);
        }
    }

    PlainSocket(const PlainSocket&) = delete;
    PlainSocket& operator=(const PlainSocket&) = delete;

    bool connected() const { return _fd >= 0; }
    bool peerClosed() const { return _peerClosed; }
    std::string& received() { return _received; }

    void send(const std::string& bytes)
    {
        std::size_t offset = 0;
        while (_fd >= 0 && offset < bytes.size())
        {
            ssize_t n = ::send(_fd, bytes.data() + offset, bytes.size() - offset, MSG_NOSIGNAL);
            if (n <= 0)
            {
                return;
            }
            offset += static_cast<std::size_t>(n);
        }
    }

    // Reads what arrives within timeout (one poll); false when nothing arrived.
    bool receiveSome(milliseconds timeout)
    {
        if (_fd < 0 || _peerClosed)
        {
            return false;
        }
        pollfd waiting{_fd, POLLIN, 0};
        if (::poll(&waiting, 1, static_cast<int>(timeout.count())) <= 0)
        {
            return false;
        }
        char chunk[16384];
        ssize_t n = ::recv(_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
        {
            _peerClosed = true;
            return true;
        }
        _received.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    bool receiveUntil(const std::string& marker, milliseconds timeout)
    {
        auto deadline = Clock::now() + timeout;
        while (_received.find(marker) == std::string::npos)
        {
            auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            if (left.count() <= 0 || _peerClosed)
            {
                return false;
            }
            receiveSome(left);
        }
        return true;
    }

    bool receiveAtLeast(std::size_t count, milliseconds timeout)
    {
        auto deadline = Clock::now() + timeout;
        while (_received.size() < count)
        {
            auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
            if (left.count() <= 0 || _peerClosed)
            {
                return false;
            }
            receiveSome(left);
        }
        return true;
    }

private:
    int _fd = -1;
    bool _peerClosed = false;
    std::string _received;
};

// "Threads:" of /proc/PID/status.
int threadCount(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.rfind("Threads:", 0) == 0)
        {
            return std::stoi(line.substr(8));
        }
    }
    return -1;
}

const char* const kRoutes =
    "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"u\"/></route>\n"
    "<route name=\"items\" path=\"/items/*\" methods=\"GET,PUT\"><proxy upstream=\"u\"/></route>\n"
    "<route name=\"slow\" path=\"/slow\"><proxy upstream=\"u\"/></route>\n"
    "<route name=\"public\" path=\"/public/*\"><proxy upstream=\"u\" path=\"/from-public/*\"/></route>\n"
    "<route name=\"internal\" path=\"/internal/*\"><proxy upstream=\"u\" "
    "path=\"/from-internal/*\"/></route>\n";

} // namespace

class ListenerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ListenerTest);
    CPPUNIT_TEST(testMethodNotAllowedAndNoRouteAreProblems);
    CPPUNIT_TEST(testBodyLargerThanMaxBodyBytesIs413);
    CPPUNIT_TEST(testHeadLargerThanMaxHeaderBytesIs431);
    CPPUNIT_TEST(testMalformedAndSmugglingRequestsAreRefusedAndClosed);
    CPPUNIT_TEST(testPathIsNormalisedBeforeRouting);
    CPPUNIT_TEST(testKeepAliveAndHttp10);
    CPPUNIT_TEST(testPipelinedRequestsAreAnsweredInOrder);
    CPPUNIT_TEST(testIdleConnectionsAreClosed);
    CPPUNIT_TEST(testTricklingClientIsCutOffByRequestTimeout);
    CPPUNIT_TEST(testManyConcurrentAndIdleConnections);
    CPPUNIT_TEST(testExpectContinue);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "echo");
    }

    void tearDown() override
    {
        _gateway.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testMethodNotAllowedAndNoRouteAreProblems()
    {
        startGateway();
        HttpResponse refused = _gateway->request(simpleRequest("DELETE", "/items/1"));
        assertProblem(refused, 405, "DELETE on a GET,PUT route");
        CPPUNIT_ASSERT_MESSAGE("405 without Allow", refused.has("allow"));
        std::set<std::string> expected{"GET", "HEAD", "PUT"};
        CPPUNIT_ASSERT_MESSAGE("Allow: " + refused.header("allow"),
                               splitList(refused.header("allow")) == expected);

        // What Allow promises is served.
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/items/1").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->request(simpleRequest("HEAD", "/items/1"), true).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->request(simpleRequest("PUT", "/items/1", "", "{}")).status);

        assertProblem(_gateway->get("/nowhere/at/all"), 404, "unknown path");
    }

    void testBodyLargerThanMaxBodyBytesIs413()
    {
        startGateway("<limits maxHeaderBytes=\"2KiB\" maxBodyBytes=\"1KiB\"/>");

        // At the limit: accepted and forwarded whole, framed either way.
        HttpResponse atLimit =
            _gateway->request(simpleRequest("POST", "/echo/upload", "", std::string(1024, 'a')));
        CPPUNIT_ASSERT_EQUAL(200, atLimit.status);
        CPPUNIT_ASSERT_EQUAL(1024, parseJson(atLimit.body)->getValue<int>("bodyLength"));
        HttpResponse chunkedSmall = _gateway->request("POST /echo/upload HTTP/1.1\r\nHost: test.local\r\n"
                                                      "Transfer-Encoding: chunked\r\n\r\n"
                                                      "258\r\n" +
                                                      std::string(600, 'c') + "\r\n0\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, chunkedSmall.status);
        CPPUNIT_ASSERT_EQUAL(600, parseJson(chunkedSmall.body)->getValue<int>("bodyLength"));

        // Declared too large: answered from the head alone; no body byte is ever sent.
        RawHttpClient declared("127.0.0.1", _gateway->port(), seconds(5));
        HttpResponse tooLarge = declared.request(
            "POST /echo/upload HTTP/1.1\r\nHost: test.local\r\nContent-Length: 100000\r\n\r\n");
        assertProblem(tooLarge, 413, "Content-Length above maxBodyBytes");
        CPPUNIT_ASSERT_MESSAGE("connection kept after a 413 with an unread body",
                               tooLarge.closed || declared.waitForClose(seconds(5)));

        // Chunked and growing past the limit; the client goes on sending after the limit.
        RawHttpClient growing("127.0.0.1", _gateway->port(), seconds(5));
        const std::string chunk = "200\r\n" + std::string(512, 'g') + "\r\n";
        growing.send("POST /echo/upload HTTP/1.1\r\nHost: test.local\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     chunk + chunk + chunk);
        std::string more;
        for (int i = 0; i < 16; ++i)
        {
            more += chunk;
        }
        growing.send(more);
        HttpResponse grown = growing.read();
        assertProblem(grown, 413, "chunked body growing past maxBodyBytes");
        CPPUNIT_ASSERT_MESSAGE("connection kept after a 413 with an unread body",
                               grown.closed || growing.waitForClose(seconds(5)));

        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/echo/after").status);
    }

    void testHeadLargerThanMaxHeaderBytesIs431()
    {
        startGateway("<limits maxHeaderBytes=\"2KiB\" maxBodyBytes=\"1KiB\"/>");
        HttpResponse fits = _gateway->get("/echo/h", "X-Big: " + std::string(1500, 'b') + "\r\n");
        CPPUNIT_ASSERT_EQUAL(200, fits.status);

        RawHttpClient client("127.0.0.1", _gateway->port(), seconds(5));
        HttpResponse tooLarge =
            client.request(simpleRequest("GET", "/echo/h", "X-Big: " + std::string(3000, 'b') + "\r\n"));
        assertProblem(tooLarge, 431, "one 3000-byte header against maxHeaderBytes=2KiB");
        CPPUNIT_ASSERT(tooLarge.closed || client.waitForClose(seconds(5)));

        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/echo/after").status);
    }

    void testMalformedAndSmugglingRequestsAreRefusedAndClosed()
    {
        startGateway();
        struct Probe
        {
            const char* name;
            std::string bytes;
            int status;
        };
        const std::string post = "POST /echo/smuggle HTTP/1.1\r\nHost: test.local\r\n";
        const std::string smuggled = "GET /echo/smuggled HTTP/1.1\r\nHost: test.local\r\n\r\n";
        const std::vector<Probe> probes{
            {"bare LF line endings", "GET /echo/a HTTP/1.1\nHost: test.local\n\n", 400},
            {"space before the colon", post + "Content-Length : 5\r\n\r\nhello", 400},
            {"Content-Length with chunked",
             post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, 400},
            {"two different Content-Lengths", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
             400},
            {"Transfer-Encoding: xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + smuggled,
             400},
            {"obs-fold continuation",
             "GET /echo/a HTTP/1.1\r\nHost: test.local\r\nX-Folded: one\r\n two\r\n\r\n", 400},
            {"two Host headers", "GET /echo/a HTTP/1.1\r\nHost: test.local\r\nHost: other.local\r\n\r\n",
             400},
            {"HTTP/1.1 without Host", "GET /echo/a HTTP/1.1\r\n\r\n", 400},
            {"target not starting with '/'", "GET echo/a HTTP/1.1\r\nHost: test.local\r\n\r\n", 400},
            {"control character in a header value",
             "GET /echo/a HTTP/1.1\r\nHost: test.local\r\nX-Bad: a\x01z\r\n\r\n", 400},
            {"HTTP/2.0 version", "GET /echo/a HTTP/2.0\r\nHost: test.local\r\n\r\n", 505},
        };
        std::vector<std::string> failures;
        for (const Probe& probe : probes)
        {
            RawHttpClient client("127.0.0.1", _gateway->port(), seconds(5));
            HttpResponse response = client.request(probe.bytes);
            std::string what = std::string(probe.name) + ": ";
            if (response.status != probe.status)
            {
                failures.push_back(what + "expected " + std::to_string(probe.status) + ", got '" +
                                   response.statusLine + "'");
            }
            else if (response.header("content-type") != "application/problem+json")
            {
                failures.push_back(what + "not problem+json: '" + response.header("content-type") + "'");
            }
            else if (!response.closed && !client.waitForClose(seconds(3)))
            {
                failures.push_back(what + std::to_string(probe.status) + " but the connection stayed open");
            }
            HttpResponse after = _gateway->get("/echo/after");
            if (after.status != 200)
            {
                failures.push_back(what + "a normal request afterwards got '" + after.statusLine +
                                   "'; the remaining probes are skipped");
                break;
            }
        }
        std::string report;
        for (const std::string& failure : failures)
        {
            report += "\n  " + failure;
        }
        if (!failures.empty())
        {
            report += "\nporticod stderr:\n" + _gateway->process().errorOutput();
        }
        CPPUNIT_ASSERT_MESSAGE(report, failures.empty());
    }

    void testPathIsNormalisedBeforeRouting()
    {
        startGateway();
        CPPUNIT_ASSERT_EQUAL(std::string("/from-public/x"), echoedUri(_gateway->get("/public/x")));
        CPPUNIT_ASSERT_EQUAL(std::string("/from-internal/x"), echoedUri(_gateway->get("/internal/x")));

        CPPUNIT_ASSERT_EQUAL(std::string("/from-internal/x"),
                             echoedUri(_gateway->get("/public/../internal/x")));
        CPPUNIT_ASSERT_EQUAL(std::string("/from-internal/x"),
                             echoedUri(_gateway->get("/public/%2e%2e/internal/x")));
        CPPUNIT_ASSERT_EQUAL(std::string("/from-internal/x"),
                             echoedUri(_gateway->get("/public/%2E%2E/internal/x")));
        CPPUNIT_ASSERT_EQUAL(std::string("/from-internal/x"), echoedUri(_gateway->get("//internal//x")));

        // An encoded slash is data, not a separator: it stays encoded and under /public.
        std::string encodedSlash = echoedUri(_gateway->get("/public/a%2Fb"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(encodedSlash, std::string("/from-public/a%2fb"), toLower(encodedSlash));

        HttpResponse badEscape = _gateway->get("/public/%zz");
        assertProblem(badEscape, 400, "/public/%zz");
    }

    void testKeepAliveAndHttp10()
    {
        startGateway();
        RawHttpClient client("127.0.0.1", _gateway->port(), seconds(5));
        for (int i = 0; i < 20; ++i)
        {
            std::string target = "/echo/keep-" + std::to_string(i);
            HttpResponse response = client.request(simpleRequest("GET", target));
            CPPUNIT_ASSERT_EQUAL_MESSAGE("request " + std::to_string(i), 200, response.status);
            CPPUNIT_ASSERT_EQUAL(target, echoedUri(response));
            CPPUNIT_ASSERT_MESSAGE("closed after request " + std::to_string(i), !response.closed);
        }

        RawHttpClient plain10("127.0.0.1", _gateway->port(), seconds(5));
        HttpResponse once = plain10.request("GET /echo/ten HTTP/1.0\r\nHost: test.local\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, once.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/ten"), echoedUri(once));
        CPPUNIT_ASSERT_MESSAGE("HTTP/1.0 without keep-alive left open",
                               once.closed || plain10.waitForClose(seconds(3)));

        RawHttpClient kept10("127.0.0.1", _gateway->port(), seconds(5));
        for (int i = 0; i < 3; ++i)
        {
            std::string target = "/echo/ten-kept-" + std::to_string(i);
            HttpResponse response = kept10.request(
                "GET " + target + " HTTP/1.0\r\nHost: test.local\r\nConnection: keep-alive\r\n\r\n");
            CPPUNIT_ASSERT_EQUAL_MESSAGE("HTTP/1.0 keep-alive request " + std::to_string(i), 200,
                                         response.status);
            CPPUNIT_ASSERT_EQUAL(target, echoedUri(response));
            CPPUNIT_ASSERT(!response.closed);
        }
    }

    void testPipelinedRequestsAreAnsweredInOrder()
    {
        startGateway();
        RawHttpClient client("127.0.0.1", _gateway->port(), seconds(10));
        // The first is the slowest, so answering in completion order would show.
        client.send(simpleRequest("GET", "/slow?ms=300") + simpleRequest("GET", "/echo/second") +
                    simpleRequest("POST", "/echo/third", "", "body-3"));
        const std::vector<std::string> expected{"/slow?ms=300", "/echo/second", "/echo/third"};
        HttpResponse response;
        for (const std::string& uri : expected)
        {
            response = client.read();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(uri, 200, response.status);
            CPPUNIT_ASSERT_EQUAL(uri, echoedUri(response));
            CPPUNIT_ASSERT(!response.closed);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("body-3"), parseJson(response.body)->getValue<std::string>("body"));
    }

    void testIdleConnectionsAreClosed()
    {
        startGateway("<limits idleTimeout=\"1s\"/>");
        RawHttpClient used("127.0.0.1", _gateway->port(), seconds(5));
        CPPUNIT_ASSERT_EQUAL(200, used.request(simpleRequest("GET", "/echo/1")).status);
        CPPUNIT_ASSERT_EQUAL(200, used.request(simpleRequest("GET", "/echo/2")).status);
        RawHttpClient silent("127.0.0.1", _gateway->port(), seconds(5));
        CPPUNIT_ASSERT(silent.connected());

        Clock::time_point start = Clock::now();
        CPPUNIT_ASSERT_MESSAGE("idle keep-alive connection not closed within 5 s",
                               used.waitForClose(seconds(5)));
        CPPUNIT_ASSERT_MESSAGE(
            "connection that never sent a byte not closed within 5 s",
            silent.waitForClose(seconds(5) - std::chrono::duration_cast<milliseconds>(Clock::now() - start)));
        CPPUNIT_ASSERT(secondsSince(start) < 5.5);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/echo/after").status);
    }

    void testTricklingClientIsCutOffByRequestTimeout()
    {
        startGateway("<limits requestTimeout=\"1s\"/>");
        PlainSocket client(_gateway->port());
        CPPUNIT_ASSERT(client.connected());
        Clock::time_point start = Clock::now();
        client.send("GET /echo/trickle HTTP/1.1\r\nHost: test.local\r\nX-Trickle: ");
        // One byte every 300 ms keeps the connection busy, so only the request timeout can end it.
        for (int i = 0; i < 20 && secondsSince(start) < 5.0; ++i)
        {
            if (client.receiveSome(milliseconds(300)) && (client.peerClosed() || !client.received().empty()))
            {
                break;
            }
            client.send("x");
        }
        double elapsed = secondsSince(start);
        bool answered = client.received().rfind("HTTP/1.1 408", 0) == 0;
        CPPUNIT_ASSERT_MESSAGE("still open after " + std::to_string(elapsed) + " s; received '" +
                                   client.received() + "'",
                               answered || client.peerClosed());
        CPPUNIT_ASSERT_MESSAGE("cut off only after " + std::to_string(elapsed) + " s", elapsed < 5.0);
        if (answered)
        {
            CPPUNIT_ASSERT_MESSAGE(client.received(),
                                   client.received().find("application/problem+json") != std::string::npos);
            // And the connection does not stay open after the 408.
            auto deadline = Clock::now() + seconds(3);
            while (!client.peerClosed() && Clock::now() < deadline)
            {
                client.receiveSome(milliseconds(100));
            }
            CPPUNIT_ASSERT_MESSAGE("connection left open after the 408", client.peerClosed());
        }
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/echo/after").status);
    }

    void testManyConcurrentAndIdleConnections()
    {
        startGateway();
        // This process holds every client socket and porticod (which inherits the limit) holds
        // the other ends plus its upstream connections. Scale down where the limit is lower.
        const rlim_t limit = raiseDescriptorLimit(4096);
        const int margin = 128;
        int threads = 20;
        int clientsPerThread = 10;
        int idleCount = 1000;
        if (limit < 2 * 1000 + margin)
        {
            idleCount = std::max(50, static_cast<int>(limit) - margin);
            clientsPerThread = std::max(1, std::min(10, (static_cast<int>(limit) - margin) / (2 * threads)));
        }
        const int requestsPerClient = 10;

        std::atomic<int> answered{0};
        std::atomic<int> connectedCount{0};
        std::mutex failuresMutex;
        std::vector<std::string> failures;
        auto record = [&](const std::string& failure)
        {
            std::lock_guard<std::mutex> lock(failuresMutex);
            if (failures.size() < 10)
            {
                failures.push_back(failure);
            }
        };
        Clock::time_point start = Clock::now();
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
        {
            workers.emplace_back(
                [&, t]
                {
                    std::vector<std::unique_ptr<RawHttpClient>> clients;
                    for (int c = 0; c < clientsPerThread; ++c)
                    {
                        clients.push_back(
                            std::make_unique<RawHttpClient>("127.0.0.1", _gateway->port(), seconds(20)));
                        connectedCount += clients.back()->connected() ? 1 : 0;
                    }
                    // All connections are open at once before the first request goes out.
                    auto barrier = Clock::now() + seconds(20);
                    while (connectedCount.load() < threads * clientsPerThread && Clock::now() < barrier)
                    {
                        std::this_thread::sleep_for(milliseconds(5));
                    }
                    for (int r = 0; r < requestsPerClient && secondsSince(start) < 60; ++r)
                    {
                        for (int c = 0; c < clientsPerThread; ++c)
                        {
                            clients[c]->send(simpleRequest("GET", "/echo/" + std::to_string(t) + "-" +
                                                                      std::to_string(c) + "-" +
                                                                      std::to_string(r)));
                        }
                        for (int c = 0; c < clientsPerThread; ++c)
                        {
                            std::string uri = "/echo/" + std::to_string(t) + "-" + std::to_string(c) + "-" +
                                              std::to_string(r);
                            HttpResponse response = clients[c]->read();
                            if (response.status == 200 && echoedUri(response) == uri && !response.closed)
                            {
                                ++answered;
                            }
                            else
                            {
                                record(uri + ": '" + response.statusLine + "' " + echoedUri(response) +
                                       (response.closed ? " (closed)" : ""));
                            }
                        }
                    }
                });
        }
        for (std::thread& worker : workers)
        {
            worker.join();
        }
        std::string report;
        for (const std::string& failure : failures)
        {
            report += "\n  " + failure;
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(report, threads * clientsPerThread * requestsPerClient, answered.load());

        // Many idle connections, some of them after a request, must not stop a new client.
        std::vector<std::unique_ptr<RawHttpClient>> idle;
        for (int i = 0; i < idleCount; ++i)
        {
            idle.push_back(std::make_unique<RawHttpClient>("127.0.0.1", _gateway->port(), seconds(10)));
            CPPUNIT_ASSERT_MESSAGE("idle connection " + std::to_string(i), idle.back()->connected());
            if (i % 10 == 0)
            {
                CPPUNIT_ASSERT_EQUAL(200, idle.back()->request(simpleRequest("GET", "/echo/idle")).status);
            }
        }
        // Accepted and held by porticod, not waiting in the listen backlog.
        const pid_t pid = _gateway->process().pid();
        auto acceptDeadline = Clock::now() + seconds(5);
        while (holdingsOf(pid).descriptors < idleCount && Clock::now() < acceptDeadline)
        {
            std::this_thread::sleep_for(milliseconds(20));
        }
        CPPUNIT_ASSERT_MESSAGE("porticod holds " + std::to_string(holdingsOf(pid).descriptors) +
                                   " descriptors for " + std::to_string(idleCount) + " idle connections",
                               holdingsOf(pid).descriptors >= idleCount);
        const int threadsNow = threadCount(pid);
        CPPUNIT_ASSERT_MESSAGE("porticod runs " + std::to_string(threadsNow) + " threads for " +
                                   std::to_string(idleCount) + " idle connections",
                               threadsNow > 0 && threadsNow < 64);

        Clock::time_point newcomer = Clock::now();
        RawHttpClient fresh("127.0.0.1", _gateway->port(), seconds(5));
        HttpResponse response = fresh.request(simpleRequest("GET", "/echo/newcomer"));
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/newcomer"), echoedUri(response));
        CPPUNIT_ASSERT(secondsSince(newcomer) < 5.0);

        // The idle ones are still served.
        for (int i = 0; i < idleCount; i += std::max(1, idleCount / 10))
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE("idle connection " + std::to_string(i), 200,
                                         idle[i]->request(simpleRequest("GET", "/echo/woken")).status);
        }
    }

    void testExpectContinue()
    {
        startGateway();
        PlainSocket client(_gateway->port());
        CPPUNIT_ASSERT(client.connected());
        const std::string body = "hello, continued world";
        client.send("POST /echo/continue HTTP/1.1\r\nHost: test.local\r\nExpect: 100-continue\r\n"
                    "Content-Type: text/plain\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n");
        CPPUNIT_ASSERT_MESSAGE("no interim response before the body was sent; received '" +
                                   client.received() + "'",
                               client.receiveUntil("\r\n\r\n", seconds(5)));
        const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
        CPPUNIT_ASSERT_EQUAL(interim, client.received().substr(0, interim.size()));
        client.received().erase(0, interim.size());

        client.send(body);
        CPPUNIT_ASSERT_MESSAGE("no final response head", client.receiveUntil("\r\n\r\n", seconds(10)));
        std::string& received = client.received();
        std::size_t headEnd = received.find("\r\n\r\n") + 4;
        CPPUNIT_ASSERT_MESSAGE(received, received.rfind("HTTP/1.1 200", 0) == 0);
        std::string head = toLower(received.substr(0, headEnd));
        std::size_t lengthAt = head.find("\r\ncontent-length:");
        CPPUNIT_ASSERT_MESSAGE(head, lengthAt != std::string::npos);
        std::size_t length = std::stoul(head.substr(lengthAt + 17));
        CPPUNIT_ASSERT(client.receiveAtLeast(headEnd + length, seconds(10)));
        Poco::JSON::Object::Ptr echo = parseJson(received.substr(headEnd, length));
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/continue"), echo->getValue<std::string>("uri"));
        CPPUNIT_ASSERT_EQUAL(body, echo->getValue<std::string>("body"));
    }

private:
    void startGateway(const std::string& limits = "<limits maxHeaderBytes=\"2KiB\" maxBodyBytes=\"1KiB\"/>")
    {
        _gateway =
            std::make_unique<Gateway>(*_folder, gatewayConfig("<upstream name=\"u\"><target url=\"" +
                                                                  _upstream->url() + "\"/></upstream>\n",
                                                              kRoutes, limits));
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ListenerTest, "listener");
