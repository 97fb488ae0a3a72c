#pragma once

// The table behind GET /admin/usage: audit_usage holds, per hour, consumer and route, the
// requests, errors, bytes and a latency histogram, added to in the same transaction as the rows
// they count (so the two never disagree), which lets a month of traffic be reported by reading a
// few hundred rows instead of millions. It is derived data, outside the hash chain; retention
// removes audit rows but keeps their usage (what partners are billed for).

#include "audit/AuditRecord.h"
#include "audit/LatencyHistogram.h"

#include <map>
#include <string>
#include <string_view>
#include <tuple>

struct sqlite3;
struct sqlite3_stmt;

namespace portico::audit
{

class UsageRollup
{
public:
    static const char* const createTable;

    UsageRollup() = default;
    ~UsageRollup();
    UsageRollup(const UsageRollup&) = delete;
    UsageRollup& operator=(const UsageRollup&) = delete;

    // Counts a row (ADMIN rows are not traffic).
    void add(const AuditRecord& row);
    // Adds what was counted to the table, inside the caller's transaction, and forgets it.
    bool flush(sqlite3* db, std::string& error);
    void clear()
    {
        _pending.clear();
        _last = _pending.end();
    }

    // The hour a row counts in: the first 13 characters of its ts ("2026-12-05T13").
    static std::string_view hourOf(std::string_view ts) { return ts.substr(0, 13); }

    struct Key
    {
        std::string hour;
        std::string consumer; // "" when none
        std::string route;    // "" when none
        bool operator<(const Key& other) const
        {
            return std::tie(hour, consumer, route) < std::tie(other.hour, other.consumer, other.route);
        }
    };
    struct Totals
    {
        std::int64_t requests = 0;
        std::int64_t errors = 0;       // status 400 and above
        std::int64_t serverErrors = 0; // status 500 and above
        std::int64_t bytesIn = 0;
        std::int64_t bytesOut = 0;
        LatencyHistogram latency;
    };
    // What was counted since the last flush (for a sink with its own SQL).
    const std::map<Key, Totals>& pending() const { return _pending; }

private:
    // The totals a row counts in. Consecutive rows mostly share their hour, consumer and route:
    // those go to the previous row's entry without building a key or searching the map.
    Totals& totalsFor(const AuditRecord& row);

    std::map<Key, Totals> _pending;
    // The previous row's entry, or end() when none.
    std::map<Key, Totals>::iterator _last = _pending.end();
    sqlite3* _db = nullptr; // the connection the statements belong to
    sqlite3_stmt* _select = nullptr;
    sqlite3_stmt* _upsert = nullptr;
};

} // namespace portico::audit
