#include "net/EventLoop.h"

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace portico::net
{

namespace
{

thread_local unsigned currentLoop = 0;
thread_local EventLoop* currentLoopObject = nullptr;

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

EventLoop::EventLoop(unsigned index) : _index(index), _poller(Poller::create()), _handle(new LoopHandle(this))
{
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
}

bool EventLoop::add(int fd, IoHandler* handler)
{
    return _poller->watch(fd, handler);
}

bool EventLoop::addListener(int fd, IoHandler* handler)
{
    return _poller->watchListener(fd, handler);
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
    _poller->unwatch(fd);
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

std::unique_ptr<LoopMember> EventLoop::release(LoopMember* member)
{
    auto found = _members.find(member);
    if (found == _members.end())
    {
        return nullptr;
    }
    std::unique_ptr<LoopMember> owned = std::move(found->second);
    _members.erase(found);
    return owned;
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
    // One wake-up per batch: tasks posted before the loop takes the list ride on the first one's.
    // A loop that takes the list between two posts is woken again: a thread with many tasks for
    // a loop posts them as one (ResumeToken::fireAll).
    if (!wasEmpty) return;
    _poller->wake();
}

void EventLoop::runPostedTasks()
{
    _poller->clearWake();
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
    Poller::Ready events[maxEvents];
    _nextTick = util::monotonicMillis() + tickIntervalMs;
    while (_running.load(std::memory_order_relaxed))
    {
        const int count = _poller->wait(events, maxEvents, waitTimeoutMs());
        _now = util::monotonicMillis();
        if (count < 0)
        {
            break;
        }
        if (count < maxEvents)
        {
            ++_completeWaits;
        }
        for (int i = 0; i < count; ++i)
        {
            IoHandler* handler = static_cast<IoHandler*>(events[i].key);
            if (handler == nullptr)
            {
                runPostedTasks();
            }
            else
            {
                handler->onIo(events[i].events);
            }
        }
        runDeferred();
        if (!_alarms.empty())
        {
            runDueAlarms();
            runDeferred();
        }
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

int EventLoop::waitTimeoutMs() const
{
    if (!_deferred.empty() || !_localTasks.empty()) return 0;
    util::MonoMillis timeout = std::max<util::MonoMillis>(0, _nextTick - _now);
    if (!_alarms.empty())
    {
        std::int64_t earliest = _alarms.front().atMicros;
        for (const ArmedAlarm& armed : _alarms)
            earliest = std::min(earliest, armed.atMicros);
        // Rounded up: the wait counts whole milliseconds and an alarm never fires early.
        const std::int64_t untilMicros = earliest - util::monotonicMicros();
        timeout = std::min<util::MonoMillis>(timeout, std::max<std::int64_t>(0, (untilMicros + 999) / 1000));
    }
    return static_cast<int>(timeout);
}

void EventLoop::setAlarm(LoopAlarm* alarm, std::int64_t atMicros)
{
    for (ArmedAlarm& armed : _alarms)
    {
        if (armed.alarm == alarm)
        {
            armed.atMicros = atMicros;
            return;
        }
    }
    _alarms.push_back(ArmedAlarm{alarm, atMicros});
}

void EventLoop::cancelAlarm(LoopAlarm* alarm)
{
    _alarms.erase(std::remove_if(_alarms.begin(), _alarms.end(),
                                 [alarm](const ArmedAlarm& armed) { return armed.alarm == alarm; }),
                  _alarms.end());
    // One that is due in this round and not yet run must not run after it was cancelled (its owner
    // may be gone).
    std::replace(_dueAlarms.begin(), _dueAlarms.end(), alarm, static_cast<LoopAlarm*>(nullptr));
}

void EventLoop::runDueAlarms()
{
    const std::int64_t now = util::monotonicMicros();
    // Taken out first: an alarm may set itself again, or cancel another, while it runs.
    _dueAlarms.clear();
    for (std::size_t i = 0; i < _alarms.size();)
    {
        if (_alarms[i].atMicros <= now)
        {
            _dueAlarms.push_back(_alarms[i].alarm);
            _alarms[i] = _alarms.back();
            _alarms.pop_back();
        }
        else
        {
            ++i;
        }
    }
    for (std::size_t i = 0; i < _dueAlarms.size(); ++i)
    {
        LoopAlarm* alarm = _dueAlarms[i];
        _dueAlarms[i] = nullptr;
        if (alarm != nullptr) alarm->onAlarm();
    }
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
