#pragma once

// Runs attempt from several threads at once and counts how often it said yes: for tests that a
// limit shared by the event loops admits exactly, however the threads interleave.

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace portico::test
{

inline int countAcrossThreads(int threads, int attemptsEach, const std::function<bool()>& attempt)
{
    std::atomic<int> yes{0};
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t)
        running.emplace_back(
            [&]
            {
                for (int i = 0; i < attemptsEach; ++i)
                    if (attempt()) ++yes;
            });
    for (std::thread& thread : running)
        thread.join();
    return yes.load();
}

} // namespace portico::test
