#include "audit/AuditStage.h"

#include "pipeline/Exchange.h"
#include "util/WallClock.h"

#include <cmath>

namespace portico::audit
{

namespace
{

// The text, keeping the column string's buffer when it has one.
void assignText(std::optional<std::string>& column, std::string_view text)
{
    if (column)
        column->assign(text);
    else
        column.emplace(text);
}

// The text, or NULL when empty.
void assignUnlessEmpty(std::optional<std::string>& column, std::string_view text)
{
    if (text.empty())
        column.reset();
    else
        assignText(column, text);
}

} // namespace

AuditRecord AuditStage::recordOf(const pipeline::Exchange& exchange, util::MonoMillis now)
{
    AuditRecord row;
    fill(row, exchange, now);
    return row;
}

AuditRecord& AuditStage::loopRecord()
{
    thread_local AuditRecord record;
    return record;
}

void AuditStage::fill(AuditRecord& row, const pipeline::Exchange& exchange, util::MonoMillis now)
{
    row.ts.clear();
    util::appendIsoTimestamp(exchange.startedAtWallMicros, row.ts);
    row.requestId.assign(exchange.requestId);
    if (exchange.clientIp != nullptr)
        row.clientIp.assign(*exchange.clientIp);
    else
        row.clientIp.clear();
    assignUnlessEmpty(row.consumer, exchange.consumer);
    row.method.assign(exchange.request.method);
    if (!exchange.normalizedPath.empty())
        row.path.assign(exchange.normalizedPath);
    else
        row.path.assign(exchange.request.target);
    if (exchange.route != nullptr)
        assignText(row.route, exchange.route->config().name);
    else
        row.route.reset();
    row.status = exchange.status;
    row.durationMs = static_cast<double>(now >= exchange.startedAt ? now - exchange.startedAt : 0);
    row.bytesIn = static_cast<std::int64_t>(exchange.bytesIn);
    row.bytesOut = static_cast<std::int64_t>(exchange.bytesOut);
    assignUnlessEmpty(row.upstream, exchange.upstream);
    if (exchange.cacheOutcome != nullptr)
        assignText(row.cache, exchange.cacheOutcome);
    else
        row.cache.reset();
    assignUnlessEmpty(row.error, exchange.error);
    assignUnlessEmpty(row.requestBody, exchange.auditRequestBody);
    assignUnlessEmpty(row.responseBody, exchange.auditResponseBody);
    if (exchange.trace.valid)
        assignText(row.traceId, exchange.trace.traceIdView());
    else
        row.traceId.reset();
}

void AuditStage::onComplete(const pipeline::Exchange& exchange, util::MonoMillis now)
{
    if (_behindGate && exchange.passedReleaseGate) return;
    AuditRecord& row = loopRecord();
    fill(row, exchange, now);
    _writer.submitRecycling(row);
}

} // namespace portico::audit
