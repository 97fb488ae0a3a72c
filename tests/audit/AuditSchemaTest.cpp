// An audit file written by the first versions (schema 0: the contract's nineteen columns, no
// recorded version, no trace ids, anchor or usage table) opened by this one: brought forward to
// the current schema, its chain still verifies and goes on, its old traffic is counted in the
// usage table once, and reopening changes nothing.

#include "audit/AuditChain.h"
#include "audit/AuditDatabase.h"
#include "audit/ScratchDatabase.h"
#include "audit/UsageReport.h"

#include <cppunit/extensions/HelperMacros.h>
#include <sqlite3.h>

#include <memory>

using namespace portico::audit;

class AuditSchemaTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuditSchemaTest);
    CPPUNIT_TEST(testFirstVersionFileBroughtForward);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _scratch = std::make_unique<portico::test::ScratchDatabase>(); }
    void tearDown() override { _scratch.reset(); }

    void testFirstVersionFileBroughtForward()
    {
        writeFirstVersionFile(3);
        {
            AuditDatabase database;
            std::string error;
            CPPUNIT_ASSERT_MESSAGE(error, database.open(_scratch->path(), error));
            CPPUNIT_ASSERT(AuditDatabase::verify(_scratch->path()).ok);
            AuditRecord next = record(4);
            next.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            CPPUNIT_ASSERT(database.append({next}, error));
        }
        AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(result.ok);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), result.rows);
        CPPUNIT_ASSERT_EQUAL(
            std::string("2|4bf92f3577b34da6a3ce929d0e0e4736"),
            query("SELECT (SELECT user_version FROM pragma_user_version) || '|' || trace_id FROM "
                  "audit_log WHERE id = 4"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), monthRequests());
        // Opened again: already current, the old traffic not counted twice.
        AuditDatabase reopened;
        std::string error;
        CPPUNIT_ASSERT(reopened.open(_scratch->path(), error));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), monthRequests());
    }

private:
    static AuditRecord record(int n)
    {
        AuditRecord row;
        row.ts = "2026-11-0" + std::to_string(n) + "T10:00:00.000Z";
        row.requestId = "old" + std::to_string(n);
        row.clientIp = "127.0.0.1";
        row.method = "GET";
        row.path = "/orders/" + std::to_string(n);
        row.route = "orders";
        row.status = 200;
        row.durationMs = 2;
        return row;
    }

    // What the first versions wrote: the table alone, rows chained the same way.
    void writeFirstVersionFile(int rows)
    {
        sqlite3* db = nullptr;
        sqlite3_open(_scratch->path().c_str(), &db);
        sqlite3_exec(
            db,
            "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, ts TEXT, request_id TEXT, client_ip TEXT, "
            "consumer TEXT, method TEXT, path TEXT, route TEXT, status INTEGER, duration_ms REAL, bytes_in "
            "INTEGER, bytes_out INTEGER, upstream TEXT, cache TEXT, error TEXT, request_body TEXT, "
            "response_body TEXT, prev_hash TEXT, hash TEXT)",
            nullptr, nullptr, nullptr);
        std::string previous = firstPrevHash;
        for (int n = 1; n <= rows; ++n)
        {
            const AuditRecord row = record(n);
            const std::string hash = chainHash(previous, row);
            const std::string insert =
                "INSERT INTO audit_log (ts, request_id, client_ip, method, path, route, status, duration_ms, "
                "bytes_in, bytes_out, prev_hash, hash) VALUES ('" +
                row.ts + "', '" + row.requestId + "', '127.0.0.1', 'GET', '" + row.path +
                "', 'orders', 200, 2.0, 0, 0, '" + previous + "', '" + hash + "')";
            CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr));
            previous = hash;
        }
        sqlite3_close(db);
    }

    std::string query(const std::string& sql)
    {
        sqlite3* db = nullptr;
        sqlite3_open(_scratch->path().c_str(), &db);
        sqlite3_stmt* statement = nullptr;
        std::string value;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW)
            value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        sqlite3_finalize(statement);
        sqlite3_close(db);
        return value;
    }

    std::int64_t monthRequests()
    {
        UsageQuery usage;
        usage.period = UsagePeriod::Month;
        std::vector<UsageLine> lines;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, readUsage(_scratch->path(), usage, lines, error));
        std::int64_t requests = 0;
        for (const UsageLine& line : lines)
            requests += line.requests;
        return requests;
    }

    std::unique_ptr<portico::test::ScratchDatabase> _scratch;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuditSchemaTest, "audit");
