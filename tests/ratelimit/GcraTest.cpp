// GCRA with an injected clock: exact admission counts, the burst, the refill, the numbers behind
// the RateLimit-* headers, and the bucket table's keys (independent, idle ones reused, a flood
// bounded, refunds, a limit shared exactly by racing threads, the 40-bit clock wrapping).

#include "ratelimit/Gcra.h"
#include "ratelimit/BucketTable.h"

#include "support/Racing.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::ratelimit;

namespace
{

constexpr Micros second = 1'000'000;
constexpr Micros millisecond = 1'000;

} // namespace

class GcraTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GcraTest);
    CPPUNIT_TEST(testFiveAtOnceThenOneEvery200ms);
    CPPUNIT_TEST(testBurstOnTopOfTheRate);
    CPPUNIT_TEST(testExactCountOverTime);
    CPPUNIT_TEST(testKeysAreIndependent);
    CPPUNIT_TEST(testIdleKeysGiveTheirSlots);
    CPPUNIT_TEST(testFloodOfKeysIsBoundedAndLimitedTogether);
    CPPUNIT_TEST(testRefundGivesTheTokenBack);
    CPPUNIT_TEST(testTwoLimitsAllOrNothing);
    CPPUNIT_TEST(testRacingThreadsShareOneLimitExactly);
    CPPUNIT_TEST(testClockWrap);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFiveAtOnceThenOneEvery200ms()
    {
        // The contract's example: requests="5" per="1s" burst="0".
        const GcraLimit limit = GcraLimit::of(5, second, 0);
        CPPUNIT_ASSERT_EQUAL(Micros(200 * millisecond), limit.interval);
        Micros tat = 0;
        const Micros start = 10 * second;
        for (std::int64_t i = 0; i < 5; ++i)
        {
            const GcraDecision decision = gcraDecide(limit, tat, start);
            CPPUNIT_ASSERT(decision.admitted);
            CPPUNIT_ASSERT_EQUAL(4 - i, decision.remaining);
            CPPUNIT_ASSERT_EQUAL((i + 1) * 200 * millisecond, decision.untilFull);
            tat = decision.tat;
        }
        GcraDecision refused = gcraDecide(limit, tat, start);
        CPPUNIT_ASSERT(!refused.admitted);
        CPPUNIT_ASSERT_EQUAL(Micros(200 * millisecond), refused.retryAfter);
        CPPUNIT_ASSERT_EQUAL(tat, refused.tat); // a refusal changes nothing
        CPPUNIT_ASSERT(!gcraDecide(limit, tat, start + 199 * millisecond).admitted);
        const GcraDecision next = gcraDecide(limit, tat, start + 200 * millisecond);
        CPPUNIT_ASSERT(next.admitted);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), next.remaining);
        // After a whole second of nothing the bucket is full again.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4),
                             gcraDecide(limit, next.tat, start + 1200 * millisecond).remaining);
    }

    void testBurstOnTopOfTheRate()
    {
        const GcraLimit limit = GcraLimit::of(2, second, 3); // 5 at once, then one every 500 ms
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), limit.capacity);
        Micros tat = 0;
        int admitted = 0;
        for (int i = 0; i < 20; ++i)
        {
            const GcraDecision decision = gcraDecide(limit, tat, 0);
            if (!decision.admitted) break;
            tat = decision.tat;
            ++admitted;
        }
        CPPUNIT_ASSERT_EQUAL(5, admitted);
        CPPUNIT_ASSERT(!gcraDecide(limit, tat, 499 * millisecond).admitted);
        CPPUNIT_ASSERT(gcraDecide(limit, tat, 500 * millisecond).admitted);
    }

    void testExactCountOverTime()
    {
        // A client asking every millisecond for 10 s gets the bucket once plus one per interval.
        const GcraLimit limit = GcraLimit::of(5, second, 0);
        Micros tat = 0;
        int admitted = 0;
        for (Micros now = 0; now <= 10 * second; now += millisecond)
        {
            const GcraDecision decision = gcraDecide(limit, tat, now);
            if (decision.admitted)
            {
                tat = decision.tat;
                ++admitted;
            }
        }
        CPPUNIT_ASSERT_EQUAL(5 + 50, admitted);
    }

    void testKeysAreIndependent()
    {
        BucketTable table(100);
        const GcraLimit limit = GcraLimit::of(1, second, 0);
        CPPUNIT_ASSERT(table.charge(0x1111, limit, second).decision.admitted);
        CPPUNIT_ASSERT(!table.charge(0x1111, limit, second).decision.admitted);
        CPPUNIT_ASSERT(table.charge(0x2222, limit, second).decision.admitted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), table.activeKeys(limit, second));
        CPPUNIT_ASSERT(table.charge(0x1111, limit, 2 * second).decision.admitted);
    }

    void testIdleKeysGiveTheirSlots()
    {
        BucketTable table(16);
        const GcraLimit limit = GcraLimit::of(1, second, 0);
        const std::size_t slots = table.slots();
        // Many more keys than slots over time: each is admitted once it is its turn, because
        // keys idle for a second leave their slot to the next ones.
        for (std::uint64_t round = 0; round < 20; ++round)
        {
            const Micros now = Micros(round + 1) * 2 * second;
            for (std::uint64_t key = 0; key < 16; ++key)
            {
                const std::uint64_t hash = (round * 16 + key) * 0x9E3779B97F4A7C15ull;
                CPPUNIT_ASSERT(table.charge(hash, limit, now).decision.admitted);
            }
            CPPUNIT_ASSERT(table.activeKeys(limit, now) <= slots);
        }
        CPPUNIT_ASSERT_EQUAL(slots, table.slots());
    }

    void testFloodOfKeysIsBoundedAndLimitedTogether()
    {
        BucketTable table(16);
        const GcraLimit limit = GcraLimit::of(1, second, 0);
        int admitted = 0;
        for (std::uint64_t key = 1; key <= 10000; ++key)
            admitted += table.charge(key * 0x9E3779B97F4A7C15ull, limit, second).decision.admitted ? 1 : 0;
        // One per slot, plus one for the shared overflow bucket: the other 9,967 keys are refused.
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(table.slots()) + 1, admitted);
        CPPUNIT_ASSERT_EQUAL(table.slots(), table.activeKeys(limit, second));
    }

    void testRefundGivesTheTokenBack()
    {
        BucketTable table(10);
        const GcraLimit limit = GcraLimit::of(2, second, 0);
        const BucketTable::Charge first = table.charge(7, limit, 0);
        CPPUNIT_ASSERT(table.charge(7, limit, 0).decision.admitted);
        CPPUNIT_ASSERT(!table.charge(7, limit, 0).decision.admitted);
        table.refund(first.held, limit, 0);
        CPPUNIT_ASSERT(table.charge(7, limit, 0).decision.admitted);
        CPPUNIT_ASSERT(!table.charge(7, limit, 0).decision.admitted);
    }

    void testTwoLimitsAllOrNothing()
    {
        // 2 per second and 3 per 10 s on one key, checked as the policy does: a request refused by
        // the second gives back what the first took.
        const GcraLimit perSecond = GcraLimit::of(2, second, 0);
        const GcraLimit perTen = GcraLimit::of(3, 10 * second, 0);
        BucketTable first(10), second_(10);
        auto request = [&](Micros now)
        {
            const BucketTable::Charge a = first.charge(9, perSecond, now);
            if (!a.decision.admitted) return false;
            if (second_.charge(9, perTen, now).decision.admitted) return true;
            first.refund(a.held, perSecond, now);
            return false;
        };
        CPPUNIT_ASSERT(request(0));
        CPPUNIT_ASSERT(request(0));
        CPPUNIT_ASSERT(!request(0));      // the per-second limit
        CPPUNIT_ASSERT(request(second));  // third of ten seconds
        CPPUNIT_ASSERT(!request(second)); // the ten-second limit, refunded to the first
        CPPUNIT_ASSERT(!request(second + 1));
        // The refused requests took nothing from the per-second limit: it has room at once.
        CPPUNIT_ASSERT(first.charge(9, perSecond, second + 2).decision.admitted);
        CPPUNIT_ASSERT(request(Micros(10) * second / 3 + 1)); // one of the ten-second tokens is back
    }

    void testRacingThreadsShareOneLimitExactly()
    {
        // No refill within the test (1,000 per day): every admission is one token of the 1,000.
        BucketTable table(100);
        const GcraLimit limit = GcraLimit::of(1000, 24 * 3600 * second, 0);
        CPPUNIT_ASSERT_EQUAL(
            1000, portico::test::countAcrossThreads(
                      4, 2000, [&] { return table.charge(42, limit, 5 * second).decision.admitted; }));
    }

    void testClockWrap()
    {
        // The slot keeps 40 bits of the TAT: decisions hold across the wrap at 2^40 µs.
        BucketTable table(10);
        const GcraLimit limit = GcraLimit::of(5, second, 0);
        const Micros nearWrap = (Micros(1) << 40) - 300 * millisecond;
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT(table.charge(3, limit, nearWrap).decision.admitted);
        CPPUNIT_ASSERT(!table.charge(3, limit, nearWrap + 100 * millisecond).decision.admitted);
        // 400 ms later (past the wrap) two tokens are back, not more.
        CPPUNIT_ASSERT(table.charge(3, limit, nearWrap + 400 * millisecond).decision.admitted);
        CPPUNIT_ASSERT(table.charge(3, limit, nearWrap + 400 * millisecond).decision.admitted);
        CPPUNIT_ASSERT(!table.charge(3, limit, nearWrap + 400 * millisecond).decision.admitted);
        // Idle for more than a whole turn of the 40 bits (12.7 days): a full bucket, not a stale one.
        const Micros later = nearWrap + (Micros(1) << 40) + 5 * second;
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT(table.charge(3, limit, later).decision.admitted);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(GcraTest, "ratelimit");
