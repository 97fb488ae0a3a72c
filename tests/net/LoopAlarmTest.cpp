// Alarms on a running event loop: one runs once its time has come and never before, setting it
// again moves it, a cancelled one never runs, and one cancelled by another alarm that runs in the
// same round does not run after it.

#include "net/EventLoop.h"
#include "util/Clock.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>

using portico::net::EventLoop;
using portico::net::LoopAlarm;

namespace
{

class RecordingAlarm final : public LoopAlarm
{
public:
    void onAlarm() override
    {
        ranAt.store(portico::util::monotonicMicros());
        runs.fetch_add(1);
        if (then) then();
    }

    std::atomic<std::int64_t> ranAt{0};
    std::atomic<int> runs{0};
    std::function<void()> then;
};

// A loop on its own thread, stopped and joined at the end of the test.
struct RunningLoop
{
    RunningLoop() { loop.startThread(); }
    ~RunningLoop()
    {
        loop.stop();
        loop.join();
    }

    // Runs task on the loop thread and waits for it.
    void onLoop(std::function<void()> task)
    {
        std::promise<void> done;
        loop.post(
            [&]
            {
                task();
                done.set_value();
            });
        CPPUNIT_ASSERT(done.get_future().wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    }

    // Waits, boundedly, until condition holds.
    static bool eventually(const std::function<bool()>& condition)
    {
        for (int i = 0; i < 500 && !condition(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return condition();
    }

    EventLoop loop{0};
};

} // namespace

class LoopAlarmTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LoopAlarmTest);
    CPPUNIT_TEST(testRunsOnceNeverEarly);
    CPPUNIT_TEST(testSettingAgainMovesIt);
    CPPUNIT_TEST(testCancelledNeverRuns);
    CPPUNIT_TEST(testCancelledByAnotherInTheSameRound);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRunsOnceNeverEarly()
    {
        RunningLoop running;
        RecordingAlarm alarm;
        std::int64_t due = 0;
        // Far sooner than the loop's 100 ms tick: the wait must be shortened for it.
        running.onLoop(
            [&]
            {
                due = portico::util::monotonicMicros() + 30'000;
                running.loop.setAlarm(&alarm, due);
            });
        CPPUNIT_ASSERT(RunningLoop::eventually([&] { return alarm.runs.load() > 0; }));
        CPPUNIT_ASSERT(alarm.ranAt.load() >= due);
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        CPPUNIT_ASSERT_EQUAL(1, alarm.runs.load());
    }

    void testSettingAgainMovesIt()
    {
        RunningLoop running;
        RecordingAlarm alarm;
        std::int64_t due = 0;
        running.onLoop(
            [&]
            {
                running.loop.setAlarm(&alarm, portico::util::monotonicMicros() + 10'000);
                due = portico::util::monotonicMicros() + 150'000;
                running.loop.setAlarm(&alarm, due);
            });
        CPPUNIT_ASSERT(RunningLoop::eventually([&] { return alarm.runs.load() > 0; }));
        CPPUNIT_ASSERT(alarm.ranAt.load() >= due);
        CPPUNIT_ASSERT_EQUAL(1, alarm.runs.load());
    }

    void testCancelledNeverRuns()
    {
        RunningLoop running;
        RecordingAlarm cancelled;
        RecordingAlarm witness;
        running.onLoop(
            [&]
            {
                const std::int64_t now = portico::util::monotonicMicros();
                running.loop.setAlarm(&cancelled, now + 20'000);
                running.loop.setAlarm(&witness, now + 60'000);
                running.loop.cancelAlarm(&cancelled);
            });
        CPPUNIT_ASSERT(RunningLoop::eventually([&] { return witness.runs.load() > 0; }));
        CPPUNIT_ASSERT_EQUAL(0, cancelled.runs.load());
    }

    void testCancelledByAnotherInTheSameRound()
    {
        RunningLoop running;
        RecordingAlarm first;
        RecordingAlarm second;
        // Both due at the same instant: whichever runs first cancels the other, which then must
        // not run (its owner may be gone by then).
        first.then = [&] { running.loop.cancelAlarm(&second); };
        second.then = [&] { running.loop.cancelAlarm(&first); };
        running.onLoop(
            [&]
            {
                const std::int64_t due = portico::util::monotonicMicros() + 20'000;
                running.loop.setAlarm(&first, due);
                running.loop.setAlarm(&second, due);
            });
        CPPUNIT_ASSERT(RunningLoop::eventually([&] { return first.runs.load() + second.runs.load() > 0; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        CPPUNIT_ASSERT_EQUAL(1, first.runs.load() + second.runs.load());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LoopAlarmTest, "net");
