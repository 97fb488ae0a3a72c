#pragma once

// GET /admin/usage?consumer&route&from&to&granularity=hour|day|month: requests, errors, bytes in
// and out and latency p50/p99 per period, consumer and route, from the audit store's usage table.
// JSON by default; CSV (RFC 4180, one header line) when the caller accepts text/csv.

#include "store/ConsumerAdmin.h"

#include <string>

namespace portico::admin
{

inline constexpr const char* csvContentType = "text/csv; charset=utf-8";

// database: the audit store's file or PostgreSQL URL (then this node's traffic); query: the
// request's query string, without '?'. csv: the body is CSV instead of JSON.
store::AdminAnswer usageReport(const std::string& database, const std::string& node, const std::string& query,
                               bool csv);

// True when an Accept header value asks for text/csv.
bool acceptsCsv(const std::string& accept);

} // namespace portico::admin
