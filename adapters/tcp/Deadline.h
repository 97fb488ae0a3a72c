#pragma once

// A point in monotonic time by which an exchange must be over.

#include <chrono>

namespace portico::tcp
{

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// Milliseconds left until deadline, rounded up, never negative: the timeout for one poll().
inline int millisecondsUntil(Deadline deadline)
{
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
    {
        return 0;
    }
    return left > 0x7FFFFFFF ? 0x7FFFFFFF : static_cast<int>(left);
}

} // namespace portico::tcp
