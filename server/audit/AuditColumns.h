#pragma once

// The audit table's columns as every store selects them: id, the record's columns in table order
// (ts … response_body), prev_hash, hash, trace_id. One reader for every store (SQLite, PostgreSQL),
// so the order is written down once.

#include "audit/AuditRecord.h"

#include <cstddef>

namespace portico::audit
{

namespace column
{
inline constexpr int id = 0;
inline constexpr int prevHash = 17;
inline constexpr int hash = 18;
} // namespace column

// columns reads the current row by position: text(i), optional(i) (nullopt for NULL), integer(i)
// and real(i).
template <typename Columns> AuditRecord readAuditRecord(const Columns& columns)
{
    AuditRecord row;
    row.ts = columns.text(1);
    row.requestId = columns.text(2);
    row.clientIp = columns.text(3);
    row.consumer = columns.optional(4);
    row.method = columns.text(5);
    row.path = columns.text(6);
    row.route = columns.optional(7);
    row.status = columns.integer(8);
    row.durationMs = columns.real(9);
    row.bytesIn = columns.integer(10);
    row.bytesOut = columns.integer(11);
    row.upstream = columns.optional(12);
    row.cache = columns.optional(13);
    row.error = columns.optional(14);
    row.requestBody = columns.optional(15);
    row.responseBody = columns.optional(16);
    row.traceId = columns.optional(19);
    return row;
}

} // namespace portico::audit
