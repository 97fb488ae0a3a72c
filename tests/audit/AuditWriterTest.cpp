// The writer's queue when the database cannot keep up (another connection holds its write lock):
// a full queue makes async rows wait a second and then counts what could not be queued, never
// silently; a held (strict) row is refused at once, so its exchange answers 503; what was queued
// is written once the lock is gone, and a stop writes everything left.

#include "audit/AuditWriter.h"
#include "audit/AuditDatabase.h"

#include "audit/ScratchDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <unistd.h>

using namespace portico::audit;

namespace
{

AuditRecord row(int n)
{
    AuditRecord record;
    record.ts = "2026-12-05T12:00:00.000Z";
    record.requestId = "req" + std::to_string(n);
    record.clientIp = "127.0.0.1";
    record.method = "GET";
    record.path = "/x";
    record.status = 200;
    return record;
}

} // namespace

class AuditWriterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuditWriterTest);
    CPPUNIT_TEST(testFullQueueWaitsThenCountsWhatItCouldNotQueue);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _scratch = std::make_unique<portico::test::ScratchDatabase>(); }
    void tearDown() override { _scratch.reset(); }

    void testFullQueueWaitsThenCountsWhatItCouldNotQueue()
    {
        auto database = std::make_unique<AuditDatabase>();
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, database->open(_scratch->path(), error));
        sqlite3* blocker = nullptr;
        CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_open(_scratch->path().c_str(), &blocker));
        CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr));
        {
            AuditWriter writer(std::move(database), _scratch->path(), nullptr, 0, 4);
            writer.submit(row(0)); // taken by the writer, which now waits for the lock
            for (int wait = 0; wait < 100 && writer.queueDepth() > 0; ++wait)
                ::usleep(10000);
            for (int i = 1; i <= 4; ++i)
                writer.submit(row(i));
            CPPUNIT_ASSERT_EQUAL(std::size_t(4), writer.queueDepth());
            // Full: waits (about a second), then counts the row and goes on.
            const auto before = std::chrono::steady_clock::now();
            writer.submit(row(5));
            const auto waited = std::chrono::steady_clock::now() - before;
            CPPUNIT_ASSERT(waited >= std::chrono::milliseconds(900));
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), writer.lost());
            // A held row is refused at once: its exchange answers 503 itself.
            CPPUNIT_ASSERT(!writer.submitHeld(row(6), portico::pipeline::ResumeToken()));
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), writer.lost());
            sqlite3_exec(blocker, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close(blocker);
        } // the stop writes what was queued
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(result.ok);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(5), result.rows); // rows 0 to 4
    }

private:
    std::unique_ptr<portico::test::ScratchDatabase> _scratch;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuditWriterTest, "audit");
