#include "admin/AuditAdmin.h"

#include "admin/BadRequest.h"
#include "audit/AuditStore.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <charconv>
#include <sstream>

namespace portico::admin
{

namespace
{

bool integer(const std::string& text, std::int64_t& value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

void setOptional(Poco::JSON::Object& object, const char* name, const std::optional<std::string>& value)
{
    if (value)
        object.set(name, *value);
    else
        object.set(name, Poco::Dynamic::Var());
}

} // namespace

store::AdminAnswer listAuditRows(const std::string& database, const std::string& node,
                                 const std::string& query)
{
    audit::AuditDatabase::Query filter;
    Poco::URI uri;
    uri.setRawQuery(query);
    for (const auto& [name, value] : uri.getQueryParameters())
    {
        std::int64_t number = 0;
        if (name == "limit")
        {
            if (!integer(value, number) || number < 1 || number > 1000)
                return badRequest("limit is a number from 1 to 1000");
            filter.limit = static_cast<int>(number);
        }
        else if (name == "after_id")
        {
            if (!integer(value, number) || number < 0) return badRequest("after_id is a row id (0 or more)");
            filter.afterId = number;
        }
        else if (name == "status")
        {
            if (!integer(value, number)) return badRequest("status is a number");
            filter.status = number;
        }
        else if (name == "route")
            filter.route = value;
        else if (name == "consumer")
            filter.consumer = value;
        else
            return badRequest("unknown parameter '" + name +
                              "': use limit, after_id, route, consumer or status");
    }
    std::vector<audit::AuditDatabase::StoredRow> rows;
    std::string error;
    if (!audit::readStoreRows(database, node, filter, rows, error))
    {
        store::AdminAnswer failed;
        failed.status = 500;
        failed.detail = error;
        return failed;
    }
    Poco::JSON::Array list;
    for (const audit::AuditDatabase::StoredRow& row : rows)
    {
        const audit::AuditRecord& record = row.record;
        Poco::JSON::Object entry(Poco::JSON_PRESERVE_KEY_ORDER);
        entry.set("id", row.id);
        entry.set("ts", record.ts);
        entry.set("request_id", record.requestId);
        entry.set("client_ip", record.clientIp);
        setOptional(entry, "consumer", record.consumer);
        entry.set("method", record.method);
        entry.set("path", record.path);
        setOptional(entry, "route", record.route);
        entry.set("status", record.status);
        entry.set("duration_ms", record.durationMs);
        entry.set("bytes_in", record.bytesIn);
        entry.set("bytes_out", record.bytesOut);
        setOptional(entry, "upstream", record.upstream);
        setOptional(entry, "cache", record.cache);
        setOptional(entry, "error", record.error);
        setOptional(entry, "request_body", record.requestBody);
        setOptional(entry, "response_body", record.responseBody);
        setOptional(entry, "trace_id", record.traceId);
        entry.set("prev_hash", row.prevHash);
        entry.set("hash", row.hash);
        list.add(entry);
    }
    std::ostringstream out;
    list.stringify(out);
    store::AdminAnswer answer;
    answer.body = out.str();
    return answer;
}

} // namespace portico::admin
