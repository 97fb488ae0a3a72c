#pragma once

// Poller on Linux: one epoll instance per loop, and an eventfd registered in it for wake-ups.

#include "net/Poller.h"

namespace portico::net
{

class EpollPoller final : public Poller
{
public:
    EpollPoller(); // throws std::runtime_error
    ~EpollPoller() override;
    EpollPoller(const EpollPoller&) = delete;
    EpollPoller& operator=(const EpollPoller&) = delete;

    bool watch(int fd, void* key) override;
    bool watchListener(int fd, void* key) override;
    void unwatch(int fd) override;
    int wait(Ready* ready, int capacity, int timeoutMs) override;
    void wake() override;
    void clearWake() override;

private:
    int _epoll = -1;
    int _wakeFd = -1;
};

} // namespace portico::net
