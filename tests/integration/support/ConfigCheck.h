#pragma once

// porticod --check-config on a configuration written for the test, and the LINE:COL of a piece
// of that text: for tests that configuration errors name the place the user wrote.

#include "support/TestProcess.h"

#include <string>
#include <utility>
#include <vector>

namespace portico::test
{

struct ConfigCheckResult
{
    int exitCode = 0;
    std::string path;   // the file written
    std::string text;   // what was written, placeholders replaced
    std::string output; // stdout and stderr
};

// Writes configXml to folder/portico.xml after replacing "@PORT@" and "@ADMIN_PORT@" with free
// ports, and runs porticod --config=… --check-config on it.
ConfigCheckResult checkConfig(const TempDirectory& folder, const std::string& configXml);

// Asserts that the check failed (exit code 1) and printed each of the lines, each given as the
// text a line starts with after "FILE:" and the position of its marker: {marker, "rest"} must
// appear as "PATH:LINE:COL: rest" where LINE:COL is where marker stands in the text.
void assertRefusedAt(const ConfigCheckResult& result,
                     const std::vector<std::pair<std::string, std::string>>& markedMessages);

// "LINE:COL" of the first occurrence of marker in text (both 1-based, as porticod reports them).
std::string positionOf(const std::string& text, const std::string& marker);

} // namespace portico::test
