#pragma once

// The audit log's hash chain. Each row's hash is the lower-case hex SHA-256 of its prev_hash
// followed by its canonical form; the first row's prev_hash is 64 zeros, and every later row's is
// the hash of the row before it (in id order). So changing a row changes its hash, which no longer
// matches the next row's prev_hash; deleting or inserting a row breaks the link at that place.
//
// Canonical form: the columns ts, request_id, client_ip, consumer, method, path, route, status,
// duration_ms, bytes_in, bytes_out, upstream, cache, error, request_body, response_body, in that
// order, as one JSON array without whitespace: text columns as JSON strings (escaped as RFC 8259
// requires: '"', '\', and control characters as \uXXXX, nothing else), NULL as null, integers in
// decimal, duration_ms with exactly three decimals; then trace_id, only when it is not NULL. Example:
//   ["2026-12-05T12:00:00.123Z","4f…","127.0.0.1",null,"GET","/a","r",200,1.250,0,120,null,null,null,null,null]

#include "audit/AuditRecord.h"

#include <string>

namespace portico::audit
{

inline const std::string firstPrevHash(64, '0');

std::string canonicalForm(const AuditRecord& record);
std::string chainHash(const std::string& prevHash, const AuditRecord& record);
// The same hash into out (the writer's, reusing one buffer per row of a statement).
void chainHash(const std::string& prevHash, const AuditRecord& record, std::string& out);

} // namespace portico::audit
