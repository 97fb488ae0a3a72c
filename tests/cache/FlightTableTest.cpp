// Request coalescing without HTTP: one leader per key, followers woken (through their loop) with
// the leader's entry, sent on when there is none, one promoted when the leader's client left,
// followers that stop waiting forgotten, and a full flight refusing more followers.

#include "cache/FlightTable.h"
#include "net/EventLoop.h"
#include "pipeline/ResumeToken.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace portico;
using namespace portico::cache;

namespace
{

// Stands in for a paused exchange: records how its token was fired.
class RecordingTarget final : public pipeline::ResumeTarget
{
public:
    void resume(bool replied, pipeline::LocalReply reply, pipeline::ExchangeEdit) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _outcome = replied ? "reply " + reply.body + " " + reply.headers.back().second : "next";
        _changed.notify_all();
    }
    bool insideHook() const override { return false; }

    std::string outcome(std::chrono::milliseconds wait = std::chrono::seconds(5))
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _changed.wait_for(lock, wait, [&] { return !_outcome.empty(); });
        return _outcome;
    }

private:
    std::mutex _mutex;
    std::condition_variable _changed;
    std::string _outcome;
};

std::shared_ptr<const CachedResponse> entryWithBody(const std::string& key, const std::string& body)
{
    CapturedResponse captured;
    captured.key = key;
    captured.route = std::make_shared<const std::string>("r");
    captured.body = body;
    captured.freshFor = 60;
    captured.responseTime = static_cast<std::int64_t>(std::time(nullptr));
    return CachedResponse::build(captured);
}

} // namespace

class FlightTableTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FlightTableTest);
    CPPUNIT_TEST(testFollowersGetTheLeadersEntry);
    CPPUNIT_TEST(testNoEntrySendsFollowersOn);
    CPPUNIT_TEST(testLeaderLeavingPromotesAFollower);
    CPPUNIT_TEST(testFollowerLeaving);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _loop = std::make_unique<net::EventLoop>(0);
        _loop->startThread();
    }

    void tearDown() override
    {
        _loop->stop();
        _loop->join();
        _loop.reset();
    }

    void testFollowersGetTheLeadersEntry()
    {
        FlightTable table;
        int leader = 0, a = 0, b = 0;
        RecordingTarget targetA, targetB;
        const FlightTable::Joined led = table.join("k", &leader, [&] { return token(targetA); });
        CPPUNIT_ASSERT(led.leader);
        CPPUNIT_ASSERT(!table.join("k", &a, [&] { return token(targetA); }).leader);
        CPPUNIT_ASSERT(!table.join("k", &b, [&] { return token(targetB); }).leader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), table.flying());
        table.finish(led.flight, &leader, entryWithBody("k", "answer"), true);
        CPPUNIT_ASSERT_EQUAL(std::string("reply answer HIT"), targetA.outcome());
        CPPUNIT_ASSERT_EQUAL(std::string("reply answer HIT"), targetB.outcome());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), table.flying());
        // The next request of the key leads a new flight.
        CPPUNIT_ASSERT(table.join("k", &a, [&] { return token(targetA); }).leader);
    }

    void testNoEntrySendsFollowersOn()
    {
        FlightTable table;
        int leader = 0, a = 0;
        RecordingTarget target;
        const FlightTable::Joined led = table.join("k", &leader, [&] { return token(target); });
        table.join("k", &a, [&] { return token(target); });
        table.finish(led.flight, &leader, nullptr, true); // answered, but not storable
        CPPUNIT_ASSERT_EQUAL(std::string("next"), target.outcome());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), table.flying());
    }

    void testLeaderLeavingPromotesAFollower()
    {
        FlightTable table;
        int leader = 0, a = 0, b = 0;
        RecordingTarget targetA, targetB;
        const FlightTable::Joined led = table.join("k", &leader, [&] { return token(targetA); });
        const FlightTable::Joined followed = table.join("k", &a, [&] { return token(targetA); });
        table.join("k", &b, [&] { return token(targetB); });
        table.finish(led.flight, &leader, nullptr, false);            // its client left mid-fetch
        CPPUNIT_ASSERT_EQUAL(std::string("next"), targetA.outcome()); // a fetches now
        CPPUNIT_ASSERT_EQUAL(std::string(), targetB.outcome(std::chrono::milliseconds(200))); // b waits on
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), table.flying());
        table.finish(followed.flight, &a, entryWithBody("k", "fetched"), true);
        CPPUNIT_ASSERT_EQUAL(std::string("reply fetched HIT"), targetB.outcome());
    }

    void testFollowerLeaving()
    {
        FlightTable table;
        int leader = 0, a = 0, b = 0;
        RecordingTarget targetA, targetB;
        const FlightTable::Joined led = table.join("k", &leader, [&] { return token(targetA); });
        const FlightTable::Joined followed = table.join("k", &a, [&] { return token(targetA); });
        table.join("k", &b, [&] { return token(targetB); });
        table.finish(followed.flight, &a, nullptr, false); // a's client left while waiting
        table.finish(led.flight, &leader, nullptr, false); // then the leader's: b, not a, takes over
        CPPUNIT_ASSERT_EQUAL(std::string("next"), targetB.outcome());
        CPPUNIT_ASSERT_EQUAL(std::string(), targetA.outcome(std::chrono::milliseconds(200)));
    }

private:
    pipeline::ResumeToken token(RecordingTarget& target)
    {
        auto pending = std::make_shared<pipeline::PendingResume>(*_loop);
        pending->target = &target;
        _pendings.push_back(pending);
        return pipeline::ResumeToken(pending);
    }

    std::unique_ptr<net::EventLoop> _loop;
    std::vector<std::shared_ptr<pipeline::PendingResume>> _pendings;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FlightTableTest, "cache");
