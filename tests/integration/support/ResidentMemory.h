#pragma once

// What a process holds in memory, read from /proc: for the tests that bound it.

#include <sys/types.h>

namespace portico::test
{

// The resident size of process pid in KiB (VmRSS), or -1 when it cannot be read.
long residentKiB(pid_t pid);

} // namespace portico::test
