#pragma once

// One event loop per I/O thread: edge-triggered readiness of non-blocking sockets, from the
// system's Poller (epoll on Linux). Every connection belongs to exactly one loop at a time (an idle
// pooled one may be handed to another loop, never while in use), so the data path takes no locks;
// the only shared state is a small task queue that other threads use to post work (shutdown,
// configuration swap) and wake the loop through the poller.

#include "net/IoEvents.h"
#include "net/Poller.h"
#include "util/Clock.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace portico::net
{

class IoHandler
{
public:
    // events: io:: bits (net/IoEvents.h).
    virtual void onIo(std::uint32_t events) = 0;

protected:
    ~IoHandler() = default;
};

// Something the loop owns and checks for deadlines every tick (connections).
class LoopMember
{
public:
    virtual ~LoopMember() = default;
    // Called about every tickInterval with the loop's current time.
    virtual void onTick(util::MonoMillis now) = 0;
    // Asked to finish up because the gateway is shutting down (idle ones close at once).
    virtual void onDrain() = 0;
    // Runs after the current batch of events when the member asked for it with defer(): work
    // that must not run inside another object's callback (closing, starting the next request).
    virtual void onDeferred() {}
    // The loop is being destroyed: let go of other members (close, abort) before any of them
    // is deleted, so no destructor reaches a member that is already gone.
    virtual void onLoopEnd() {}
};

// Something that must run at a given time, sooner than the next tick (a deadline of a few
// milliseconds). The loop shortens its wait for the earliest one: no timer descriptor per alarm.
class LoopAlarm
{
public:
    virtual void onAlarm() = 0;

protected:
    ~LoopAlarm() = default;
};

class EventLoop;

// Posts to one loop from anywhere, and stays safe to use after that loop is gone: work that
// finishes late on another thread (a password check, a remote reply) at shutdown then posts
// nothing instead of reaching a destroyed loop.
class LoopHandle
{
public:
    // False, and the task dropped, once the loop has ended.
    bool post(std::function<void()> task);
    // True on the loop's own thread.
    bool isCurrent() const;

private:
    friend class EventLoop;
    explicit LoopHandle(EventLoop* loop) : _loop(loop) {}

    std::mutex _mutex;
    std::atomic<EventLoop*> _loop;
};

class EventLoop
{
public:
    static constexpr int tickIntervalMs = 100;

    explicit EventLoop(unsigned index);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    unsigned index() const { return _index; }
    // The index of the loop running on the calling thread (0 on other threads).
    static unsigned currentIndex();
    // The loop running on the calling thread, or nullptr on other threads.
    static EventLoop* current();
    util::MonoMillis now() const { return _now; }
    // How many waits have returned every ready event (fewer than the batch's size). A socket that
    // went quiet before such a wait began has had all of its events up to then delivered: an idle
    // pooled connection with none reported needs no system call to know it is still idle.
    std::uint64_t completeWaits() const { return _completeWaits; }

    // Registers fd for edge-triggered read, write and hang-up events. The handler must stay
    // alive until remove() has been called and the current dispatch has finished.
    bool add(int fd, IoHandler* handler);
    void remove(int fd);

    // Ownership of members: adopt() takes one; retire() unlinks it and deletes it after the
    // current batch of events, so that a pointer still in that batch stays valid.
    void adopt(std::unique_ptr<LoopMember> member);
    void retire(LoopMember* member);
    // Unlinks a member and hands it to the caller, to be adopted by another loop (a pooled
    // connection moving to where it is needed); nullptr when it is not a member here.
    std::unique_ptr<LoopMember> release(LoopMember* member);
    std::size_t memberCount() const { return _members.size(); }
    void defer(LoopMember* member) { _deferred.push_back(member); }

    // Runs alarm->onAlarm() on this loop once util::monotonicMicros() reaches atMicros (to the
    // millisecond, never early). One time per alarm: setting it again moves it. Loop thread only.
    void setAlarm(LoopAlarm* alarm, std::int64_t atMicros);
    void cancelAlarm(LoopAlarm* alarm);

    // A listening socket shared by several loops: level-triggered, one waiting loop woken per
    // new connection (EPOLLEXCLUSIVE on Linux).
    bool addListener(int fd, IoHandler* handler);

    // Thread-safe: runs task on the loop thread soon. From the loop's own thread the task is
    // queued locally (no lock, no wake-up write) and runs after the current batch of events.
    void post(std::function<void()> task);
    // A handle that outlives the loop safely (see LoopHandle).
    const std::shared_ptr<LoopHandle>& handle() const { return _handle; }

    // Runs on the calling thread until stop().
    void run();
    void stop(); // thread-safe
    void startThread();
    void join();

    // Ending a set of loops whose members reach each other (an exchange on one loop answering a
    // connection on another): first letGoOfMembers() on every loop (joins it, then onLoopEnd() on each
    // member), then destroyMembers() on every loop, then destroy the loops. The destructor does both
    // for a loop alone.
    void letGoOfMembers();
    void destroyMembers();

    // Thread-safe: asks every member to drain.
    void drain();

private:
    void runPostedTasks();
    void runDeferred();
    void tick();
    int waitTimeoutMs() const;
    void runDueAlarms();

    unsigned _index;
    std::unique_ptr<Poller> _poller;
    std::atomic<bool> _running{false};
    util::MonoMillis _now = 0;
    std::uint64_t _completeWaits = 0;
    util::MonoMillis _nextTick = 0;
    std::unordered_map<LoopMember*, std::unique_ptr<LoopMember>> _members;
    std::unordered_map<LoopMember*, std::unique_ptr<LoopMember>> _ending; // after letGoOfMembers()
    std::vector<std::unique_ptr<LoopMember>> _retired;
    std::vector<LoopMember*> _deferred;
    struct ArmedAlarm
    {
        LoopAlarm* alarm;
        std::int64_t atMicros;
    };
    std::vector<ArmedAlarm> _alarms; // few: one per Redis connection of this loop at most
    std::vector<LoopAlarm*> _dueAlarms;
    std::vector<std::function<void()>> _localTasks;
    std::vector<std::function<void()>> _localRunning;
    std::vector<LoopMember*> _deferredRunning;
    std::mutex _tasksMutex;
    std::vector<std::function<void()>> _tasks;
    std::shared_ptr<LoopHandle> _handle;
    std::thread _thread;
};

} // namespace portico::net
