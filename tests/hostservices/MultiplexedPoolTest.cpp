// The host's multiplexed stream pools (StreamPoolSettings::inFlightPerConnection above 1) on real
// event loops against a real TCP peer on 127.0.0.1: many exchanges share one connection and each
// reply reaches the exchange whose key it carries; a key already in flight is refused; an exchange
// that times out ends alone and the connection stays for the next; a connection that breaks fails
// every exchange in flight on it, and the next exchange opens a fresh one.

#include "LoopHost.h"
#include "TestPeer.h"

#include "tcp/FrameReplyStream.h"
#include "tcp/LengthPrefixFraming.h"

#include <cppunit/extensions/HelperMacros.h>

#include <future>
#include <thread>

using namespace portico;
using namespace portico::tcp;
using portico::tcp::test::ExchangeOutcome;
using portico::tcp::test::LoopHost;
using portico::tcp::test::TestPeer;

namespace
{

using Outcome = plugin::StreamResult::Outcome;
using std::chrono::milliseconds;

std::shared_ptr<const Framing> framing()
{
    return std::make_shared<LengthPrefixFraming>(2, LengthPrefixFraming::ByteOrder::Big, false, 64 * 1024);
}

// Requests are "KEY|text"; the peer echoes them, so a reply's key is what precedes the '|' after "echo:".
std::string keyOf(std::string_view reply)
{
    const std::size_t bar = reply.find('|');
    return reply.rfind("echo:", 0) == 0 && bar != std::string_view::npos
               ? std::string(reply.substr(5, bar - 5))
               : std::string();
}

class MuxClient
{
public:
    MuxClient(LoopHost& host, std::uint16_t port, std::size_t size, std::size_t inFlight) : _host(host)
    {
        plugin::StreamPoolSettings settings;
        settings.host = "127.0.0.1";
        settings.port = port;
        settings.size = size;
        settings.inFlightPerConnection = inFlight;
        settings.replyStreams = [f = _framing] { return std::make_unique<FrameReplyStream>(f, keyOf); };
        _pool = host.services().streamPool(settings);
    }

    // Starts an exchange on the host's first loop; the future holds its outcome.
    std::future<ExchangeOutcome> start(const std::string& key, const std::string& text, milliseconds timeout)
    {
        auto promise = std::make_shared<std::promise<ExchangeOutcome>>();
        std::future<ExchangeOutcome> future = promise->get_future();
        std::string frame, error;
        _framing->encode(key + "|" + text, frame, error);
        _host.loop(0).post(
            [this, key, frame, timeout, promise]
            {
                _pool->exchangeKeyed(
                    key, frame, timeout,
                    [promise](plugin::StreamResult result, std::unique_ptr<plugin::ReplyReader> reader)
                    {
                        ExchangeOutcome outcome;
                        outcome.outcome = result.outcome;
                        outcome.error = result.error;
                        if (auto* reply = dynamic_cast<FrameReplyReader*>(reader.get()))
                            outcome.payload = reply->payload();
                        promise->set_value(std::move(outcome));
                    });
            });
        return future;
    }

    static ExchangeOutcome wait(std::future<ExchangeOutcome>& future)
    {
        CPPUNIT_ASSERT(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        return future.get();
    }

private:
    LoopHost& _host;
    const std::shared_ptr<const Framing> _framing = framing();
    std::shared_ptr<plugin::StreamPool> _pool;
};

} // namespace

class MultiplexedPoolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MultiplexedPoolTest);
    CPPUNIT_TEST(testManyExchangesShareOneConnection);
    CPPUNIT_TEST(testAKeyInFlightIsRefused);
    CPPUNIT_TEST(testTimeoutEndsOneExchangeNotTheConnection);
    CPPUNIT_TEST(testBrokenConnectionFailsWhatIsInFlight);
    CPPUNIT_TEST_SUITE_END();

public:
    void testManyExchangesShareOneConnection()
    {
        LoopHost host(2);
        TestPeer peer(framing(), [](const std::string& request) { return "echo:" + request; });
        peer.setDelayMs(2);
        MuxClient client(host, peer.port(), 1, 16);
        std::vector<std::future<ExchangeOutcome>> started;
        for (int i = 0; i < 40; ++i)
            started.push_back(
                client.start("k" + std::to_string(i), "payment " + std::to_string(i), milliseconds(5000)));
        for (int i = 0; i < 40; ++i)
        {
            const ExchangeOutcome outcome = MuxClient::wait(started[static_cast<std::size_t>(i)]);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.error, int(Outcome::Ok), int(outcome.outcome));
            CPPUNIT_ASSERT_EQUAL("echo:k" + std::to_string(i) + "|payment " + std::to_string(i),
                                 outcome.payload);
        }
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
    }

    void testAKeyInFlightIsRefused()
    {
        LoopHost host;
        TestPeer peer(framing(), [](const std::string& request) { return "echo:" + request; });
        peer.setDelayMs(300);
        MuxClient client(host, peer.port(), 1, 8);
        std::future<ExchangeOutcome> first = client.start("000123", "first", milliseconds(5000));
        std::future<ExchangeOutcome> second = client.start("000123", "second", milliseconds(5000));
        const ExchangeOutcome refused = MuxClient::wait(second);
        CPPUNIT_ASSERT_EQUAL(int(Outcome::Failed), int(refused.outcome));
        CPPUNIT_ASSERT(refused.error.find("a request with the key '000123' is already waiting") !=
                       std::string::npos);
        const ExchangeOutcome answered = MuxClient::wait(first);
        CPPUNIT_ASSERT_EQUAL(std::string("echo:000123|first"), answered.payload);
    }

    void testTimeoutEndsOneExchangeNotTheConnection()
    {
        LoopHost host;
        TestPeer peer(framing(), [](const std::string& request) { return "echo:" + request; });
        peer.setDelayMs(400);
        MuxClient client(host, peer.port(), 1, 8);
        std::future<ExchangeOutcome> late = client.start("a", "late", milliseconds(150));
        const ExchangeOutcome timedOut = MuxClient::wait(late);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(timedOut.error, int(Outcome::TimedOut), int(timedOut.outcome));
        // Its reply arrives later and is dropped; the same connection carries the next exchange.
        std::future<ExchangeOutcome> next = client.start("b", "next", milliseconds(5000));
        const ExchangeOutcome answered = MuxClient::wait(next);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answered.error, std::string("echo:b|next"), answered.payload);
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
    }

    void testBrokenConnectionFailsWhatIsInFlight()
    {
        LoopHost host;
        TestPeer peer(framing(), [](const std::string& request) { return "echo:" + request; });
        peer.setMode(TestPeer::Mode::CloseAfterReading);
        MuxClient client(host, peer.port(), 1, 8);
        std::future<ExchangeOutcome> a = client.start("a", "x", milliseconds(5000));
        std::future<ExchangeOutcome> b = client.start("b", "y", milliseconds(5000));
        for (std::future<ExchangeOutcome>* future : {&a, &b})
        {
            const ExchangeOutcome outcome = MuxClient::wait(*future);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.error, int(Outcome::Failed), int(outcome.outcome));
        }
        peer.setMode(TestPeer::Mode::Answer);
        std::future<ExchangeOutcome> again = client.start("c", "z", milliseconds(5000));
        CPPUNIT_ASSERT_EQUAL(std::string("echo:c|z"), MuxClient::wait(again).payload);
        CPPUNIT_ASSERT_EQUAL(2, peer.accepted());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MultiplexedPoolTest, "hostservices");
