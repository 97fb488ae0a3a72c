#include "audit/UsageReport.h"

#include "audit/LatencyHistogram.h"
#include "audit/ReadOnlyQuery.h"

#include <sqlite3.h>

#include <cctype>
#include <map>
#include <tuple>

namespace portico::audit
{

namespace
{

std::string periodOf(const std::string& hour, UsagePeriod period)
{
    switch (period)
    {
    case UsagePeriod::Hour:
        return hour;
    case UsagePeriod::Day:
        return hour.substr(0, 10);
    case UsagePeriod::Month:
        break;
    }
    return hour.substr(0, 7);
}

bool digitsAt(const std::string& text, std::initializer_list<std::size_t> positions)
{
    for (const std::size_t at : positions)
        if (at >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at]))) return false;
    return true;
}

std::optional<std::string> textOrNone(const std::string& stored)
{
    if (stored.empty()) return std::nullopt;
    return stored;
}

} // namespace

UsageLine& UsageSum::add(const std::string& hour, const std::string& consumer, const std::string& route,
                         const LatencyHistogram& latency)
{
    Sum& sum = _sums[{periodOf(hour, _period), consumer, route}];
    sum.latency.add(latency);
    return sum.line;
}

void UsageSum::finish(std::vector<UsageLine>& lines)
{
    for (auto& [key, sum] : _sums)
    {
        UsageLine& line = sum.line;
        line.period = std::get<0>(key);
        line.consumer = textOrNone(std::get<1>(key));
        line.route = textOrNone(std::get<2>(key));
        line.p50Ms = sum.latency.percentile(0.5);
        line.p99Ms = sum.latency.percentile(0.99);
        lines.push_back(std::move(line));
    }
    _sums.clear();
}

std::string usageHour(const std::string& text)
{
    if (text.size() < 7 || !digitsAt(text, {0, 1, 2, 3, 5, 6}) || text[4] != '-') return "";
    if (text.size() == 7) return text + "-01T00";
    if (text.size() < 10 || text[7] != '-' || !digitsAt(text, {8, 9})) return "";
    if (text.size() == 10) return text + "T00";
    if (text.size() < 13 || (text[10] != 'T' && text[10] != ' ') || !digitsAt(text, {11, 12})) return "";
    std::string hour = text.substr(0, 13);
    hour[10] = 'T';
    return hour;
}

bool readUsage(const std::string& path, const UsageQuery& query, std::vector<UsageLine>& lines,
               std::string& error)
{
    ReadOnlyQuery reader;
    if (!reader.open(
            path,
            "SELECT hour, consumer, route, requests, errors, server_errors, bytes_in, bytes_out, latency "
            "FROM "
            "audit_usage WHERE hour >= ?1 AND (?2 = '' OR hour < ?2) AND (?3 IS NULL OR consumer = ?3) AND "
            "(?4 IS NULL OR route = ?4)",
            "the usage table", error))
        return false;
    sqlite3_stmt* rows = reader.statement();
    sqlite3_bind_text(rows, 1, query.fromHour.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(rows, 2, query.toHour.c_str(), -1, SQLITE_TRANSIENT);
    if (query.consumer)
        sqlite3_bind_text(rows, 3, query.consumer->c_str(), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(rows, 3);
    if (query.route)
        sqlite3_bind_text(rows, 4, query.route->c_str(), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(rows, 4);
    UsageSum sum(query.period);
    while (sqlite3_step(rows) == SQLITE_ROW)
    {
        const auto text = [&](int column)
        {
            const unsigned char* value = sqlite3_column_text(rows, column);
            return value == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(value));
        };
        LatencyHistogram hour;
        hour.deserialize(sqlite3_column_blob(rows, 8),
                         static_cast<std::size_t>(sqlite3_column_bytes(rows, 8)));
        UsageLine& line = sum.add(text(0), text(1), text(2), hour);
        line.requests += sqlite3_column_int64(rows, 3);
        line.errors += sqlite3_column_int64(rows, 4);
        line.serverErrors += sqlite3_column_int64(rows, 5);
        line.bytesIn += sqlite3_column_int64(rows, 6);
        line.bytesOut += sqlite3_column_int64(rows, 7);
    }
    sum.finish(lines);
    return true;
}

} // namespace portico::audit
