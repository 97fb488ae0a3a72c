#pragma once

// One row of the audit table (CONTRACT §4), as the request path hands it to the writer; id,
// prev_hash and hash are the writer's. Optional columns are NULL when unset.

#include <cstdint>
#include <optional>
#include <string>

namespace portico::audit
{

struct AuditRecord
{
    std::string ts; // ISO-8601 UTC with milliseconds: 2026-12-05T12:00:00.123Z
    std::string requestId;
    std::string clientIp;
    std::optional<std::string> consumer;
    std::string method;
    std::string path;
    std::optional<std::string> route;
    std::int64_t status = 0;
    double durationMs = 0;
    std::int64_t bytesIn = 0;
    std::int64_t bytesOut = 0;
    std::optional<std::string> upstream;
    std::optional<std::string> cache;
    std::optional<std::string> error;
    std::optional<std::string> requestBody;
    std::optional<std::string> responseBody;
    std::optional<std::string> traceId; // W3C trace id (32 hex digits); NULL on ADMIN rows
};

} // namespace portico::audit
