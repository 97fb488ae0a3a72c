#include "support/SqliteTool.h"

#include <cppunit/TestAssert.h>

#include <chrono>

namespace portico::test
{

std::string sqliteTool(const TempDirectory& folder, const std::string& sql)
{
    TestProcess tool;
    tool.start("/usr/bin/sqlite3", {folder.file("audit.db"), sql}, folder.file("sqlite3"));
    const int exit = tool.waitForExit(std::chrono::seconds(10));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(tool.errorOutput(), 0, exit);
    return tool.output();
}

} // namespace portico::test
