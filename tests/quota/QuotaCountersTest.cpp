// Quota periods on the UTC calendar (days, months of every length, the year's turn) and the
// counters: exact counts per key and period, a new period starting from zero, seeding from the
// store, the charged counters handed to the ledger once, a flood of keys bounded, and racing
// threads counted exactly.

#include "quota/QuotaCounters.h"
#include "quota/QuotaPeriod.h"

#include "support/Racing.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::quota;

class QuotaCountersTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(QuotaCountersTest);
    CPPUNIT_TEST(testDays);
    CPPUNIT_TEST(testMonths);
    CPPUNIT_TEST(testCountsPerKeyAndPeriod);
    CPPUNIT_TEST(testSeedAndCharged);
    CPPUNIT_TEST(testFloodOfKeys);
    CPPUNIT_TEST(testRacingThreads);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDays()
    {
        const std::int64_t noon = 1764936000; // 2025-12-05T12:00:00Z
        const std::uint32_t day = periodIndex(QuotaPeriod::Day, noon);
        CPPUNIT_ASSERT_EQUAL(std::string("2025-12-05"), periodLabel(QuotaPeriod::Day, day));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1764979200), periodEnd(QuotaPeriod::Day, day)); // next midnight
        CPPUNIT_ASSERT_EQUAL(day, periodIndex(QuotaPeriod::Day, 1764979199));
        CPPUNIT_ASSERT_EQUAL(day + 1, periodIndex(QuotaPeriod::Day, 1764979200));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29"),
                             periodLabel(QuotaPeriod::Day, periodIndex(QuotaPeriod::Day, 1709208000)));
    }

    void testMonths()
    {
        const std::uint32_t december = periodIndex(QuotaPeriod::Month, 1764936000);
        CPPUNIT_ASSERT_EQUAL(std::string("2025-12"), periodLabel(QuotaPeriod::Month, december));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1767225600), periodEnd(QuotaPeriod::Month, december)); // 2026-01-01
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01"), periodLabel(QuotaPeriod::Month, december + 1));
        // February of a leap year ends on the 29th.
        const std::uint32_t february = periodIndex(QuotaPeriod::Month, 1708000000); // 2024-02-15
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02"), periodLabel(QuotaPeriod::Month, february));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1709251200), periodEnd(QuotaPeriod::Month, february)); // 2024-03-01
        CPPUNIT_ASSERT_EQUAL(february, periodIndex(QuotaPeriod::Month, 1709251199));
    }

    void testCountsPerKeyAndPeriod()
    {
        QuotaCounters counters("r:1", "consumer", QuotaPeriod::Day, 3, 100);
        QuotaCounter& acme = counters.counter("acme");
        CPPUNIT_ASSERT(&acme == &counters.counter("acme"));
        for (std::uint64_t i = 1; i <= 3; ++i)
        {
            const QuotaCounters::Decision decision = counters.charge(acme, 100);
            CPPUNIT_ASSERT(decision.admitted);
            CPPUNIT_ASSERT_EQUAL(i, decision.used);
        }
        CPPUNIT_ASSERT(!counters.charge(acme, 100).admitted);
        CPPUNIT_ASSERT(counters.charge(counters.counter("beta"), 100).admitted);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), counters.used("acme", 100));
        // The next day starts again.
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), counters.charge(acme, 101).used);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), counters.used("acme", 100));
    }

    void testSeedAndCharged()
    {
        QuotaCounters counters("r:1", "consumer", QuotaPeriod::Month, 10, 100);
        counters.seed("acme", 7, 9); // read back from the store at start
        CPPUNIT_ASSERT(counters.charge(counters.counter("acme"), 7).admitted);
        CPPUNIT_ASSERT(!counters.charge(counters.counter("acme"), 7).admitted);
        counters.seed("acme", 7, 4); // a lower count never lowers it
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(10), counters.used("acme", 7));
        std::vector<QuotaCounters::Usage> charged = counters.takeCharged();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), charged.size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(10), charged[0].used);
        CPPUNIT_ASSERT(counters.takeCharged().empty()); // handed over once
    }

    void testFloodOfKeys()
    {
        QuotaCounters counters("r:1", "ip", QuotaPeriod::Day, 2, 10);
        int admitted = 0;
        for (int i = 0; i < 100; ++i)
            admitted += counters.charge(counters.counter("192.0.2." + std::to_string(i)), 1).admitted ? 1 : 0;
        // Ten keys of their own, then one shared overflow counter with the same quota.
        CPPUNIT_ASSERT_EQUAL(10 + 2, admitted);
    }

    void testRacingThreads()
    {
        QuotaCounters counters("r:1", "consumer", QuotaPeriod::Day, 5000, 10);
        CPPUNIT_ASSERT_EQUAL(
            5000, portico::test::countAcrossThreads(
                      4, 2000, [&] { return counters.charge(counters.counter("acme"), 9).admitted; }));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(QuotaCountersTest, "quota");
