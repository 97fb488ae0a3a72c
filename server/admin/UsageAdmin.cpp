#include "admin/UsageAdmin.h"

#include "admin/BadRequest.h"
#include "audit/AuditStore.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace portico::admin
{

namespace
{

double milliseconds(double value)
{
    return std::round(value * 1000.0) / 1000.0;
}

void appendCsvField(std::string& out, const std::string& value)
{
    if (value.find_first_of(",\"\r\n") == std::string::npos)
    {
        out += value;
        return;
    }
    out += '"';
    for (const char c : value)
    {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string csvOf(const std::vector<audit::UsageLine>& lines)
{
    std::string out =
        "period,consumer,route,requests,errors,server_errors,bytes_in,bytes_out,p50_ms,p99_ms\r\n";
    for (const audit::UsageLine& line : lines)
    {
        appendCsvField(out, line.period);
        out += ',';
        appendCsvField(out, line.consumer.value_or(""));
        out += ',';
        appendCsvField(out, line.route.value_or(""));
        char numbers[192];
        std::snprintf(numbers, sizeof numbers, ",%lld,%lld,%lld,%lld,%lld,%.3f,%.3f\r\n",
                      static_cast<long long>(line.requests), static_cast<long long>(line.errors),
                      static_cast<long long>(line.serverErrors), static_cast<long long>(line.bytesIn),
                      static_cast<long long>(line.bytesOut), line.p50Ms, line.p99Ms);
        out += numbers;
    }
    return out;
}

std::string jsonOf(const std::vector<audit::UsageLine>& lines)
{
    Poco::JSON::Array list;
    for (const audit::UsageLine& line : lines)
    {
        Poco::JSON::Object entry(Poco::JSON_PRESERVE_KEY_ORDER);
        entry.set("period", line.period);
        entry.set("consumer", line.consumer ? Poco::Dynamic::Var(*line.consumer) : Poco::Dynamic::Var());
        entry.set("route", line.route ? Poco::Dynamic::Var(*line.route) : Poco::Dynamic::Var());
        entry.set("requests", line.requests);
        entry.set("errors", line.errors);
        entry.set("server_errors", line.serverErrors);
        entry.set("bytes_in", line.bytesIn);
        entry.set("bytes_out", line.bytesOut);
        entry.set("p50_ms", milliseconds(line.p50Ms));
        entry.set("p99_ms", milliseconds(line.p99Ms));
        list.add(entry);
    }
    std::ostringstream out;
    list.stringify(out);
    return out.str();
}

} // namespace

bool acceptsCsv(const std::string& accept)
{
    return accept.find("text/csv") != std::string::npos;
}

store::AdminAnswer usageReport(const std::string& database, const std::string& node, const std::string& query,
                               bool csv)
{
    audit::UsageQuery filter;
    Poco::URI uri;
    uri.setRawQuery(query);
    for (const auto& [name, value] : uri.getQueryParameters())
    {
        if (name == "consumer")
            filter.consumer = value;
        else if (name == "route")
            filter.route = value;
        else if (name == "from" || name == "to")
        {
            const std::string hour = audit::usageHour(value);
            if (hour.empty())
                return badRequest(
                    name + " is a UTC time: YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH or a full ISO-8601 time");
            (name == "from" ? filter.fromHour : filter.toHour) = hour;
        }
        else if (name == "granularity")
        {
            if (value == "hour")
                filter.period = audit::UsagePeriod::Hour;
            else if (value == "day")
                filter.period = audit::UsagePeriod::Day;
            else if (value == "month")
                filter.period = audit::UsagePeriod::Month;
            else
                return badRequest("granularity is hour, day or month");
        }
        else
            return badRequest("unknown parameter '" + name +
                              "': use consumer, route, from, to or granularity");
    }
    std::vector<audit::UsageLine> lines;
    store::AdminAnswer answer;
    std::string error;
    if (!audit::readStoreUsage(database, node, filter, lines, error))
    {
        answer.status = 500;
        answer.detail = error;
        return answer;
    }
    answer.body = csv ? csvOf(lines) : jsonOf(lines);
    if (csv) answer.contentType = csvContentType;
    return answer;
}

} // namespace portico::admin
