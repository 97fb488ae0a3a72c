#pragma once

// What an event loop waits on: readiness of its sockets, and its wake-up from other threads. One
// implementation per system, chosen by create(): epoll on Linux (net/linux/EpollPoller). A Windows
// one (WSAPoll, or IOCP with the readiness emulated) goes in net/windows/WindowsPoller.cpp, behind
// the same calls; the loop and the connections only see keys and io:: bits.

#include <cstdint>
#include <memory>

namespace portico::net
{

class Poller
{
public:
    struct Ready
    {
        void* key;            // what was given to watch(); nullptr for a wake-up
        std::uint32_t events; // io:: bits
    };

    // Throws std::runtime_error when the system refuses one.
    static std::unique_ptr<Poller> create();
    virtual ~Poller() = default;

    // A connected socket, edge-triggered: readable, writable, the peer's close, errors.
    virtual bool watch(int fd, void* key) = 0;
    // A listening socket shared by several loops: level-triggered, one waiting loop woken per
    // new connection.
    virtual bool watchListener(int fd, void* key) = 0;
    virtual void unwatch(int fd) = 0;
    // Waits at most timeoutMs (0: only looks) and fills ready; the count, 0 when nothing came,
    // -1 on a failure other than an interrupted wait.
    virtual int wait(Ready* ready, int capacity, int timeoutMs) = 0;
    // Any thread: makes the loop's wait() return with a wake-up entry.
    virtual void wake() = 0;
    // On the loop, after a wake-up entry: the wake-ups so far are seen.
    virtual void clearWake() = 0;
};

} // namespace portico::net
