#pragma once

// The audit table in SQLite (WAL): created with the contract's columns when missing, appended to
// in batches (one transaction each, one prepared statement), the hash chain continued from the
// last row on open, and verified row by row. Used by one writer thread; verify() opens its own
// read-only connection, so it runs beside the writer.

#include "audit/AuditRecord.h"
#include "audit/AuditSink.h"
#include "audit/UsageRollup.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace portico::audit
{

class AuditDatabase final : public AuditSink
{
public:
    AuditDatabase() = default;
    ~AuditDatabase();
    AuditDatabase(const AuditDatabase&) = delete;
    AuditDatabase& operator=(const AuditDatabase&) = delete;

    // Opens (creating the file owner-only, and the table) and reads the chain's last hash.
    // durable: every commit reaches the disk before it returns (synchronous=FULL, strict mode);
    // otherwise a power loss may take the last commits back (synchronous=NORMAL, never a torn chain).
    bool open(const std::string& path, std::string& error, bool durable = false);
    // Appends rows in one transaction, chaining each to the one before; all or none.
    bool append(const std::vector<AuditRecord>& rows, std::string& error) override;
    const std::string& lastHash() const { return _lastHash; }

    // Retention: removes at most maxRows of the oldest rows whose ts is before cutoff (ISO-8601),
    // records in audit_anchor the id and hash of the last one removed, so the first row kept still
    // verifies, and chains note naming them: one transaction. removedThrough is 0 (and nothing
    // written) when nothing was old enough.
    bool removeOlderThan(const std::string& cutoff, std::int64_t maxRows, AuditRecord note, Removal& removal,
                         std::string& error) override;

    struct Verification
    {
        bool ok = false;
        std::uint64_t rows = 0;
        std::int64_t brokenAt = 0; // the first row whose link or hash does not hold
        std::string error;         // the database could not be read
    };
    static Verification verify(const std::string& path);

    // GET /admin/audit: rows after afterId, oldest first, at most limit, filtered when set.
    struct Query
    {
        std::int64_t afterId = 0;
        int limit = 100;
        std::optional<std::string> route;
        std::optional<std::string> consumer;
        std::optional<std::int64_t> status;
    };
    struct StoredRow
    {
        std::int64_t id = 0;
        AuditRecord record;
        std::string prevHash;
        std::string hash;
    };
    static bool read(const std::string& path, const Query& query, std::vector<StoredRow>& rows,
                     std::string& error);

private:
    // Inserts rows chained from _lastHash inside the caller's transaction; on success _lastHash
    // is the last row's hash only once the caller commits (pending holds it until then).
    bool insertChained(const std::vector<AuditRecord>& rows, std::string& pending, std::string& error);
    // Binds one row's 19 columns to parameters first to first + 18; the texts must outlive the step.
    static void bindRow(sqlite3_stmt* insert, int first, const AuditRecord& row, const std::string& prevHash,
                        const std::string& hash);

    // Rows one multi-row INSERT carries: a statement per row costs a cursor opened and a seek to
    // the table's end each time, which a commit of hundreds of rows pays hundreds of times.
    static constexpr std::size_t rowsPerInsert = 16;

    // Counts the rows already in a file that had no usage table yet (written by an older version).
    bool backfillUsage(std::string& error);

    sqlite3* _db = nullptr;
    sqlite3_stmt* _insert = nullptr;
    sqlite3_stmt* _insertMany = nullptr; // rowsPerInsert rows at once
    std::vector<std::string> _hashes;    // the chain across one multi-row INSERT, kept for binding
    std::string _lastHash;
    UsageRollup _usage;
};

} // namespace portico::audit
