#include "net/linux/EpollPoller.h"

#include <cerrno>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace portico::net
{

std::unique_ptr<Poller> Poller::create()
{
    return std::make_unique<EpollPoller>();
}

EpollPoller::EpollPoller()
{
    _epoll = ::epoll_create1(EPOLL_CLOEXEC);
    _wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (_epoll < 0 || _wakeFd < 0)
    {
        if (_epoll >= 0) ::close(_epoll);
        if (_wakeFd >= 0) ::close(_wakeFd);
        throw std::runtime_error("cannot create event loop");
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = nullptr; // the wake-up's key
    ::epoll_ctl(_epoll, EPOLL_CTL_ADD, _wakeFd, &event);
}

EpollPoller::~EpollPoller()
{
    ::close(_wakeFd);
    ::close(_epoll);
}

bool EpollPoller::watch(int fd, void* key)
{
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.ptr = key;
    return ::epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

bool EpollPoller::watchListener(int fd, void* key)
{
    epoll_event event{};
    event.events = EPOLLIN | EPOLLEXCLUSIVE;
    event.data.ptr = key;
    return ::epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

void EpollPoller::unwatch(int fd)
{
    ::epoll_ctl(_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

int EpollPoller::wait(Ready* ready, int capacity, int timeoutMs)
{
    // epoll_event is packed on x86-64 and cannot be filled in place of Ready: a stack batch of the
    // same size, copied out (a few words per event).
    constexpr int batch = 256;
    epoll_event events[batch];
    const int count = ::epoll_wait(_epoll, events, capacity < batch ? capacity : batch, timeoutMs);
    if (count < 0) return errno == EINTR ? 0 : -1;
    for (int i = 0; i < count; ++i)
        ready[i] = Ready{events[i].data.ptr, events[i].events};
    return count;
}

void EpollPoller::wake()
{
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t written = ::write(_wakeFd, &one, sizeof one);
}

void EpollPoller::clearWake()
{
    std::uint64_t count;
    while (::read(_wakeFd, &count, sizeof count) > 0)
    {
    }
}

} // namespace portico::net
