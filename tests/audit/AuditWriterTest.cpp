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
    CPPUNIT_TEST(testCommittedRowsComeBackToRefill);
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
            AuditRecord held = row(6);
            CPPUNIT_ASSERT(!writer.submitHeld(held, portico::pipeline::ResumeToken()));
            CPPUNIT_ASSERT_EQUAL(std::string("req6"), held.requestId); // left to the caller
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), writer.lost());
            sqlite3_exec(blocker, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close(blocker);
        } // the stop writes what was queued
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(result.ok);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(5), result.rows); // rows 0 to 4
    }

    // A loop's record comes back from the writer once committed (its buffers reused), a large
    // body's buffer released; what is stored is each row as submitted.
    void testCommittedRowsComeBackToRefill()
    {
        auto database = std::make_unique<AuditDatabase>();
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, database->open(_scratch->path(), error));
        {
            AuditWriter writer(std::move(database), _scratch->path());
            AuditRecord loopRecord = row(1);
            loopRecord.consumer = "partner-a";
            loopRecord.requestBody = std::string(10000, 'b');
            loopRecord.responseBody = std::string(100, 'c');
            writer.submitRecycling(loopRecord);
            CPPUNIT_ASSERT(loopRecord.requestId.empty()); // nothing committed yet to hand back
            for (int wait = 0; wait < 500 && writer.written() < 1; ++wait)
                ::usleep(10000);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), writer.written());

            loopRecord = row(2);
            writer.submitRecycling(loopRecord);
            CPPUNIT_ASSERT_EQUAL(std::string("req1"), loopRecord.requestId); // row 1, committed
            CPPUNIT_ASSERT(!loopRecord.requestBody);                         // 10 000 bytes: let go
            CPPUNIT_ASSERT_EQUAL(std::string(100, 'c'), *loopRecord.responseBody);
        }
        AuditDatabase::Query everything;
        std::vector<AuditDatabase::StoredRow> stored;
        CPPUNIT_ASSERT_MESSAGE(error, AuditDatabase::read(_scratch->path(), everything, stored, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), stored.size());
        CPPUNIT_ASSERT_EQUAL(std::string(10000, 'b'), *stored[0].record.requestBody);
        CPPUNIT_ASSERT_EQUAL(std::string("req2"), stored[1].record.requestId);
        CPPUNIT_ASSERT(!stored[1].record.consumer && !stored[1].record.requestBody);
    }

private:
    std::unique_ptr<portico::test::ScratchDatabase> _scratch;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuditWriterTest, "audit");
