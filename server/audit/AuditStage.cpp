#include "audit/AuditStage.h"

#include "pipeline/Exchange.h"
#include "util/WallClock.h"

#include <cmath>

namespace portico::audit
{

namespace
{

std::optional<std::string> unlessEmpty(std::string_view text)
{
    if (text.empty()) return std::nullopt;
    return std::string(text);
}

} // namespace

AuditRecord AuditStage::recordOf(const pipeline::Exchange& exchange, util::MonoMillis now)
{
    AuditRecord row;
    util::appendIsoTimestamp(exchange.startedAtWallMicros, row.ts);
    row.requestId = exchange.requestId;
    row.clientIp = exchange.clientIp != nullptr ? *exchange.clientIp : std::string();
    row.consumer = unlessEmpty(exchange.consumer);
    row.method = std::string(exchange.request.method);
    row.path =
        !exchange.normalizedPath.empty() ? exchange.normalizedPath : std::string(exchange.request.target);
    if (exchange.route != nullptr) row.route = exchange.route->config().name;
    row.status = exchange.status;
    row.durationMs = static_cast<double>(now >= exchange.startedAt ? now - exchange.startedAt : 0);
    row.bytesIn = static_cast<std::int64_t>(exchange.bytesIn);
    row.bytesOut = static_cast<std::int64_t>(exchange.bytesOut);
    row.upstream = unlessEmpty(exchange.upstream);
    if (exchange.cacheOutcome != nullptr) row.cache = std::string(exchange.cacheOutcome);
    row.error = unlessEmpty(exchange.error);
    row.requestBody = unlessEmpty(exchange.auditRequestBody);
    row.responseBody = unlessEmpty(exchange.auditResponseBody);
    if (exchange.trace.valid) row.traceId = std::string(exchange.trace.traceIdView());
    return row;
}

void AuditStage::onComplete(const pipeline::Exchange& exchange, util::MonoMillis now)
{
    if (_behindGate && exchange.passedReleaseGate) return;
    _writer.submit(recordOf(exchange, now));
}

} // namespace portico::audit
