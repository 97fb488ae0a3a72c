#include "net/EventLoop.h"

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace portico::net
{

namespace
{

thread_local unsigned currentLoop = 0;
thread_local EventLoop* currentLoopObject = nullptr;

// The wake-up eventfd is registered with a handler pointer of this sentinel value.
IoHandler* const wakeMarker = nullptr;

} // namespace

bool LoopHandle::post(std::function<void()> task)
{
    std::lock_guard<std::mutex> lock(_mutex);
    EventLoop* loop = _loop.load(std::memory_order_acquire);
    if (loop == nullptr) return false;
    loop->post(std::move(task));
    return true;
}

bool LoopHandle::isCurrent() const
{
    EventLoop* loop = _loop.load(std::memory_order_acquire);
    return loop != nullptr && EventLoop::current() == loop;
}

EventLoop::EventLoop(unsigned index) : _index(index), _handle(new LoopHandle(this))
{
    _epoll = ::epoll_create1(EPOLL_CLOEXEC);
    _wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (_epoll < 0 || _wakeFd < 0)
    {
        throw std::runtime_error("cannot create event loop");
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = wakeMarker;
    ::epoll_ctl(_epoll, EPOLL_CTL_ADD, _wakeFd, &event);
    _now = util::monotonicMillis();
}

EventLoop::~EventLoop()
{
    {
        std::lock_guard<std::mutex> lock(_handle->_mutex);
        _handle->_loop.store(nullptr, std::memory_order_release);
    }
    letGoOfMembers();
    destroyMembers();
    ::close(_wakeFd);
    ::close(_epoll);
}

bool EventLoop::add(int fd, IoHandler* handler)
{
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.ptr = handler;
    return ::epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

bool EventLoop::addListener(int fd, IoHandler* handler)
{
    epoll_event event{};
    event.events = EPOLLIN | EPOLLEXCLUSIVE;
    event.data.ptr = handler;
    return ::epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

void EventLoop::runDeferred()
{
    // Deferred work may defer more (a finished request starts the next one); bounded rounds
    // keep one busy connection from starving the others.
    for (int round = 0; round < 8 && (!_deferred.empty() || !_localTasks.empty()); ++round)
    {
        _localRunning.swap(_localTasks);
        for (auto& task : _localRunning)
        {
            task();
        }
        _localRunning.clear();
        _deferredRunning.swap(_deferred);
        for (LoopMember* member : _deferredRunning)
        {
            if (_members.count(member) != 0)
            {
                member->onDeferred();
            }
        }
        _deferredRunning.clear();
    }
}

void EventLoop::remove(int fd)
{
    ::epoll_ctl(_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void EventLoop::adopt(std::unique_ptr<LoopMember> member)
{
    LoopMember* key = member.get();
    _members.emplace(key, std::move(member));
}

void EventLoop::letGoOfMembers()
{
    join();
    // Two phases: every member first lets go of the others (retire() finds nothing in the
    // swapped-out map and does nothing), then all are deleted.
    if (_members.empty())
    {
        return;
    }
    _ending.swap(_members);
    for (auto& entry : _ending)
    {
        entry.first->onLoopEnd();
    }
}

void EventLoop::destroyMembers()
{
    _ending.clear();
    _members.clear(); // members adopted after letGoOfMembers(), by another loop's teardown
    _retired.clear();
}

void EventLoop::retire(LoopMember* member)
{
    auto found = _members.find(member);
    if (found != _members.end())
    {
        _retired.push_back(std::move(found->second));
        _members.erase(found);
    }
}

void EventLoop::post(std::function<void()> task)
{
    if (currentLoopObject == this)
    {
        _localTasks.push_back(std::move(task));
        return;
    }
    bool wasEmpty = false;
    {
        std::lock_guard<std::mutex> lock(_tasksMutex);
        wasEmpty = _tasks.empty();
        _tasks.push_back(std::move(task));
    }
    // One wake-up per batch: tasks posted before the loop takes the list ride on the first one's
    // (a writer thread releasing a group commit posts dozens at once).
    if (!wasEmpty) return;
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t written = ::write(_wakeFd, &one, sizeof one);
}

void EventLoop::runPostedTasks()
{
    std::uint64_t count;
    while (::read(_wakeFd, &count, sizeof count) > 0)
    {
    }
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard<std::mutex> lock(_tasksMutex);
        tasks.swap(_tasks);
    }
    for (auto& task : tasks)
    {
        task();
    }
}

void EventLoop::tick()
{
    // Copy: a member may retire itself (or another) while being ticked.
    std::vector<LoopMember*> members;
    members.reserve(_members.size());
    for (const auto& entry : _members)
    {
        members.push_back(entry.first);
    }
    for (LoopMember* member : members)
    {
        if (_members.count(member) != 0)
        {
            member->onTick(_now);
        }
    }
}

unsigned EventLoop::currentIndex()
{
    return currentLoop;
}

EventLoop* EventLoop::current()
{
    return currentLoopObject;
}

void EventLoop::run()
{
    currentLoop = _index;
    currentLoopObject = this;
    _running = true;
    constexpr int maxEvents = 256;
    epoll_event events[maxEvents];
    _nextTick = util::monotonicMillis() + tickIntervalMs;
    while (_running.load(std::memory_order_relaxed))
    {
        int timeout = _deferred.empty() && _localTasks.empty()
                          ? static_cast<int>(std::max<util::MonoMillis>(0, _nextTick - _now))
                          : 0;
        int count = ::epoll_wait(_epoll, events, maxEvents, timeout);
        _now = util::monotonicMillis();
        if (count < 0 && errno != EINTR)
        {
            break;
        }
        for (int i = 0; i < count; ++i)
        {
            IoHandler* handler = static_cast<IoHandler*>(events[i].data.ptr);
            if (handler == wakeMarker)
            {
                runPostedTasks();
            }
            else
            {
                handler->onIo(events[i].events);
            }
        }
        runDeferred();
        if (_now >= _nextTick)
        {
            tick();
            runDeferred();
            _nextTick = _now + tickIntervalMs;
        }
        _retired.clear();
    }
    currentLoopObject = nullptr;
}

void EventLoop::stop()
{
    post([this] { _running = false; });
}

void EventLoop::startThread()
{
    _thread = std::thread([this] { run(); });
}

void EventLoop::join()
{
    if (_thread.joinable())
    {
        _thread.join();
    }
}

void EventLoop::drain()
{
    post(
        [this]
        {
            std::vector<LoopMember*> members;
            for (const auto& entry : _members)
            {
                members.push_back(entry.first);
            }
            for (LoopMember* member : members)
            {
                if (_members.count(member) != 0)
                {
                    member->onDrain();
                }
            }
        });
}

} // namespace portico::net
