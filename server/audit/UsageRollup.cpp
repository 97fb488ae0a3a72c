#include "audit/UsageRollup.h"

#include <sqlite3.h>

#include <tuple>

namespace portico::audit
{

const char* const UsageRollup::createTable = "CREATE TABLE IF NOT EXISTS audit_usage (hour TEXT NOT NULL, "
                                             "consumer TEXT NOT NULL, route TEXT NOT NULL, "
                                             "requests INTEGER, errors INTEGER, server_errors INTEGER, "
                                             "bytes_in INTEGER, bytes_out INTEGER, latency BLOB, "
                                             "PRIMARY KEY (hour, consumer, route)) WITHOUT ROWID";

UsageRollup::~UsageRollup()
{
    sqlite3_finalize(_select);
    sqlite3_finalize(_upsert);
}

UsageRollup::Totals& UsageRollup::totalsFor(const AuditRecord& row)
{
    const std::string_view hour = hourOf(row.ts);
    const std::string_view consumer = row.consumer ? std::string_view(*row.consumer) : std::string_view();
    const std::string_view route = row.route ? std::string_view(*row.route) : std::string_view();
    const bool sameAsLast = _last != _pending.end() && _last->first.hour == hour &&
                            _last->first.consumer == consumer && _last->first.route == route;
    if (!sameAsLast)
        _last = _pending.try_emplace(Key{std::string(hour), std::string(consumer), std::string(route)}).first;
    return _last->second;
}

void UsageRollup::add(const AuditRecord& row)
{
    if (row.method == "ADMIN") return;
    Totals& totals = totalsFor(row);
    ++totals.requests;
    if (row.status >= 400) ++totals.errors;
    if (row.status >= 500) ++totals.serverErrors;
    totals.bytesIn += row.bytesIn;
    totals.bytesOut += row.bytesOut;
    totals.latency.add(row.durationMs);
}

bool UsageRollup::flush(sqlite3* db, std::string& error)
{
    if (_pending.empty()) return true;
    if (_db != db)
    {
        sqlite3_finalize(_select);
        sqlite3_finalize(_upsert);
        _select = _upsert = nullptr;
        _db = db;
        if (sqlite3_prepare_v2(db,
                               "SELECT requests, errors, server_errors, bytes_in, bytes_out, latency FROM "
                               "audit_usage WHERE hour = ?1 AND consumer = ?2 AND route = ?3",
                               -1, &_select, nullptr) != SQLITE_OK ||
            sqlite3_prepare_v2(
                db,
                "INSERT OR REPLACE INTO audit_usage (hour, consumer, route, requests, errors, "
                "server_errors, bytes_in, bytes_out, latency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                "?8, ?9)",
                -1, &_upsert, nullptr) != SQLITE_OK)
        {
            error = sqlite3_errmsg(db);
            _db = nullptr;
            return false;
        }
    }
    for (auto& [key, totals] : _pending)
    {
        sqlite3_reset(_select);
        sqlite3_bind_text(_select, 1, key.hour.data(), static_cast<int>(key.hour.size()), SQLITE_STATIC);
        sqlite3_bind_text(_select, 2, key.consumer.data(), static_cast<int>(key.consumer.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(_select, 3, key.route.data(), static_cast<int>(key.route.size()), SQLITE_STATIC);
        if (sqlite3_step(_select) == SQLITE_ROW)
        {
            totals.requests += sqlite3_column_int64(_select, 0);
            totals.errors += sqlite3_column_int64(_select, 1);
            totals.serverErrors += sqlite3_column_int64(_select, 2);
            totals.bytesIn += sqlite3_column_int64(_select, 3);
            totals.bytesOut += sqlite3_column_int64(_select, 4);
            LatencyHistogram stored;
            stored.deserialize(sqlite3_column_blob(_select, 5),
                               static_cast<std::size_t>(sqlite3_column_bytes(_select, 5)));
            totals.latency.add(stored);
        }
        sqlite3_reset(_select);
        const std::string latency = totals.latency.serialize();
        sqlite3_reset(_upsert);
        sqlite3_bind_text(_upsert, 1, key.hour.data(), static_cast<int>(key.hour.size()), SQLITE_STATIC);
        sqlite3_bind_text(_upsert, 2, key.consumer.data(), static_cast<int>(key.consumer.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(_upsert, 3, key.route.data(), static_cast<int>(key.route.size()), SQLITE_STATIC);
        sqlite3_bind_int64(_upsert, 4, totals.requests);
        sqlite3_bind_int64(_upsert, 5, totals.errors);
        sqlite3_bind_int64(_upsert, 6, totals.serverErrors);
        sqlite3_bind_int64(_upsert, 7, totals.bytesIn);
        sqlite3_bind_int64(_upsert, 8, totals.bytesOut);
        sqlite3_bind_blob(_upsert, 9, latency.data(), static_cast<int>(latency.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(_upsert) != SQLITE_DONE)
        {
            error = sqlite3_errmsg(db);
            clear();
            return false;
        }
    }
    clear();
    return true;
}

} // namespace portico::audit
