#pragma once

// Debian's sqlite3 command-line tool run on a test's audit file (folder/audit.db), as an operator
// reading the trail, or someone tampering with it, would: what it printed, the test failing when
// the tool did.

#include "support/TestProcess.h"

#include <string>

namespace portico::test
{

std::string sqliteTool(const TempDirectory& folder, const std::string& sql);

} // namespace portico::test
