// The host's stream pools (HostServices::streamPool) on real event loops against real TCP peers on
// 127.0.0.1: replies never cross under concurrency, the bound on connections holds over several
// loops, connections are reused, replaced when the peer closed them, discarded when broken, and
// every failure (refused, closed mid-exchange, silent, bad frame) is reported in bounded time with
// the pool still usable afterwards.

#include "LoopHost.h"
#include "TestPeer.h"

#include "tcp/LengthPrefixFraming.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace portico;
using namespace portico::tcp;
using portico::tcp::test::ExchangeOutcome;
using portico::tcp::test::LoopHost;
using portico::tcp::test::StreamClient;
using portico::tcp::test::TestPeer;

namespace
{

using Outcome = plugin::StreamResult::Outcome;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

std::shared_ptr<const Framing> framing(std::size_t maxBytes = 1024 * 1024)
{
    return std::make_shared<LengthPrefixFraming>(2, LengthPrefixFraming::ByteOrder::Big, false, maxBytes);
}

std::string echo(const std::string& request)
{
    return "echo:" + request;
}

void assertReply(const ExchangeOutcome& result, const std::string& expected)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Ok), int(result.outcome));
    CPPUNIT_ASSERT_EQUAL(expected, result.payload);
}

long long millisecondsSince(SteadyClock::time_point start)
{
    return std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start).count();
}

// A listener whose accept queue is full: the kernel drops further SYNs, so a connect to it neither
// succeeds nor is refused until it times out.
class UnansweringListener
{
public:
    UnansweringListener()
    {
        _listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(_listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(_listener, 0);
        socklen_t length = sizeof address;
        ::getsockname(_listener, reinterpret_cast<sockaddr*>(&address), &length);
        _port = ntohs(address.sin_port);
        for (int i = 0; i < 4; ++i) // fills the queue; the ones beyond it stay pending
        {
            int client = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address);
            _fillers.push_back(client);
        }
        std::this_thread::sleep_for(milliseconds(50));
    }
    ~UnansweringListener()
    {
        for (int client : _fillers)
        {
            ::close(client);
        }
        ::close(_listener);
    }
    std::uint16_t port() const { return _port; }

private:
    int _listener = -1;
    std::uint16_t _port = 0;
    std::vector<int> _fillers;
};

} // namespace

class StreamPoolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StreamPoolTest);
    CPPUNIT_TEST(testConcurrentRequestsNeverCross);
    CPPUNIT_TEST(testTheBoundHoldsOverSeveralLoops);
    CPPUNIT_TEST(testIdleConnectionIsReused);
    CPPUNIT_TEST(testRequestsFromOtherThreadsRunOnALoop);
    CPPUNIT_TEST(testPeerClosingBetweenRequests);
    CPPUNIT_TEST(testPeerClosingMidExchange);
    CPPUNIT_TEST(testUnreachablePort);
    CPPUNIT_TEST(testConnectTimeoutIsUnreachable);
    CPPUNIT_TEST(testSilentPeerTimesOut);
    CPPUNIT_TEST(testRequestsWaitForAFreeConnection);
    CPPUNIT_TEST(testWaitingForAConnectionIsBounded);
    CPPUNIT_TEST(testBadFrameDiscardsTheConnection);
    CPPUNIT_TEST(testExtraBytesDiscardTheConnection);
    CPPUNIT_TEST(testNoRetryOnceBytesWereSent);
    CPPUNIT_TEST(testAThrowingReaderFailsOnlyItsExchange);
    CPPUNIT_TEST(testCircuitBreakerOpensAndProbesBack);
    CPPUNIT_TEST_SUITE_END();

public:
    // Many exchanges at once from threads that each post to one of the loops: every reply is its
    // own request's, and the pool never opens more than its size.
    void runConcurrently(LoopHost& host, std::size_t size, int threads, int perThread)
    {
        TestPeer peer(framing(), echo);
        peer.setDelayMs(1); // keep the connections busy so that requests queue for them
        StreamClient client(host, peer.port(), framing(), size, milliseconds(20000));
        std::atomic<int> matched{0};
        std::atomic<int> wrong{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
        {
            workers.emplace_back(
                [&, t]
                {
                    for (int i = 0; i < perThread; ++i)
                    {
                        const std::string payload = "thread " + std::to_string(t) + " request " +
                                                    std::to_string(i) +
                                                    std::string(static_cast<std::size_t>(i * 7 % 300), 'x');
                        ExchangeOutcome result =
                            client.send(payload, static_cast<unsigned>(t) % host.loopCount());
                        (result.outcome == Outcome::Ok && result.payload == "echo:" + payload ? matched
                                                                                              : wrong)++;
                    }
                });
        }
        for (std::thread& worker : workers)
        {
            worker.join();
        }
        CPPUNIT_ASSERT_EQUAL(0, wrong.load());
        CPPUNIT_ASSERT_EQUAL(threads * perThread, matched.load());
        CPPUNIT_ASSERT_EQUAL(threads * perThread, peer.requests());
        CPPUNIT_ASSERT(peer.maxInFlight() <= static_cast<int>(size));
        CPPUNIT_ASSERT(peer.maxInFlight() >= 1);
        CPPUNIT_ASSERT(client.openConnections() <= size);
        // No churn: an idle connection moves to the loop that waits rather than being closed there
        // and opened again here, so the peer accepted no more connections than the pool's size.
        CPPUNIT_ASSERT_MESSAGE("the peer accepted " + std::to_string(peer.accepted()) + " connections",
                               peer.accepted() <= static_cast<int>(size));
    }

    void testConcurrentRequestsNeverCross()
    {
        LoopHost host;
        runConcurrently(host, 2, 8, 50);
    }

    void testTheBoundHoldsOverSeveralLoops()
    {
        // Three loops share a pool of two: slots move between loops, never beyond two connections.
        LoopHost host(3);
        runConcurrently(host, 2, 9, 30);
    }

    void testIdleConnectionIsReused()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        StreamClient client(host, peer.port(), framing(), 4, milliseconds(5000));
        for (int i = 0; i < 10; ++i)
        {
            assertReply(client.send(std::to_string(i)), "echo:" + std::to_string(i));
        }
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), client.openConnections());
    }

    void testRequestsFromOtherThreadsRunOnALoop()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(5000));
        assertReply(client.sendFromOutside("from a worker"), "echo:from a worker");
        assertReply(client.send("from the loop"), "echo:from the loop");
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
    }

    void testPeerClosingBetweenRequests()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        peer.setCloseAfter(1);
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(5000));
        for (int i = 0; i < 5; ++i)
        {
            assertReply(client.send("r" + std::to_string(i)), "echo:r" + std::to_string(i));
            // The peer has closed the pooled connection before the next request: the pool notices
            // it and the next request takes a fresh connection.
            CPPUNIT_ASSERT(TestPeer::waitUntil([&] { return peer.closedByPeer() == i + 1; }));
        }
        CPPUNIT_ASSERT_EQUAL(5, peer.accepted());
        CPPUNIT_ASSERT_EQUAL(5, peer.requests());
    }

    void testPeerClosingMidExchange()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(5000));
        assertReply(client.send("before"), "echo:before");
        peer.setMode(TestPeer::Mode::CloseAfterReading);
        const SteadyClock::time_point start = SteadyClock::now();
        ExchangeOutcome broken = client.send("lost");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(broken.error, int(Outcome::Failed), int(broken.outcome));
        CPPUNIT_ASSERT_MESSAGE(broken.error,
                               broken.error.find("closed the connection before it answered in full") !=
                                   std::string::npos);
        CPPUNIT_ASSERT(millisecondsSince(start) < 2000);
        // Sent bytes are never sent again: the peer saw the request once.
        CPPUNIT_ASSERT_EQUAL(2, peer.requests());
        // The pool (of one) recovers on a fresh connection.
        peer.setMode(TestPeer::Mode::Answer);
        assertReply(client.send("after"), "echo:after");
        CPPUNIT_ASSERT_EQUAL(2, peer.accepted());
    }

    void testUnreachablePort()
    {
        LoopHost host;
        const std::uint16_t port = TestPeer::unusedPort();
        StreamClient client(host, port, framing(), 2, milliseconds(5000));
        ExchangeOutcome result = client.send("anyone?");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Unreachable), int(result.outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("cannot connect to the peer 127.0.0.1:") + std::to_string(port) +
                                 ": Connection refused",
                             result.error);
        // The failed connection gives its slot back once the loop has let go of it.
        CPPUNIT_ASSERT(TestPeer::waitUntil([&] { return client.openConnections() == 0; }));
    }

    void testConnectTimeoutIsUnreachable()
    {
        LoopHost host;
        UnansweringListener listener;
        StreamClient client(host, listener.port(), framing(), 1, milliseconds(5000), milliseconds(300));
        ExchangeOutcome result = client.send("x");
        // Before the exchange's own deadline: the peer is unreachable (502), not slow (504).
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Unreachable), int(result.outcome));
        CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("the connect timed out") != std::string::npos);
        CPPUNIT_ASSERT(TestPeer::waitUntil([&] { return client.openConnections() == 0; }));
    }

    void testSilentPeerTimesOut()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        peer.setMode(TestPeer::Mode::Silent);
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(300));
        for (int i = 0; i < 2; ++i)
        {
            ExchangeOutcome result = client.send("hello?");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::TimedOut), int(result.outcome));
            CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("did not answer before the timeout") !=
                                                     std::string::npos);
        }
        // A timed-out connection is never reused: a reply could still be on its way.
        CPPUNIT_ASSERT_EQUAL(2, peer.accepted());
    }

    void testRequestsWaitForAFreeConnection()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        peer.setDelayMs(50);
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(5000));
        std::atomic<int> ok{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
        {
            threads.emplace_back(
                [&, t]
                {
                    ExchangeOutcome result = client.send(std::to_string(t));
                    ok += result.outcome == Outcome::Ok && result.payload == "echo:" + std::to_string(t);
                });
        }
        for (std::thread& thread : threads)
        {
            thread.join();
        }
        CPPUNIT_ASSERT_EQUAL(4, ok.load());
        CPPUNIT_ASSERT_EQUAL(1, peer.maxConcurrent());
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
    }

    void testWaitingForAConnectionIsBounded()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        peer.setMode(TestPeer::Mode::Silent);
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(5000));
        // The first exchange holds the pool's only connection (the peer never answers) for longer
        // than the second may wait for it.
        ExchangeOutcome holder;
        std::thread holding([&] { holder = client.send("holds the connection", milliseconds(3000)); });
        CPPUNIT_ASSERT(TestPeer::waitUntil([&] { return peer.requests() == 1; }));
        ExchangeOutcome waiter = client.send("waits", milliseconds(300));
        holding.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(waiter.error, int(Outcome::TimedOut), int(waiter.outcome));
        CPPUNIT_ASSERT_MESSAGE(waiter.error, waiter.error.find("all 1 connections to the peer") == 0);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(holder.error, int(Outcome::TimedOut), int(holder.outcome));
        CPPUNIT_ASSERT_MESSAGE(holder.error,
                               holder.error.find("did not answer before the timeout") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(1, peer.requests());
    }

    void testBadFrameDiscardsTheConnection()
    {
        LoopHost host;
        TestPeer peer(framing(), echo);
        StreamClient client(host, peer.port(), framing(64), 1, milliseconds(5000));
        assertReply(client.send("fine"), "echo:fine");
        // Unframed, "echo:…" reads as a header announcing 0x6563 bytes against a maximum of 64:
        // refused as soon as the header is there, with no wait for the rest.
        peer.setRawReplies(true);
        ExchangeOutcome result = client.send("unframed");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Failed), int(result.outcome));
        CPPUNIT_ASSERT_MESSAGE(
            result.error, result.error.find("sent a bad length-prefix frame: the length header announces") !=
                              std::string::npos);
        peer.setRawReplies(false);
        assertReply(client.send("again"), "echo:again");
        CPPUNIT_ASSERT_EQUAL(2, peer.accepted());
    }

    void testExtraBytesDiscardTheConnection()
    {
        LoopHost host;
        TestPeer peer(framing(),
                      [](const std::string& request)
                      {
                          std::string second;
                          std::string error;
                          framing()->encode("unasked", second, error);
                          return request + second; // with raw replies: the reply frame is built by the test
                      });
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(5000));
        peer.setRawReplies(true);
        std::string reply;
        std::string error;
        framing()->encode("answer", reply, error);
        assertReply(client.send(reply), "answer"); // the peer sends it back, plus a second frame
        // The stream is out of step: the connection was not pooled, the next request opens another.
        peer.setRawReplies(false);
        client.send("next");
        CPPUNIT_ASSERT_EQUAL(2, peer.accepted());
    }

    void testNoRetryOnceBytesWereSent()
    {
        LoopHost host;
        // 32 MiB is more than loopback's socket buffers hold, so the reset arrives while writing.
        auto big =
            std::make_shared<LengthPrefixFraming>(4, LengthPrefixFraming::ByteOrder::Big, false, 64u << 20);
        TestPeer peer(big, echo);
        peer.setResetAfterBytes(64 * 1024);
        StreamClient client(host, peer.port(), big, 1, milliseconds(5000));
        ExchangeOutcome result = client.send(std::string(32u << 20, 'x'));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Failed), int(result.outcome));
        CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("broke while sending") != std::string::npos);
        // Part of the request reached the peer: it is not sent again on another connection.
        std::this_thread::sleep_for(milliseconds(100));
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
    }

    void testAThrowingReaderFailsOnlyItsExchange()
    {
        // A reader must not throw; one that does ends its own exchange, not the event loop.
        class ThrowingReader final : public plugin::ReplyReader
        {
        public:
            Progress feed(std::string_view, std::string&) override
            {
                throw std::runtime_error("broken reader");
            }
            bool overran() const override { return false; }
        };
        LoopHost host;
        TestPeer peer(framing(), echo);
        StreamClient client(host, peer.port(), framing(), 1, milliseconds(5000));
        ExchangeOutcome failed = client.sendWith("x", std::make_unique<ThrowingReader>());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(failed.error, int(Outcome::Failed), int(failed.outcome));
        CPPUNIT_ASSERT_MESSAGE(failed.error,
                               failed.error.find("the adapter could not read") != std::string::npos);
        assertReply(client.send("still served"), "echo:still served");
    }

    void testCircuitBreakerOpensAndProbesBack()
    {
        LoopHost host(2);
        TestPeer peer(framing(), echo);
        peer.setDelayMs(400); // slower than the exchanges' timeout: each one fails
        StreamClient client(host, peer.port(), framing(), 2, milliseconds(150), milliseconds(2000), 2,
                            milliseconds(500));
        CPPUNIT_ASSERT_EQUAL(int(Outcome::TimedOut), int(client.send("one").outcome));
        CPPUNIT_ASSERT_EQUAL(int(Outcome::TimedOut), int(client.send("two").outcome));
        // Two failures in a row: open. Exchanges end at once, nothing sent, so the peer can recover.
        const int requestsBefore = peer.requests();
        const auto before = std::chrono::steady_clock::now();
        ExchangeOutcome refused = client.send("three");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.error, int(Outcome::CircuitOpen), int(refused.outcome));
        CPPUNIT_ASSERT(refused.error.find("circuit breaker") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), static_cast<std::int64_t>(refused.retryAfter.count()));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - before < milliseconds(100));
        CPPUNIT_ASSERT_EQUAL(int(Outcome::CircuitOpen), int(client.send("four", 1).outcome)); // every loop
        CPPUNIT_ASSERT_EQUAL(requestsBefore, peer.requests());

        // The peer recovers; after failTimeout one probe goes through and closes the breaker.
        peer.setDelayMs(0);
        std::this_thread::sleep_for(milliseconds(550));
        assertReply(client.send("probe"), "echo:probe");
        assertReply(client.send("again", 1), "echo:again");
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StreamPoolTest, "hostservices");
