#pragma once

// What a running process holds, read from /proc: its descriptors and threads. Tests that make a
// back end fail again and again compare them after the first round and after the last, so that
// whatever a fault leaves behind shows as growth.

#include <string>
#include <sys/types.h>

namespace portico::test
{

struct ProcessHoldings
{
    int descriptors = -1;
    int threads = -1;
};

ProcessHoldings holdingsOf(pid_t pid);

// Fails unless now holds exactly first's threads and at most descriptorSlack more descriptors
// (pooled connections come and go). when names the moment in the message.
void assertNothingLeftBehind(const ProcessHoldings& first, const ProcessHoldings& now, int descriptorSlack,
                             const std::string& when);

} // namespace portico::test
