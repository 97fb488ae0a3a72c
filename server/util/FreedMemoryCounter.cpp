#include "util/ReturnFreeMemory.h"

namespace portico::util
{

namespace
{

constexpr std::size_t enoughFreed = 1024 * 1024;
constexpr std::int64_t minimumPauseMillis = 5000;

// Per loop thread: each loop decides for itself, without sharing a counter.
thread_local std::size_t freedSinceReturn = 0;
thread_local std::int64_t lastReturnMillis = 0;

} // namespace

void noteFreedMemory(std::size_t bytes, std::int64_t nowMillis)
{
    freedSinceReturn += bytes;
    if (freedSinceReturn == 0 || freedSinceReturn < enoughFreed ||
        nowMillis - lastReturnMillis < minimumPauseMillis)
        return;
    freedSinceReturn = 0;
    lastReturnMillis = nowMillis;
    returnFreeMemory();
}

} // namespace portico::util
