// Usage for API programmes: the latency histogram (buckets, percentiles within a bucket's width,
// hours added up), the period bounds a caller may give, and audit_usage kept beside the rows in
// the same transaction, read back by hour, day and month with filters, and rebuilt for a file
// written before the table existed.

#include "audit/AuditDatabase.h"
#include "audit/LatencyHistogram.h"
#include "audit/UsageReport.h"

#include "audit/ScratchDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sqlite3.h>

#include <cstdio>
#include <map>
#include <unistd.h>

using namespace portico::audit;

namespace
{

AuditRecord call(const std::string& ts, const char* consumer, const char* route, int status, double ms)
{
    AuditRecord record;
    record.ts = ts;
    record.requestId = "r";
    record.clientIp = "127.0.0.1";
    if (consumer != nullptr) record.consumer = consumer;
    record.method = "GET";
    record.path = "/x";
    if (route != nullptr) record.route = route;
    record.status = status;
    record.durationMs = ms;
    record.bytesIn = 10;
    record.bytesOut = 100;
    return record;
}

} // namespace

class UsageTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(UsageTest);
    CPPUNIT_TEST(testHistogramPercentiles);
    CPPUNIT_TEST(testHistogramStoredAndAdded);
    CPPUNIT_TEST(testPeriodBounds);
    CPPUNIT_TEST(testUsageByHourDayAndMonth);
    CPPUNIT_TEST(testFiltersAndRange);
    CPPUNIT_TEST(testUsageRebuiltForAnOlderFile);
    CPPUNIT_TEST(testInterleavedCallersCountedApart);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _scratch = std::make_unique<portico::test::ScratchDatabase>(); }
    void tearDown() override { _scratch.reset(); }

    void testHistogramPercentiles()
    {
        LatencyHistogram histogram;
        CPPUNIT_ASSERT_EQUAL(0.0, histogram.percentile(0.5));
        for (int ms = 1; ms <= 1000; ++ms)
            histogram.add(ms);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1000), histogram.count());
        // Exact: p50 500 ms, p99 990 ms; a bucket is 25% wide.
        const double p50 = histogram.percentile(0.5);
        const double p99 = histogram.percentile(0.99);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(p50), p50 > 400 && p50 < 625);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(p99), p99 > 792 && p99 < 1238);
        CPPUNIT_ASSERT(p50 < p99);
        // Bounds: 0.1 ms, then 25% more each.
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.1, LatencyHistogram::upperBound(0), 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.125, LatencyHistogram::upperBound(1), 1e-12);
        LatencyHistogram fast;
        fast.add(0);
        fast.add(0.05);
        CPPUNIT_ASSERT(fast.percentile(1.0) <= 0.1);
        LatencyHistogram slow;
        slow.add(1e9); // beyond the last bound: counted in the open bucket
        CPPUNIT_ASSERT(slow.percentile(0.5) > 100000);
    }

    void testHistogramStoredAndAdded()
    {
        LatencyHistogram a;
        a.add(1);
        a.add(2);
        LatencyHistogram b;
        const std::string stored = a.serialize();
        CPPUNIT_ASSERT_EQUAL(std::size_t(64 * 8), stored.size());
        b.deserialize(stored.data(), stored.size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), b.count());
        b.add(a);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), b.count());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(a.percentile(0.5), b.percentile(0.5), 1e-9);
    }

    void testPeriodBounds()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-01T00"), usageHour("2026-12"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05T00"), usageHour("2026-12-05"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05T13"), usageHour("2026-12-05T13"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05T13"), usageHour("2026-12-05T13:45:00.000Z"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05T13"), usageHour("2026-12-05 13:45"));
        CPPUNIT_ASSERT_EQUAL(std::string(), usageHour("yesterday"));
        CPPUNIT_ASSERT_EQUAL(std::string(), usageHour("2026-1"));
        CPPUNIT_ASSERT_EQUAL(std::string(), usageHour("2026-12-5"));
        CPPUNIT_ASSERT_EQUAL(std::string(), usageHour("2026-12-05X13"));
    }

    void testUsageByHourDayAndMonth()
    {
        writeTraffic();
        std::vector<UsageLine> lines = read(UsagePeriod::Hour, {});
        // acme on orders at 10h and 11h on the 5th, at 09h on the 6th; nobody on a 404; acme in January.
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05T10"), lines[1].period);
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), *lines[1].consumer);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), lines[1].requests);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), lines[1].errors); // a 404 and a 502
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), lines[1].serverErrors);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30), lines[1].bytesIn);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(300), lines[1].bytesOut);
        // The unauthenticated 404 on no route, apart.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05T10"), lines[0].period);
        CPPUNIT_ASSERT(!lines[0].consumer && !lines[0].route);

        lines = read(UsagePeriod::Day, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05"), lines[1].period);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), lines[1].requests); // 10h and 11h added up
        CPPUNIT_ASSERT(lines[1].p50Ms > 1 && lines[1].p99Ms > 100);

        lines = read(UsagePeriod::Month, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12"), lines[1].period);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), lines[1].requests);
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01"), lines[2].period);
    }

    void testFiltersAndRange()
    {
        writeTraffic();
        UsageQuery query;
        query.consumer = "acme";
        query.fromHour = "2026-12-05T11";
        query.toHour = "2027-01-01T00";
        query.period = UsagePeriod::Hour;
        std::vector<UsageLine> lines;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, readUsage(_scratch->path(), query, lines, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-05T11"), lines[0].period);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-06T09"), lines[1].period);
        query = UsageQuery();
        query.route = "nothing";
        lines.clear();
        CPPUNIT_ASSERT(readUsage(_scratch->path(), query, lines, error));
        CPPUNIT_ASSERT(lines.empty());
        query = UsageQuery();
        query.consumer = ""; // no consumer
        lines.clear();
        CPPUNIT_ASSERT(readUsage(_scratch->path(), query, lines, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), lines[0].requests);
    }

    void testUsageRebuiltForAnOlderFile()
    {
        writeTraffic();
        sqlite3* db = nullptr;
        sqlite3_open(_scratch->path().c_str(), &db);
        CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_exec(db, "DROP TABLE audit_usage; PRAGMA user_version = 1",
                                                     nullptr, nullptr, nullptr));
        sqlite3_close(db);
        AuditDatabase reopened;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, reopened.open(_scratch->path(), error));
        const std::vector<UsageLine> lines = read(UsagePeriod::Month, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), lines[1].requests);
    }

    // Rows of one commit that alternate between callers, routes and hours each count where they
    // belong, not where the row before them went.
    void testInterleavedCallersCountedApart()
    {
        AuditDatabase database;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, database.open(_scratch->path(), error));
        CPPUNIT_ASSERT(database.append({call("2026-12-05T10:00:00.000Z", "acme", "orders", 200, 1),
                                        call("2026-12-05T10:00:01.000Z", "acme", "stock", 200, 1),
                                        call("2026-12-05T10:00:02.000Z", "acme", "orders", 200, 1),
                                        call("2026-12-05T10:00:03.000Z", "zeta", "orders", 200, 1),
                                        call("2026-12-05T10:00:04.000Z", nullptr, "orders", 200, 1),
                                        call("2026-12-05T11:00:00.000Z", "acme", "orders", 200, 1),
                                        call("2026-12-05T10:00:05.000Z", "acme", "orders", 200, 1)},
                                       error));
        const std::vector<UsageLine> lines = read(UsagePeriod::Hour, {});
        std::map<std::string, std::int64_t> requests;
        for (const UsageLine& line : lines)
            requests[line.period + " " + line.consumer.value_or("-") + " " + line.route.value_or("-")] +=
                line.requests;
        const std::map<std::string, std::int64_t> expected{{"2026-12-05T10 acme orders", 3},
                                                           {"2026-12-05T10 acme stock", 1},
                                                           {"2026-12-05T10 zeta orders", 1},
                                                           {"2026-12-05T10 - orders", 1},
                                                           {"2026-12-05T11 acme orders", 1}};
        CPPUNIT_ASSERT(expected == requests);
    }

private:
    void writeTraffic()
    {
        AuditDatabase database;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, database.open(_scratch->path(), error));
        CPPUNIT_ASSERT(database.append({call("2026-12-05T10:00:00.000Z", "acme", "orders", 200, 2),
                                        call("2026-12-05T10:10:00.000Z", "acme", "orders", 404, 3)},
                                       error));
        // A second batch adds to the same hour.
        CPPUNIT_ASSERT(database.append({call("2026-12-05T10:59:59.999Z", "acme", "orders", 502, 300),
                                        call("2026-12-05T10:30:00.000Z", nullptr, nullptr, 404, 0.2),
                                        call("2026-12-05T11:00:00.000Z", "acme", "orders", 200, 5),
                                        call("2026-12-06T09:00:00.000Z", "acme", "orders", 200, 5),
                                        call("2027-01-01T00:00:00.000Z", "acme", "orders", 200, 5)},
                                       error));
        AuditRecord admin = call("2026-12-05T10:00:00.000Z", nullptr, nullptr, 200, 0);
        admin.method = "ADMIN"; // not traffic
        CPPUNIT_ASSERT(database.append({admin}, error));
    }

    std::vector<UsageLine> read(UsagePeriod period, UsageQuery query)
    {
        query.period = period;
        std::vector<UsageLine> lines;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, readUsage(_scratch->path(), query, lines, error));
        return lines;
    }

    std::unique_ptr<portico::test::ScratchDatabase> _scratch;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UsageTest, "audit");
