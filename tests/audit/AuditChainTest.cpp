// The audit trail's hash chain: the canonical form byte for byte, the chain continued across a
// reopen, and verification finding the first row changed, deleted or inserted (tampering done with
// SQL, as someone with the file would).

#include "audit/AuditChain.h"
#include "audit/AuditDatabase.h"

#include "audit/ScratchDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdio>
#include <memory>
#include <sqlite3.h>
#include <string>
#include <unistd.h>

using namespace portico::audit;

namespace
{

AuditRecord row(int n)
{
    AuditRecord record;
    record.ts = "2026-12-05T12:00:00.12" + std::to_string(n % 10) + "Z";
    record.requestId = "req" + std::to_string(n);
    record.clientIp = "127.0.0.1";
    record.method = "GET";
    record.path = "/orders/" + std::to_string(n);
    record.route = "orders";
    record.status = 200;
    record.durationMs = 1.25;
    record.bytesOut = 120;
    return record;
}

void execute(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* error = nullptr;
    const int result = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(message, SQLITE_OK, result);
}

} // namespace

class AuditChainTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuditChainTest);
    CPPUNIT_TEST(testCanonicalForm);
    CPPUNIT_TEST(testEscapesFoundAtEveryOffset);
    CPPUNIT_TEST(testChainAcrossReopen);
    CPPUNIT_TEST(testLargeCommitsKeepOrderAndChain);
    CPPUNIT_TEST(testChangedRowFound);
    CPPUNIT_TEST(testDeletedRowFound);
    CPPUNIT_TEST(testInsertedRowFound);
    CPPUNIT_TEST(testRetentionKeepsTheChainVerifiable);
    CPPUNIT_TEST(testLastRowsDeletedFoundByTheNextRow);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _scratch = std::make_unique<portico::test::ScratchDatabase>(); }
    void tearDown() override { _scratch.reset(); }

    // The path column as the canonical form writes it (the fields around it hold no escapes).
    static std::string pathInForm(const std::string& path)
    {
        AuditRecord record;
        record.path = path;
        const std::string form = canonicalForm(record);
        const std::string before = R"(["","","",null,"",)";
        const std::size_t stop = form.find(",null,", before.size());
        return form.substr(before.size(), stop - before.size());
    }

    // The escaping rule, byte by byte.
    static std::string expectedPath(const std::string& text)
    {
        std::string out = "\"";
        for (const char c : text)
        {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\')
                out += std::string("\\") + c;
            else if (byte < 0x20)
            {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
                out += escaped;
            }
            else
                out += c;
        }
        return out + "\"";
    }

    void testCanonicalForm()
    {
        AuditRecord record = row(1);
        record.consumer = "acme";
        record.error = "quote \" backslash \\ tab \t";
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(["2026-12-05T12:00:00.121Z","req1","127.0.0.1","acme","GET","/orders/1",)"
                        R"("orders",200,1.250,0,120,null,null,"quote \" backslash \\ tab \u0009",)"
                        R"(null,null])"),
            canonicalForm(record));
        // A trace id is appended when set; rows without one keep the sixteen columns.
        AuditRecord traced = record;
        traced.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        CPPUNIT_ASSERT_EQUAL(canonicalForm(record).substr(0, canonicalForm(record).size() - 1) +
                                 ",\"4bf92f3577b34da6a3ce929d0e0e4736\"]",
                             canonicalForm(traced));
        // The hash covers the previous one: the same row after another row hashes otherwise.
        CPPUNIT_ASSERT(chainHash(firstPrevHash, record) != chainHash(std::string(64, '1'), record));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), chainHash(firstPrevHash, record).size());
    }

    // The form escapes '"', '\\' and bytes below 0x20 wherever they sit in a text (the scan looks at
    // 8 bytes at a time); every other byte, UTF-8 and 0x7F included, is copied as it is.
    void testEscapesFoundAtEveryOffset()
    {
        const std::string specials{'"', '\\', '\0', '\x01', '\x1f', '\n'};
        const std::string plain{' ', '!', '#', '[', ']', '~', '\x7f', '\x20', '\xc3', '\xa9', '\xff', '\x80'};
        for (std::size_t length = 1; length <= 19; ++length)
            for (std::size_t offset = 0; offset < length; ++offset)
            {
                for (const char special : specials)
                {
                    std::string text(length, 'a');
                    text[offset] = special;
                    CPPUNIT_ASSERT_EQUAL(expectedPath(text), pathInForm(text));
                }
                for (const char other : plain)
                {
                    std::string text(length, 'b');
                    text[offset] = other;
                    CPPUNIT_ASSERT_EQUAL("\"" + text + "\"", pathInForm(text));
                }
            }
    }

    void testChainAcrossReopen()
    {
        {
            AuditDatabase database;
            std::string error;
            CPPUNIT_ASSERT_MESSAGE(error, database.open(_scratch->path(), error));
            CPPUNIT_ASSERT(database.append({row(1), row(2)}, error));
        }
        AuditDatabase reopened;
        std::string error;
        CPPUNIT_ASSERT(reopened.open(_scratch->path(), error));
        CPPUNIT_ASSERT(reopened.lastHash() != firstPrevHash);
        CPPUNIT_ASSERT(reopened.append({row(3)}, error));
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT_MESSAGE(result.error, result.ok);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), result.rows);
    }

    // Commits of hundreds of rows go in multi-row INSERTs: every row still lands in submission
    // order, each chained from the one before, across statements and commits.
    void testLargeCommitsKeepOrderAndChain()
    {
        AuditDatabase database;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, database.open(_scratch->path(), error));
        std::vector<AuditRecord> first;
        for (int i = 1; i <= 37; ++i)
            first.push_back(row(i));
        first[20].consumer = "partner-a";
        first[20].requestBody = std::string("{\"card\":\"\"}");
        CPPUNIT_ASSERT_MESSAGE(error, database.append(first, error));
        std::vector<AuditRecord> second;
        for (int i = 38; i <= 57; ++i)
            second.push_back(row(i));
        CPPUNIT_ASSERT_MESSAGE(error, database.append(second, error));

        AuditDatabase::Query everything;
        everything.limit = 100;
        std::vector<AuditDatabase::StoredRow> stored;
        CPPUNIT_ASSERT_MESSAGE(error, AuditDatabase::read(_scratch->path(), everything, stored, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(57), stored.size());
        std::string previous = firstPrevHash;
        for (std::size_t i = 0; i < stored.size(); ++i)
        {
            CPPUNIT_ASSERT_EQUAL(std::int64_t(i + 1), stored[i].id);
            CPPUNIT_ASSERT_EQUAL("req" + std::to_string(i + 1), stored[i].record.requestId);
            CPPUNIT_ASSERT_EQUAL(previous, stored[i].prevHash);
            CPPUNIT_ASSERT_EQUAL(chainHash(previous, stored[i].record), stored[i].hash);
            previous = stored[i].hash;
        }
        CPPUNIT_ASSERT_EQUAL(std::string("partner-a"), *stored[20].record.consumer);
        CPPUNIT_ASSERT(!stored[19].record.consumer);
        CPPUNIT_ASSERT_EQUAL(previous, database.lastHash());
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT_MESSAGE(result.error, result.ok);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(57), result.rows);
    }

    void testChangedRowFound()
    {
        write(5);
        execute(_scratch->path(), "UPDATE audit_log SET status = 500 WHERE id = 3");
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(!result.ok);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), result.brokenAt);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), result.rows);
    }

    void testDeletedRowFound()
    {
        write(5);
        execute(_scratch->path(), "DELETE FROM audit_log WHERE id = 2");
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(!result.ok);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), result.brokenAt); // its prev_hash names the deleted row
    }

    void testInsertedRowFound()
    {
        write(3);
        // A row slipped in with a link to the row before it, but no way to make the next link hold.
        execute(_scratch->path(),
                "INSERT INTO audit_log (id, ts, request_id, client_ip, method, path, status, duration_ms, "
                "bytes_in, bytes_out, prev_hash, hash) SELECT 10, ts, 'forged', client_ip, method, path, "
                "200, 1.0, 0, 0, hash, hash FROM audit_log WHERE id = 3");
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(!result.ok);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), result.brokenAt);
    }

    void testRetentionKeepsTheChainVerifiable()
    {
        AuditDatabase database;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, database.open(_scratch->path(), error));
        std::vector<AuditRecord> records;
        for (int i = 1; i <= 6; ++i)
        {
            records.push_back(row(i));
            if (i <= 4) records.back().ts = "2020-01-01T00:00:00.00" + std::to_string(i) + "Z";
        }
        CPPUNIT_ASSERT(database.append(records, error));
        // At most three rows per pass: rows 1 to 3 go, the anchor keeps row 3's hash, and the note
        // naming it is chained in the same transaction.
        AuditSink::Removal removal;
        AuditRecord note = row(7);
        note.method = "ADMIN";
        CPPUNIT_ASSERT_MESSAGE(error,
                               database.removeOlderThan("2021-01-01T00:00:00.000Z", 3, note, removal, error));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), removal.removedThrough);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), removal.rows);
        AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT_MESSAGE(result.error, result.ok);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), result.rows); // rows 4 to 6 and the note
        // The next pass takes row 4, the last one old enough; nothing is left for the one after.
        CPPUNIT_ASSERT(database.removeOlderThan("2021-01-01T00:00:00.000Z", 3, note, removal, error));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), removal.removedThrough);
        CPPUNIT_ASSERT(AuditDatabase::verify(_scratch->path()).ok);
        const std::string anchorHash = removal.anchorHash;
        CPPUNIT_ASSERT(database.removeOlderThan("2021-01-01T00:00:00.000Z", 3, note, removal, error));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), removal.removedThrough);
        // The anchor alone proves nothing: without the note naming it (removed by hand), the
        // chain does not verify.
        const std::string withoutNotes = _scratch->path() + ".copy";
        execute(_scratch->path(), "VACUUM INTO '" + withoutNotes + "'");
        execute(withoutNotes, "DELETE FROM audit_log WHERE method = 'ADMIN'");
        CPPUNIT_ASSERT(!AuditDatabase::verify(withoutNotes).ok);
        ::unlink(withoutNotes.c_str());

        // Someone removes the oldest kept row too and moves the anchor to match: the chained note
        // still names the old anchor.
        execute(_scratch->path(),
                "UPDATE audit_anchor SET removed_through = 5, hash = (SELECT hash FROM audit_log WHERE id "
                "= 5); DELETE FROM audit_log WHERE id = 5");
        result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(!result.ok);
        // Without moving it: the first kept row is not the anchor's next.
        execute(_scratch->path(), "UPDATE audit_anchor SET removed_through = 4, hash = '" + anchorHash + "'");
        CPPUNIT_ASSERT(!AuditDatabase::verify(_scratch->path()).ok);
    }

    void testLastRowsDeletedFoundByTheNextRow()
    {
        AuditDatabase database;
        std::string error;
        CPPUNIT_ASSERT(database.open(_scratch->path(), error));
        CPPUNIT_ASSERT(database.append({row(1), row(2), row(3)}, error));
        execute(_scratch->path(), "DELETE FROM audit_log WHERE id = 3");
        CPPUNIT_ASSERT(AuditDatabase::verify(_scratch->path()).ok); // nothing yet tells
        // The writer goes on from the hash it holds: the next row gives the deletion away.
        CPPUNIT_ASSERT(database.append({row(4)}, error));
        const AuditDatabase::Verification result = AuditDatabase::verify(_scratch->path());
        CPPUNIT_ASSERT(!result.ok);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), result.brokenAt);
    }

private:
    void write(int rows)
    {
        AuditDatabase database;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, database.open(_scratch->path(), error));
        std::vector<AuditRecord> records;
        for (int i = 1; i <= rows; ++i)
            records.push_back(row(i));
        CPPUNIT_ASSERT_MESSAGE(error, database.append(records, error));
        CPPUNIT_ASSERT(AuditDatabase::verify(_scratch->path()).ok);
    }

    std::unique_ptr<portico::test::ScratchDatabase> _scratch;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuditChainTest, "audit");
