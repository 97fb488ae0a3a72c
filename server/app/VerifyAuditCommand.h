#pragma once

// porticod --verify-audit=LOCATION: recomputes the audit trail's hash chain offline. LOCATION is a
// SQLite file, or a postgresql:// URL, where every node's chain is checked (one line each).
// Exit status: 0 every chain holds, 1 one is broken (the first bad row is named), 2 the store
// cannot be read.

#include <iosfwd>
#include <string>

namespace portico::app
{

int verifyAuditCommand(const std::string& location, std::ostream& out, std::ostream& err);

} // namespace portico::app
