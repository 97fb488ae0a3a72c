#pragma once

// Rows for what is not a request on a public listener but belongs in the same chain (CONTRACT §4):
// admin changes (consumers, keys, passwords, cache purges) and the gateway's start and stop, as
// rows whose method is ADMIN and whose path says what happened. Written through the live writer;
// nothing when the audit log is off.

#include <string>

namespace portico::audit
{

// what: "POST /admin/consumers", "START porticod 0.1.0 config=/etc/portico.xml sha256=…".
void auditEvent(const std::string& what, int status, const std::string& clientIp);

} // namespace portico::audit
