#pragma once

// One event loop's connection to Redis: non-blocking, pipelined (commands go out as they come and
// replies come back in order), owned by the loop and used only on its thread, so a call takes no
// lock and never blocks the loop. Each call has a deadline (a timerfd wakes the loop for it): a
// reply later than that is a failure for its caller, and a server that answers nothing for a
// second is dropped. A lost connection fails what was waiting and is made again on the next call,
// with a growing pause between attempts (100 ms up to 2 s) while Redis stays unreachable, so a
// dead Redis costs a request a failed call, not a wait. One connection per loop and Redis server,
// shared by every route: the loops together are the pool.

#include "net/EventLoop.h"
#include "net/SocketOps.h"
#include "redis/RespParser.h"
#include "util/Buffer.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace portico::redis
{

struct RedisSettings
{
    net::Endpoint endpoint; // resolved when the configuration loaded
    std::string address;    // "host:port", for messages and to tell servers apart
    std::string password;
    std::int64_t timeoutMicros = 100'000;
};

// Counters of one process's Redis calls, for the admin API (relaxed atomics: they are statistics).
struct RedisCounters
{
    std::atomic<std::uint64_t> calls{0};
    std::atomic<std::uint64_t> failures{0}; // unreachable, timed out, closed, or an invalid reply
    std::atomic<std::uint64_t> connects{0};
    static RedisCounters& shared();
};

class RedisConnection final : public net::LoopMember, public net::IoHandler
{
public:
    // reply is null when the call failed; failure then says why.
    using Callback = std::function<void(const RespReply* reply, std::string_view failure)>;

    // This loop's connection to that server, made on first use. Loop thread only.
    static RedisConnection& forCurrentLoop(const std::shared_ptr<const RedisSettings>& settings);

    RedisConnection(net::EventLoop& loop, std::shared_ptr<const RedisSettings> settings);
    ~RedisConnection() override;

    // An empty buffer to write one command into (with RespCommand), then send() it with its
    // callback. The callback may run before send() returns (Redis known to be unreachable).
    util::Buffer& command()
    {
        _command.clear();
        return _command;
    }
    void send(Callback done);

    bool connected() const { return _state == State::Ready; }

    void onIo(std::uint32_t events) override;
    void onTick(util::MonoMillis) override {}
    void onDrain() override {}
    void onDeferred() override;
    void onLoopEnd() override;

private:
    enum class State
    {
        Closed,
        Connecting,
        Ready,
    };
    struct Pending
    {
        Callback done; // empty once its caller was told (a timeout): the reply is read and dropped
        std::int64_t deadline = 0;
        std::int64_t sentAt = 0;
    };
    class Timer final : public net::LoopAlarm
    {
    public:
        explicit Timer(RedisConnection& owner) : _owner(owner) {}
        void onAlarm() override { _owner.onTimer(); }

    private:
        RedisConnection& _owner;
    };

    bool connect(std::string& error);
    void flush();
    void readReplies();
    void onTimer();
    void armTimer();
    // Closes the socket, fails every waiting call with reason, and waits before the next attempt.
    void fail(const std::string& reason);

    net::EventLoop& _loop;
    std::shared_ptr<const RedisSettings> _settings;
    State _state = State::Closed;
    int _fd = -1;
    Timer _timer{*this};
    util::Buffer _command; // the command being written
    util::Buffer _out;     // commands not yet written to the socket
    util::Buffer _in;
    RespReply _reply;
    bool _flushDeferred = false;
    std::deque<Pending> _pending;
    std::int64_t _retryAt = 0;
    std::int64_t _backoff = 0;
};

} // namespace portico::redis
