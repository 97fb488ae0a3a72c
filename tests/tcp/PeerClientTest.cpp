// The connection pool against real TCP peers on 127.0.0.1: requests never cross under
// concurrency, connections are reused, replaced when the peer closed them, discarded when broken,
// and every failure (refused, closed mid-exchange, silent, bad frame) is reported in bounded time
// with the pool still usable afterwards.

#include "TestPeer.h"

#include "tcp/LengthPrefixFraming.h"
#include "tcp/PeerClient.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

using namespace portico::tcp;
using portico::tcp::test::TestPeer;

namespace
{

using Outcome = ExchangeResult::Outcome;
using std::chrono::milliseconds;

std::shared_ptr<const Framing> framing(std::size_t maxBytes = 1024 * 1024)
{
    return std::make_shared<LengthPrefixFraming>(2, LengthPrefixFraming::ByteOrder::Big, false, maxBytes);
}

std::string echo(const std::string& request)
{
    return "echo:" + request;
}

PoolSettings settings(std::size_t size, milliseconds timeout = milliseconds(5000))
{
    PoolSettings pool;
    pool.size = size;
    pool.connectTimeout = milliseconds(2000);
    pool.timeout = timeout;
    return pool;
}

Endpoint local(std::uint16_t port)
{
    return Endpoint{"127.0.0.1", port};
}

ExchangeResult send(PeerClient& client, const std::string& payload)
{
    std::string frame;
    std::string error;
    framing()->encode(payload, frame, error);
    return client.exchange(frame, Clock::now() + client.settings().timeout);
}

void assertReply(const ExchangeResult& result, const std::string& expected)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Ok), int(result.outcome));
    CPPUNIT_ASSERT_EQUAL(expected, result.payload);
}

long long millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

} // namespace

class PeerClientTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PeerClientTest);
    CPPUNIT_TEST(testConcurrentRequestsNeverCross);
    CPPUNIT_TEST(testIdleConnectionIsReused);
    CPPUNIT_TEST(testPeerClosingBetweenRequests);
    CPPUNIT_TEST(testPeerClosingMidExchange);
    CPPUNIT_TEST(testUnreachablePort);
    CPPUNIT_TEST(testSilentPeerTimesOut);
    CPPUNIT_TEST(testRequestsWaitForAFreeConnection);
    CPPUNIT_TEST(testWaitingForAConnectionIsBounded);
    CPPUNIT_TEST(testBadFrameDiscardsTheConnection);
    CPPUNIT_TEST(testExtraBytesDiscardTheConnection);
    CPPUNIT_TEST(testNoRetryOnceBytesWereSent);
    CPPUNIT_TEST(testFailedConnectIsRetriedOnce);
    CPPUNIT_TEST(testConnectTimeoutIsNotRetried);
    CPPUNIT_TEST(testExpiredDeadlineFailsAtOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void testConcurrentRequestsNeverCross()
    {
        TestPeer peer(framing(), echo);
        peer.setDelayMs(1); // keep both connections busy so that requests queue for them
        PeerClient client(local(peer.port()), framing(), settings(2, milliseconds(20000)));
        std::atomic<int> matched{0};
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
        {
            threads.emplace_back(
                [&, t]
                {
                    for (int i = 0; i < 50; ++i)
                    {
                        const std::string payload = "thread " + std::to_string(t) + " request " +
                                                    std::to_string(i) +
                                                    std::string(static_cast<std::size_t>(i * 7 % 300), 'x');
                        ExchangeResult result = send(client, payload);
                        (result.outcome == Outcome::Ok && result.payload == "echo:" + payload ? matched
                                                                                              : wrong)++;
                    }
                });
        }
        for (std::thread& thread : threads)
        {
            thread.join();
        }
        CPPUNIT_ASSERT_EQUAL(0, wrong.load());
        CPPUNIT_ASSERT_EQUAL(400, matched.load());
        CPPUNIT_ASSERT_EQUAL(400, peer.requests());
        // Never more than the pool's two connections, and both reused throughout.
        CPPUNIT_ASSERT(peer.maxConcurrent() <= 2);
        CPPUNIT_ASSERT(client.connectionsOpened() <= 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), client.pool().busyCount());
    }

    void testIdleConnectionIsReused()
    {
        TestPeer peer(framing(), echo);
        PeerClient client(local(peer.port()), framing(), settings(4));
        for (int i = 0; i < 10; ++i)
        {
            assertReply(send(client, std::to_string(i)), "echo:" + std::to_string(i));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), client.connectionsOpened());
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), client.pool().idleCount());
    }

    void testPeerClosingBetweenRequests()
    {
        TestPeer peer(framing(), echo);
        peer.setCloseAfter(1);
        PeerClient client(local(peer.port()), framing(), settings(1));
        for (int i = 0; i < 5; ++i)
        {
            assertReply(send(client, "r" + std::to_string(i)), "echo:r" + std::to_string(i));
            // The peer has closed the pooled connection before the next request: the client must
            // notice it before writing and take a fresh connection.
            CPPUNIT_ASSERT(TestPeer::waitUntil([&] { return peer.closedByPeer() == i + 1; }));
        }
        CPPUNIT_ASSERT_EQUAL(5, peer.accepted());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), client.connectionsOpened());
    }

    void testPeerClosingMidExchange()
    {
        TestPeer peer(framing(), echo);
        PeerClient client(local(peer.port()), framing(), settings(1));
        assertReply(send(client, "before"), "echo:before");
        peer.setMode(TestPeer::Mode::CloseAfterReading);
        const Clock::time_point start = Clock::now();
        ExchangeResult broken = send(client, "lost");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(broken.error, int(Outcome::Failed), int(broken.outcome));
        CPPUNIT_ASSERT_MESSAGE(broken.error, broken.error.find("closed the connection before it answered") !=
                                                 std::string::npos);
        CPPUNIT_ASSERT(millisecondsSince(start) < 2000);
        // Sent bytes are never sent again: the peer saw the request once.
        CPPUNIT_ASSERT_EQUAL(2, peer.requests());
        // The pool (of one) recovers on a fresh connection.
        peer.setMode(TestPeer::Mode::Answer);
        assertReply(send(client, "after"), "echo:after");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), client.connectionsOpened());
    }

    void testUnreachablePort()
    {
        PeerClient client(local(TestPeer::unusedPort()), framing(), settings(2));
        const Clock::time_point start = Clock::now();
        ExchangeResult result = send(client, "anyone?");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Unreachable), int(result.outcome));
        CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("cannot connect to the peer 127.0.0.1:") == 0);
        CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("refused") != std::string::npos);
        CPPUNIT_ASSERT(millisecondsSince(start) < 1000);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), client.pool().busyCount());
    }

    void testSilentPeerTimesOut()
    {
        TestPeer peer(framing(), echo);
        peer.setMode(TestPeer::Mode::Silent);
        PeerClient client(local(peer.port()), framing(), settings(1, milliseconds(300)));
        for (int i = 0; i < 2; ++i)
        {
            const Clock::time_point start = Clock::now();
            ExchangeResult result = send(client, "hello?");
            const long long took = millisecondsSince(start);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::TimedOut), int(result.outcome));
            CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("did not answer before the timeout") !=
                                                     std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(took), took >= 290 && took < 1500);
        }
        // A timed-out connection is never reused: a reply could still be on its way.
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), client.connectionsOpened());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), client.pool().idleCount());
    }

    void testRequestsWaitForAFreeConnection()
    {
        TestPeer peer(framing(), echo);
        peer.setDelayMs(50);
        PeerClient client(local(peer.port()), framing(), settings(1));
        std::atomic<int> ok{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
        {
            threads.emplace_back(
                [&, t]
                {
                    ExchangeResult result = send(client, std::to_string(t));
                    ok += result.outcome == Outcome::Ok && result.payload == "echo:" + std::to_string(t);
                });
        }
        for (std::thread& thread : threads)
        {
            thread.join();
        }
        CPPUNIT_ASSERT_EQUAL(4, ok.load());
        CPPUNIT_ASSERT_EQUAL(1, peer.maxConcurrent());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), client.connectionsOpened());
    }

    void testWaitingForAConnectionIsBounded()
    {
        TestPeer peer(framing(), echo);
        peer.setMode(TestPeer::Mode::Silent);
        PeerClient client(local(peer.port()), framing(), settings(1, milliseconds(1500)));
        std::thread holder([&] { send(client, "holds the only connection"); });
        CPPUNIT_ASSERT(TestPeer::waitUntil([&] { return peer.requests() == 1; }));
        std::string frame;
        std::string error;
        framing()->encode("waits", frame, error);
        const Clock::time_point start = Clock::now();
        ExchangeResult result = client.exchange(frame, start + milliseconds(200));
        const long long took = millisecondsSince(start);
        holder.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::TimedOut), int(result.outcome));
        CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("all 1 connections to the peer") == 0);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(took), took >= 190 && took < 1000);
        CPPUNIT_ASSERT_EQUAL(1, peer.requests());
    }

    void testBadFrameDiscardsTheConnection()
    {
        TestPeer peer(framing(), echo);
        PeerClient client(local(peer.port()), framing(64), settings(1));
        assertReply(send(client, "fine"), "echo:fine");
        // Unframed, "echo:…" reads as a header announcing 0x6563 bytes against a maximum of 64:
        // refused as soon as the header is there, with no wait for the rest.
        peer.setRawReplies(true);
        ExchangeResult result = send(client, "unframed");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Failed), int(result.outcome));
        CPPUNIT_ASSERT_MESSAGE(
            result.error, result.error.find("sent a bad length-prefix frame: the length header announces") !=
                              std::string::npos);
        peer.setRawReplies(false);
        assertReply(send(client, "again"), "echo:again");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), client.connectionsOpened());
    }

    void testExtraBytesDiscardTheConnection()
    {
        TestPeer peer(framing(),
                      [](const std::string& request)
                      {
                          std::string second;
                          std::string error;
                          framing()->encode("unasked", second, error);
                          return request + second; // with raw replies: the reply frame is built by the test
                      });
        PeerClient client(local(peer.port()), framing(), settings(1));
        peer.setRawReplies(true);
        std::string reply;
        std::string error;
        framing()->encode("answer", reply, error);
        ExchangeResult result = send(client, reply); // the peer sends it back, plus a second frame
        assertReply(result, "answer");
        // The stream is out of step: the connection was not pooled, the next request opens another.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), client.pool().idleCount());
        peer.setRawReplies(false);
        send(client, "next");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), client.connectionsOpened());
    }

    void testNoRetryOnceBytesWereSent()
    {
        // 32 MiB is more than loopback's socket buffers hold, so the reset arrives while writing.
        auto big =
            std::make_shared<LengthPrefixFraming>(4, LengthPrefixFraming::ByteOrder::Big, false, 64u << 20);
        TestPeer peer(big, echo);
        peer.setResetAfterBytes(64 * 1024);
        PeerClient client(local(peer.port()), big, settings(1));
        std::string frame;
        std::string error;
        big->encode(std::string(32u << 20, 'x'), frame, error);
        ExchangeResult result = client.exchange(frame, Clock::now() + milliseconds(5000));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error, int(Outcome::Failed), int(result.outcome));
        CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find("broke while sending") != std::string::npos);
        // Part of the request reached the peer: it is not sent again on another connection.
        std::this_thread::sleep_for(milliseconds(100));
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), client.connectionsOpened());
    }

    void testFailedConnectIsRetriedOnce()
    {
        TestPeer peer(framing(), echo);
        int attempts = 0;
        int failures = 1;
        PeerClient::Connector flaky = [&](const Endpoint& endpoint, Deadline deadline, std::string& error,
                                          bool& timedOut) -> std::unique_ptr<TcpConnection>
        {
            ++attempts;
            if (attempts <= failures)
            {
                error = "refused (simulated)";
                return nullptr;
            }
            return TcpConnection::open(endpoint, deadline, error, timedOut);
        };
        PeerClient client(local(peer.port()), framing(), settings(1), flaky);
        assertReply(send(client, "second try"), "echo:second try");
        CPPUNIT_ASSERT_EQUAL(2, attempts);
        // Twice in a row: unreachable, after exactly one retry.
        PeerClient::Connector refusing = [&](const Endpoint&, Deadline, std::string& error, bool&)
        {
            ++attempts;
            error = "refused (simulated)";
            return std::unique_ptr<TcpConnection>();
        };
        attempts = 0;
        PeerClient unreachable(local(peer.port()), framing(), settings(1), refusing);
        ExchangeResult result = send(unreachable, "x");
        CPPUNIT_ASSERT_EQUAL(int(Outcome::Unreachable), int(result.outcome));
        CPPUNIT_ASSERT_EQUAL(std::string("cannot connect to the peer 127.0.0.1:") +
                                 std::to_string(peer.port()) + ": refused (simulated)",
                             result.error);
        CPPUNIT_ASSERT_EQUAL(2, attempts);
    }

    void testConnectTimeoutIsNotRetried()
    {
        int attempts = 0;
        PeerClient::Connector slow = [&](const Endpoint&, Deadline, std::string& error, bool& timedOut)
        {
            ++attempts;
            error = "connecting timed out";
            timedOut = true;
            return std::unique_ptr<TcpConnection>();
        };
        PeerClient client(local(9), framing(), settings(1), slow);
        ExchangeResult result = send(client, "x");
        // Before the exchange's own deadline: the peer is unreachable (502), not slow (504).
        CPPUNIT_ASSERT_EQUAL(int(Outcome::Unreachable), int(result.outcome));
        CPPUNIT_ASSERT_EQUAL(1, attempts);
    }

    void testExpiredDeadlineFailsAtOnce()
    {
        PeerClient client(Endpoint{"unresolvable.invalid", 9}, framing(), settings(1));
        ExchangeResult result = client.exchange("x", Clock::now() - milliseconds(1));
        CPPUNIT_ASSERT_EQUAL(int(Outcome::TimedOut), int(result.outcome));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), client.connectionsOpened());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PeerClientTest, "tcp");
