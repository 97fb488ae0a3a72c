#pragma once

// The event loops that work from other threads is handed to, in turn. Set when the gateway starts
// and cleared when it stops; until then, and after, there is no loop to hand work to. Thread-safe.

#include <atomic>
#include <mutex>
#include <vector>

namespace portico::net
{

class EventLoop;

class LoopSet
{
public:
    void attach(std::vector<EventLoop*> loops);
    void detach();

    // The next loop in turn, or nullptr when none is attached.
    EventLoop* next();

private:
    std::mutex _mutex;
    std::vector<EventLoop*> _loops;
    std::atomic<unsigned> _turn{0};
};

} // namespace portico::net
