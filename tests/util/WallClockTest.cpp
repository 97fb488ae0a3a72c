// The UTC calendar of an instant, computed without the system's gmtime_r (which Windows lacks):
// the same fields as gmtime_r for instants from year 1 to year 9999, every day's edges
// included, and the ISO timestamp of the access log built from it.

#include "util/WallClock.h"

#include <cppunit/extensions/HelperMacros.h>

#include <ctime>
#include <string>

using portico::util::CivilTime;
using portico::util::civilTime;

class WallClockTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WallClockTest);
    CPPUNIT_TEST(testMatchesTheSystemCalendar);
    CPPUNIT_TEST(testKnownInstants);
    CPPUNIT_TEST(testIsoTimestamp);
    CPPUNIT_TEST_SUITE_END();

    static void assertSameAsSystem(std::int64_t seconds)
    {
        const std::time_t instant = static_cast<std::time_t>(seconds);
        std::tm expected{};
        CPPUNIT_ASSERT(::gmtime_r(&instant, &expected) != nullptr);
        const CivilTime got = civilTime(seconds);
        const std::string where = "at " + std::to_string(seconds);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected.tm_year + 1900, got.year);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected.tm_mon + 1, got.month);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected.tm_mday, got.day);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected.tm_hour, got.hour);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected.tm_min, got.minute);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected.tm_sec, got.second);
    }

public:
    void testMatchesTheSystemCalendar()
    {
        const std::int64_t first = -62135596800; // 0001-01-01T00:00:00Z
        const std::int64_t last = 253402300799;  // 9999-12-31T23:59:59Z
        // About 40,000 days spread over the whole range, each with its first and last second.
        for (std::int64_t day = first; day <= last; day += 86400 * 97 + 3600 * 7 + 61)
        {
            const std::int64_t midnight = day - ((day % 86400) + 86400) % 86400;
            assertSameAsSystem(midnight);
            assertSameAsSystem(midnight + 86399);
            assertSameAsSystem(day);
        }
        // Every day of the years around the epoch, leap days included.
        for (std::int64_t second = -4 * 365 * 86400; second <= 4 * 366 * 86400; second += 86400 - 1)
            assertSameAsSystem(second);
    }

    void testKnownInstants()
    {
        const CivilTime leapDay = civilTime(951782400); // 2000-02-29T00:00:00Z
        CPPUNIT_ASSERT_EQUAL(2000, leapDay.year);
        CPPUNIT_ASSERT_EQUAL(2, leapDay.month);
        CPPUNIT_ASSERT_EQUAL(29, leapDay.day);
        const CivilTime beforeEpoch = civilTime(-1); // 1969-12-31T23:59:59Z
        CPPUNIT_ASSERT_EQUAL(1969, beforeEpoch.year);
        CPPUNIT_ASSERT_EQUAL(12, beforeEpoch.month);
        CPPUNIT_ASSERT_EQUAL(31, beforeEpoch.day);
        CPPUNIT_ASSERT_EQUAL(23, beforeEpoch.hour);
        CPPUNIT_ASSERT_EQUAL(59, beforeEpoch.second);
    }

    void testIsoTimestamp()
    {
        std::string out;
        portico::util::appendIsoTimestamp(1764328826123456, out); // 2025-11-28T11:20:26.123456Z
        CPPUNIT_ASSERT_EQUAL(std::string("2025-11-28T11:20:26.123Z"), out);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WallClockTest, "util");
