#include "audit/AuditDatabase.h"

#include "audit/AuditChain.h"
#include "audit/AuditColumns.h"
#include "audit/ReadOnlyQuery.h"
#include "schema/SchemaMigrations.h"
#include "util/OwnerOnlyFiles.h"

#include <sqlite3.h>

namespace portico::audit
{

namespace
{

// Schema version 1: the contract's table, as the first versions wrote it.
constexpr const char* createTable = "CREATE TABLE IF NOT EXISTS audit_log ("
                                    "id INTEGER PRIMARY KEY, ts TEXT, request_id TEXT, client_ip TEXT, "
                                    "consumer TEXT, method TEXT, path TEXT, route TEXT, status INTEGER, "
                                    "duration_ms REAL, bytes_in INTEGER, bytes_out INTEGER, upstream TEXT, "
                                    "cache TEXT, error TEXT, request_body TEXT, response_body TEXT, "
                                    "prev_hash TEXT, hash TEXT)";

// Where the chain starts once retention removed its oldest rows: the last removed row's id and
// hash (one row). The same facts are in the chain as an ADMIN row written after each removal.
constexpr const char* createAnchor =
    "CREATE TABLE IF NOT EXISTS audit_anchor (only INTEGER PRIMARY KEY CHECK (only = 1), "
    "removed_through INTEGER, hash TEXT, removed_rows INTEGER)";

constexpr int columnsPerRow = 19;

// INSERT of rows rows, each with columnsPerRow parameters (numbered in order: ?1 to ?19 for the first).
std::string insertStatement(std::size_t rows)
{
    std::string sql =
        "INSERT INTO audit_log (ts, request_id, client_ip, consumer, method, path, route, status, "
        "duration_ms, bytes_in, bytes_out, upstream, cache, error, request_body, response_body, "
        "prev_hash, hash, trace_id) VALUES ";
    for (std::size_t row = 0; row < rows; ++row)
    {
        sql += row == 0 ? "(" : ",(";
        for (int column = 0; column < columnsPerRow; ++column)
            sql += column == 0 ? "?" : ",?";
        sql += ')';
    }
    return sql;
}

// Every column, in table order (recordAt() reads them so).
#define SELECT_AUDIT_COLUMNS                                                                                 \
    "SELECT id, ts, request_id, client_ip, consumer, method, path, route, status, duration_ms, bytes_in, "   \
    "bytes_out, upstream, cache, error, request_body, response_body, prev_hash, hash, trace_id FROM "        \
    "audit_log "

constexpr const char* selectRows = SELECT_AUDIT_COLUMNS "ORDER BY id";
constexpr const char* selectPage =
    SELECT_AUDIT_COLUMNS "WHERE id > ?1 AND (?2 IS NULL OR route = ?2) AND (?3 IS NULL OR consumer = ?3) AND "
                         "(?4 IS NULL OR status = ?4) ORDER BY id LIMIT ?5";

#undef SELECT_AUDIT_COLUMNS

// Every caller keeps text alive until the statement has been stepped: no copy.
void bindText(sqlite3_stmt* statement, int index, const std::string& text)
{
    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void bindOptional(sqlite3_stmt* statement, int index, const std::optional<std::string>& text)
{
    if (text)
        bindText(statement, index, *text);
    else
        sqlite3_bind_null(statement, index);
}

std::string columnText(sqlite3_stmt* statement, int column)
{
    const unsigned char* text = sqlite3_column_text(statement, column);
    return text == nullptr ? std::string()
                           : std::string(reinterpret_cast<const char*>(text),
                                         static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

std::optional<std::string> columnOptional(sqlite3_stmt* statement, int column)
{
    if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
    return columnText(statement, column);
}

// A row selected as selectRows does, read back.
AuditRecord recordAt(sqlite3_stmt* rows)
{
    struct Columns
    {
        sqlite3_stmt* rows;
        std::string text(int column) const { return columnText(rows, column); }
        std::optional<std::string> optional(int column) const { return columnOptional(rows, column); }
        std::int64_t integer(int column) const { return sqlite3_column_int64(rows, column); }
        double real(int column) const { return sqlite3_column_double(rows, column); }
    };
    return readAuditRecord(Columns{rows});
}

using schema::execute;

bool hasTable(sqlite3* db, const char* name)
{
    sqlite3_stmt* table = nullptr;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &table,
                           nullptr) == SQLITE_OK)
    {
        sqlite3_bind_text(table, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(table) == SQLITE_ROW;
    }
    sqlite3_finalize(table);
    return found;
}

} // namespace

std::string retentionNote(std::int64_t removedThrough, const std::string& hash)
{
    return "through id " + std::to_string(removedThrough) + " hash " + hash;
}

std::string retentionNotePath(const std::string& cutoff, const AuditSink::Removal& removal)
{
    return "RETENTION removed " + std::to_string(removal.rows) + " rows older than " + cutoff + ", " +
           retentionNote(removal.removedThrough, removal.anchorHash);
}

AuditDatabase::~AuditDatabase()
{
    sqlite3_finalize(_insert);
    sqlite3_finalize(_insertMany);
    // The usage rollup's statements are finalized after this body (members go last): close_v2
    // closes the connection once they are.
    sqlite3_close_v2(_db);
}

bool AuditDatabase::open(const std::string& path, std::string& error, bool durable)
{
    // Owner-only from the first byte: the trail holds who called what. One thread at a time uses
    // this connection (opened here, then only the writer's), so SQLite's per-call locks go.
    int opened = SQLITE_ERROR;
    {
        const util::OwnerOnlyFiles ownerOnly;
        opened = sqlite3_open_v2(path.c_str(), &_db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    }
    if (opened != SQLITE_OK)
    {
        error = "cannot open the audit database " + path + ": " + sqlite3_errmsg(_db);
        return false;
    }
    // In strict mode answers wait for the commit: a lock held elsewhere for over a second is
    // answered 503 (after one retry) rather than stalling every exchange.
    sqlite3_busy_timeout(_db, durable ? 1000 : 5000);
    // Pages of 16 KiB for a new file (an existing one keeps its own): a commit of a few hundred
    // rows is then a few WAL frames, each one system call, instead of dozens.
    if (!execute(_db, "PRAGMA page_size=16384", error) || !execute(_db, "PRAGMA journal_mode=WAL", error) ||
        !execute(_db, durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", error) ||
        // The writer appends: it reads back only the table's right-hand edge and the usage rollup's
        // pages, so a small page cache serves it as well as SQLite's 2 MiB default, which would
        // otherwise fill up over the first minutes of traffic and stay.
        !execute(_db, "PRAGMA cache_size=-512", error))
    {
        error = "the audit database " + path + ": " + error;
        return false;
    }
    const std::vector<schema::Migration> steps{
        {1, "the audit table",
         [](sqlite3* db, std::string& problem) { return execute(db, createTable, problem); }},
        {2, "trace ids, the retention anchor and the usage rollup",
         [this](sqlite3* db, std::string& problem)
         {
             // Files of this version made before it recorded versions may have some of these.
             const bool hadUsage = hasTable(db, "audit_usage");
             return schema::addColumnIfMissing(db, "audit_log", "trace_id", "TEXT", problem) &&
                    execute(db, createAnchor, problem) && execute(db, UsageRollup::createTable, problem) &&
                    (hadUsage || backfillUsage(problem));
         }},
    };
    if (!schema::migrate(_db, "the audit database " + path, steps, error)) return false;
    sqlite3_stmt* last = nullptr;
    _lastHash = firstPrevHash;
    if (sqlite3_prepare_v2(_db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", -1, &last, nullptr) ==
        SQLITE_OK)
    {
        if (sqlite3_step(last) == SQLITE_ROW) _lastHash = columnText(last, 0);
        sqlite3_finalize(last);
    }
    if (sqlite3_prepare_v2(_db, insertStatement(1).c_str(), -1, &_insert, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(_db, insertStatement(rowsPerInsert).c_str(), -1, &_insertMany, nullptr) !=
            SQLITE_OK)
    {
        error = std::string("the audit database ") + path + ": " + sqlite3_errmsg(_db);
        return false;
    }
    return true;
}

bool AuditDatabase::backfillUsage(std::string& error)
{
    sqlite3_stmt* rows = nullptr;
    if (sqlite3_prepare_v2(_db, selectRows, -1, &rows, nullptr) != SQLITE_OK)
    {
        error = sqlite3_errmsg(_db);
        return false;
    }
    _usage.clear();
    while (sqlite3_step(rows) == SQLITE_ROW)
        _usage.add(recordAt(rows));
    sqlite3_finalize(rows);
    return _usage.flush(_db, error);
}

void AuditDatabase::bindRow(sqlite3_stmt* insert, int first, const AuditRecord& row,
                            const std::string& prevHash, const std::string& hash)
{
    bindText(insert, first, row.ts);
    bindText(insert, first + 1, row.requestId);
    bindText(insert, first + 2, row.clientIp);
    bindOptional(insert, first + 3, row.consumer);
    bindText(insert, first + 4, row.method);
    bindText(insert, first + 5, row.path);
    bindOptional(insert, first + 6, row.route);
    sqlite3_bind_int64(insert, first + 7, row.status);
    sqlite3_bind_double(insert, first + 8, row.durationMs);
    sqlite3_bind_int64(insert, first + 9, row.bytesIn);
    sqlite3_bind_int64(insert, first + 10, row.bytesOut);
    bindOptional(insert, first + 11, row.upstream);
    bindOptional(insert, first + 12, row.cache);
    bindOptional(insert, first + 13, row.error);
    bindOptional(insert, first + 14, row.requestBody);
    bindOptional(insert, first + 15, row.responseBody);
    bindText(insert, first + 16, prevHash);
    bindText(insert, first + 17, hash);
    bindOptional(insert, first + 18, row.traceId);
}

bool AuditDatabase::insertChained(const std::vector<AuditRecord>& rows, std::string& pending,
                                  std::string& error)
{
    // _hashes[0] is the hash the next row chains from, _hashes[k + 1] the hash of the statement's
    // row k: every bound text stays put until the statement has run.
    _hashes.resize(rowsPerInsert + 1);
    _hashes[0] = _lastHash;
    std::size_t next = 0;
    while (next < rows.size())
    {
        const std::size_t count = rows.size() - next >= rowsPerInsert ? rowsPerInsert : 1;
        sqlite3_stmt* insert = count == rowsPerInsert ? _insertMany : _insert;
        sqlite3_reset(insert);
        for (std::size_t k = 0; k < count; ++k)
        {
            const AuditRecord& row = rows[next + k];
            _usage.add(row);
            chainHash(_hashes[k], row, _hashes[k + 1]);
            bindRow(insert, static_cast<int>(k) * columnsPerRow + 1, row, _hashes[k], _hashes[k + 1]);
        }
        if (sqlite3_step(insert) != SQLITE_DONE)
        {
            error = sqlite3_errmsg(_db);
            return false;
        }
        next += count;
        _hashes[0].swap(_hashes[count]);
    }
    pending = _hashes[0];
    return _usage.flush(_db, error);
}

bool AuditDatabase::append(const std::vector<AuditRecord>& rows, std::string& error)
{
    if (!execute(_db, "BEGIN IMMEDIATE", error)) return false;
    _usage.clear(); // what a failed attempt counted
    std::string chained;
    if (!insertChained(rows, chained, error) || !execute(_db, "COMMIT", error))
    {
        std::string ignored;
        execute(_db, "ROLLBACK", ignored);
        return false;
    }
    _lastHash = chained;
    return true;
}

bool AuditDatabase::removeOlderThan(const std::string& cutoff, std::int64_t maxRows, AuditRecord note,
                                    Removal& removal, std::string& error)
{
    removal = Removal();
    sqlite3_stmt* last = nullptr;
    // The newest row to remove: the last of the oldest maxRows rows, among those before cutoff.
    if (sqlite3_prepare_v2(
            _db,
            "SELECT id, hash FROM audit_log WHERE id <= (SELECT min(id) FROM audit_log) + ?2 - 1 "
            "AND ts < ?1 ORDER BY id DESC LIMIT 1",
            -1, &last, nullptr) != SQLITE_OK)
    {
        error = sqlite3_errmsg(_db);
        return false;
    }
    bindText(last, 1, cutoff);
    sqlite3_bind_int64(last, 2, maxRows);
    if (sqlite3_step(last) == SQLITE_ROW)
    {
        removal.removedThrough = sqlite3_column_int64(last, 0);
        removal.anchorHash = columnText(last, 1);
    }
    sqlite3_finalize(last);
    if (removal.removedThrough == 0) return true;
    if (!execute(_db, "BEGIN IMMEDIATE", error)) return false;
    const std::string through = std::to_string(removal.removedThrough);
    const std::string remove = "DELETE FROM audit_log WHERE id <= " + through;
    const std::string anchor =
        "INSERT INTO audit_anchor (only, removed_through, hash, removed_rows) VALUES (1, " + through + ", '" +
        removal.anchorHash +
        "', 0) ON CONFLICT (only) DO UPDATE SET removed_through = excluded.removed_through, "
        "hash = excluded.hash";
    _usage.clear();
    bool done = execute(_db, remove.c_str(), error);
    std::string chained;
    if (done)
    {
        removal.rows = sqlite3_changes(_db);
        const std::string count =
            "UPDATE audit_anchor SET removed_rows = removed_rows + " + std::to_string(removal.rows);
        note.path = retentionNotePath(cutoff, removal);
        done = execute(_db, anchor.c_str(), error) && execute(_db, count.c_str(), error) &&
               insertChained({note}, chained, error) && execute(_db, "COMMIT", error);
    }
    if (!done)
    {
        std::string ignored;
        execute(_db, "ROLLBACK", ignored);
        removal = Removal();
        return false;
    }
    _lastHash = chained;
    return true;
}

AuditDatabase::Verification AuditDatabase::verify(const std::string& path)
{
    Verification result;
    ReadOnlyQuery query;
    if (!query.open(path, selectRows, "the audit table", result.error)) return result;
    sqlite3* db = query.db();
    sqlite3_stmt* rows = query.statement();
    // The anchor and the rows from one snapshot, whatever the writer commits meanwhile.
    std::string ignored;
    execute(db, "BEGIN", ignored);
    // After retention the chain starts at the anchor: the row after the last one removed, linked
    // to its hash.
    std::string expected = firstPrevHash;
    std::int64_t expectedId = 1;
    sqlite3_stmt* anchor = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT removed_through, hash FROM audit_anchor", -1, &anchor, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(anchor) == SQLITE_ROW)
    {
        expectedId = sqlite3_column_int64(anchor, 0) + 1;
        expected = columnText(anchor, 1);
    }
    sqlite3_finalize(anchor);
    const std::string anchorNote = expectedId > 1 ? retentionNote(expectedId - 1, expected) : std::string();
    std::string lastNote;
    result.ok = true;
    while (sqlite3_step(rows) == SQLITE_ROW)
    {
        const AuditRecord row = recordAt(rows);
        const std::string prevHash = columnText(rows, column::prevHash);
        const std::string hash = columnText(rows, column::hash);
        const std::int64_t id = sqlite3_column_int64(rows, column::id);
        // Ids are consecutive from the anchor: a row removed at the end of a batch, or the first
        // rows after the anchor, cannot go unnoticed.
        if (id != expectedId || prevHash != expected || chainHash(prevHash, row) != hash)
        {
            result.ok = false;
            result.brokenAt = id;
            break;
        }
        if (row.method == "ADMIN" && row.path.rfind("RETENTION ", 0) == 0) lastNote = row.path;
        expected = hash;
        ++expectedId;
        ++result.rows;
    }
    // The anchor table is outside the chain; the chained note of the last removal must name it,
    // or someone removed more rows and moved the anchor.
    if (result.ok && !anchorNote.empty() && lastNote.find(anchorNote) == std::string::npos)
    {
        result.ok = false;
        result.brokenAt = expectedId - static_cast<std::int64_t>(result.rows);
    }
    return result;
}

bool AuditDatabase::read(const std::string& path, const Query& query, std::vector<StoredRow>& rows,
                         std::string& error)
{
    ReadOnlyQuery reader;
    if (!reader.open(path, selectPage, "the audit table", error)) return false;
    sqlite3_stmt* page = reader.statement();
    sqlite3_bind_int64(page, 1, query.afterId);
    bindOptional(page, 2, query.route);
    bindOptional(page, 3, query.consumer);
    if (query.status)
        sqlite3_bind_int64(page, 4, *query.status);
    else
        sqlite3_bind_null(page, 4);
    sqlite3_bind_int(page, 5, query.limit);
    while (sqlite3_step(page) == SQLITE_ROW)
        rows.push_back(StoredRow{sqlite3_column_int64(page, column::id), recordAt(page),
                                 columnText(page, column::prevHash), columnText(page, column::hash)});
    return true;
}

} // namespace portico::audit
