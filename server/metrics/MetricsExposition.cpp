#include "metrics/MetricsExposition.h"

#include "audit/AuditWriter.h"
#include "metrics/RequestMetrics.h"

#include <cstdio>

namespace portico::metrics
{

namespace
{

void appendEscaped(std::string& out, const std::string& value)
{
    for (const char c : value)
    {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

void family(std::string& out, const char* name, const char* type, const char* help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

// name{label="value",...} value
class Sample
{
public:
    Sample(std::string& out, const char* name) : _out(out) { _out += name; }
    Sample& label(const char* name, const std::string& value)
    {
        _out += _first ? '{' : ',';
        _first = false;
        _out += name;
        _out += "=\"";
        appendEscaped(_out, value);
        _out += '"';
        return *this;
    }
    void value(std::uint64_t count) { end(std::to_string(count)); }
    void value(double number)
    {
        char text[32];
        std::snprintf(text, sizeof text, "%.6f", number);
        end(text);
    }

private:
    void end(const std::string& text)
    {
        if (!_first) _out += '}';
        _out += ' ';
        _out += text;
        _out += '\n';
    }

    std::string& _out;
    bool _first = true;
};

std::string bound(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

void requestFamilies(std::string& out, const std::map<std::string, RouteSeries>& routes)
{
    family(out, "portico_requests_total", "counter",
           "Requests answered on the public listeners, by route, method and status.");
    for (const auto& [name, series] : routes)
        for (const auto& [key, count] : series.requests)
            Sample(out, "portico_requests_total")
                .label("route", name)
                .label("method", countedMethods[key >> 16])
                .label("status", std::to_string(key & 0xFFFF))
                .value(count);

    family(out, "portico_request_duration_seconds", "histogram",
           "Time from a request's arrival to the end of its answer, by route.");
    for (const auto& [name, series] : routes)
    {
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < series.latency.size(); ++i)
        {
            cumulative += series.latency[i];
            Sample(out, "portico_request_duration_seconds_bucket")
                .label("route", name)
                .label("le", i < latencyBuckets.size() ? bound(latencyBuckets[i]) : "+Inf")
                .value(cumulative);
        }
        Sample(out, "portico_request_duration_seconds_sum").label("route", name).value(series.latencySum);
        Sample(out, "portico_request_duration_seconds_count").label("route", name).value(series.latencyCount);
    }

    family(out, "portico_upstream_errors_total", "counter",
           "Answers of 502 or 504: an upstream or legacy peer that failed, answered badly or too late.");
    for (const auto& [name, series] : routes)
        for (const auto& [upstream, count] : series.upstreamErrors)
            Sample(out, "portico_upstream_errors_total")
                .label("route", name)
                .label("upstream", upstream)
                .label("adapter", series.adapter)
                .value(count);

    family(out, "portico_ratelimited_total", "counter",
           "Requests refused with 429 by a rate limit or quota.");
    for (const auto& [name, series] : routes)
        if (series.rateLimited > 0)
            Sample(out, "portico_ratelimited_total").label("route", name).value(series.rateLimited);

    family(out, "portico_cache_total", "counter", "Answers of cached routes, by X-Cache result.");
    for (const auto& [name, series] : routes)
        for (std::size_t i = 0; i < cacheResults.size(); ++i)
            if (series.cache[i] > 0)
                Sample(out, "portico_cache_total")
                    .label("route", name)
                    .label("result", cacheResults[i])
                    .value(series.cache[i]);
}

void auditFamilies(std::string& out)
{
    const audit::AuditWriter* writer = audit::AuditWriter::live();
    family(out, "portico_audit_queue_depth", "gauge", "Audit rows waiting for the writer.");
    Sample(out, "portico_audit_queue_depth")
        .value(static_cast<std::uint64_t>(writer ? writer->queueDepth() : 0));
    family(out, "portico_audit_rows_written_total", "counter", "Audit rows committed.");
    Sample(out, "portico_audit_rows_written_total").value(writer ? writer->written() : 0);
    family(out, "portico_audit_rows_lost_total", "counter",
           "Audit rows that could not be queued or committed (each also reported on standard error).");
    Sample(out, "portico_audit_rows_lost_total").value(writer ? writer->lost() : 0);
    family(out, "portico_audit_commit_rows", "histogram",
           "Rows per audit commit (group commit batch sizes).");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < audit::AuditWriter::batchBounds.size(); ++i)
    {
        cumulative += writer ? writer->commitsUpTo(i) : 0;
        Sample(out, "portico_audit_commit_rows_bucket")
            .label("le", std::to_string(audit::AuditWriter::batchBounds[i]))
            .value(cumulative);
    }
    Sample(out, "portico_audit_commit_rows_bucket").label("le", "+Inf").value(cumulative);
    Sample(out, "portico_audit_commit_rows_sum").value(writer ? writer->rowsInCommits() : 0);
    Sample(out, "portico_audit_commit_rows_count").value(writer ? writer->commits() : 0);
}

} // namespace

std::string exposition()
{
    std::string out;
    out.reserve(16 * 1024);
    requestFamilies(out, RequestMetrics::shared().snapshot());
    auditFamilies(out);
    return out;
}

} // namespace portico::metrics
