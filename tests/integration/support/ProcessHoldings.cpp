#include "support/ProcessHoldings.h"

#include <cppunit/extensions/HelperMacros.h>

#include <dirent.h>

namespace portico::test
{

namespace
{

// Entries of a /proc/PID/ folder (fd or task), or -1 when it cannot be read.
int entriesOf(const std::string& folder)
{
    DIR* directory = ::opendir(folder.c_str());
    if (directory == nullptr) return -1;
    int count = 0;
    while (const dirent* entry = ::readdir(directory))
    {
        if (entry->d_name[0] != '.') ++count;
    }
    ::closedir(directory);
    return count;
}

} // namespace

ProcessHoldings holdingsOf(pid_t pid)
{
    const std::string proc = "/proc/" + std::to_string(pid);
    return {entriesOf(proc + "/fd"), entriesOf(proc + "/task")};
}

void assertNothingLeftBehind(const ProcessHoldings& first, const ProcessHoldings& now, int descriptorSlack,
                             const std::string& when)
{
    CPPUNIT_ASSERT_MESSAGE("descriptors could not be counted", first.descriptors > 0 && now.descriptors > 0);
    CPPUNIT_ASSERT_MESSAGE("descriptors: " + std::to_string(first.descriptors) + " after the first, " +
                               std::to_string(now.descriptors) + " after " + when,
                           now.descriptors <= first.descriptors + descriptorSlack);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("threads after " + when, first.threads, now.threads);
}

} // namespace portico::test
