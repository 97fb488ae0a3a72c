#include "redis/RedisConnection.h"

#include "net/IoEvents.h"
#include "net/SocketCalls.h"

#include "redis/RespCommand.h"
#include "util/Clock.h"

#include <algorithm>
#include <vector>

namespace portico::redis
{

namespace
{

constexpr std::int64_t firstBackoff = 100'000; // µs before reconnecting after a failure
constexpr std::int64_t maxBackoff = 2'000'000;
constexpr std::int64_t minStuckAfter = 1'000'000; // no reply at all for this long: drop the connection

struct Registered
{
    std::string key;
    RedisConnection* connection;
};

// This loop thread's connections (one loop per thread), and the last one asked for. Holding the
// last settings keeps their address from being reused by other settings while it is compared.
thread_local std::vector<Registered> loopConnections;
thread_local std::shared_ptr<const RedisSettings> lastSettings;
thread_local RedisConnection* lastConnection = nullptr;

std::string keyOf(const RedisSettings& settings)
{
    return settings.address + '\0' + settings.password + '\0' + std::to_string(settings.timeoutMicros);
}

std::string millisText(std::int64_t micros)
{
    return std::to_string(micros / 1000) + " ms";
}

} // namespace

RedisCounters& RedisCounters::shared()
{
    static RedisCounters counters;
    return counters;
}

RedisConnection& RedisConnection::forCurrentLoop(const std::shared_ptr<const RedisSettings>& settings)
{
    // Most calls come with the settings of the call before: no key to build then.
    if (settings == lastSettings && lastConnection != nullptr) return *lastConnection;
    const std::string key = keyOf(*settings);
    for (const Registered& entry : loopConnections)
    {
        if (entry.key == key)
        {
            lastSettings = settings;
            lastConnection = entry.connection;
            return *entry.connection;
        }
    }
    net::EventLoop* loop = net::EventLoop::current();
    auto connection = std::make_unique<RedisConnection>(*loop, settings);
    RedisConnection& made = *connection;
    loopConnections.push_back(Registered{key, &made});
    lastSettings = settings;
    lastConnection = &made;
    loop->adopt(std::move(connection));
    return made;
}

RedisConnection::RedisConnection(net::EventLoop& loop, std::shared_ptr<const RedisSettings> settings)
    : _loop(loop), _settings(std::move(settings))
{
}

RedisConnection::~RedisConnection()
{
    onLoopEnd();
}

void RedisConnection::onLoopEnd()
{
    if (lastConnection == this)
    {
        lastConnection = nullptr;
        lastSettings.reset();
    }
    loopConnections.erase(std::remove_if(loopConnections.begin(), loopConnections.end(),
                                         [this](const Registered& entry)
                                         { return entry.connection == this; }),
                          loopConnections.end());
    if (_fd >= 0)
    {
        _loop.remove(_fd);
        net::closeSocket(_fd);
        _fd = -1;
    }
    _loop.cancelAlarm(&_timer);
    _pending.clear(); // the exchanges end with the loop
    _state = State::Closed;
}

bool RedisConnection::connect(std::string& error)
{
    _fd = net::connectNonBlocking(_settings->endpoint, error);
    if (_fd < 0) return false;
    net::setNoDelay(_fd);
    if (!_loop.add(_fd, this))
    {
        net::closeSocket(_fd);
        _fd = -1;
        error = "cannot watch the socket";
        return false;
    }
    _state = State::Connecting;
    RedisCounters::shared().connects.fetch_add(1, std::memory_order_relaxed);
    _in.clear();
    if (!_settings->password.empty())
    {
        // First on the connection, before anything queued while connecting.
        RespCommand(_out, 2).argument("AUTH").argument(_settings->password);
        const std::int64_t now = util::monotonicMicros();
        _pending.push_front(Pending{[this](const RespReply* reply, std::string_view)
                                    {
                                        if (reply != nullptr && reply->isError())
                                            fail("Redis refused the password: " + reply->text);
                                    },
                                    now + _settings->timeoutMicros, now});
    }
    return true;
}

void RedisConnection::send(Callback done)
{
    RedisCounters::shared().calls.fetch_add(1, std::memory_order_relaxed);
    const std::int64_t now = util::monotonicMicros();
    if (_state == State::Closed)
    {
        std::string error;
        if (now < _retryAt)
        {
            RedisCounters::shared().failures.fetch_add(1, std::memory_order_relaxed);
            done(nullptr, "Redis at " + _settings->address + " is unreachable (next attempt in " +
                              millisText(_retryAt - now) + ")");
            return;
        }
        if (!connect(error))
        {
            fail("cannot connect to Redis at " + _settings->address + ": " + error);
            RedisCounters::shared().failures.fetch_add(1, std::memory_order_relaxed);
            done(nullptr, "cannot connect to Redis at " + _settings->address + ": " + error);
            return;
        }
    }
    _out.append(_command.view());
    _command.clear();
    const bool wasIdle = _pending.empty();
    _pending.push_back(Pending{std::move(done), now + _settings->timeoutMicros, now});
    if (wasIdle) armTimer();
    // Written once the loop has handled its current batch of events: the commands of every
    // exchange that batch started leave in one write.
    if (_state == State::Ready && !_flushDeferred)
    {
        _flushDeferred = true;
        _loop.defer(this);
    }
}

void RedisConnection::onDeferred()
{
    _flushDeferred = false;
    if (_state == State::Ready) flush();
}

void RedisConnection::flush()
{
    while (!_out.empty())
    {
        std::size_t sent = 0;
        const net::IoResult result = net::sendSome(_fd, _out.data(), _out.size(), sent);
        if (result == net::IoResult::Done)
        {
            _out.consume(sent);
            continue;
        }
        if (result == net::IoResult::WouldBlock) return; // writable will say when
        fail("writing to Redis failed: " + net::socketErrorText(net::lastSocketError()));
        return;
    }
}

void RedisConnection::onIo(std::uint32_t events)
{
    if (_state == State::Connecting)
    {
        int error = 0;
        switch (net::connectProgress(_fd, events, error))
        {
        case net::ConnectProgress::Pending:
            return;
        case net::ConnectProgress::Failed:
            fail("cannot connect to Redis at " + _settings->address + ": " +
                 (error != 0 ? net::socketErrorText(error) : std::string("refused")));
            return;
        case net::ConnectProgress::Connected:
            _state = State::Ready;
            break;
        }
    }
    if (_state != State::Ready) return;
    if (events & net::io::writable) flush();
    if (_state == State::Ready && (events & (net::io::readable | net::io::hangUp | net::io::error)))
        readReplies();
}

void RedisConnection::readReplies()
{
    bool ended = false;
    for (;;)
    {
        char* space = _in.prepare(16 * 1024);
        std::size_t received = 0;
        const net::IoResult result = net::receiveSome(_fd, space, 16 * 1024, received);
        if (result == net::IoResult::Done)
        {
            _in.commit(received);
            continue;
        }
        if (result == net::IoResult::WouldBlock) break;
        ended = true; // closed, or an error: take what arrived first
        break;
    }
    while (!_in.empty())
    {
        std::size_t used = 0;
        const ParseResult result = RespParser::parse(_in.view(), _reply, used);
        if (result == ParseResult::NeedMore) break;
        if (result == ParseResult::Invalid || _pending.empty())
        {
            fail("Redis sent something that is not a reply to a command");
            return;
        }
        _in.consume(used);
        _backoff = 0; // a server that answers: the next failure starts the pauses again from the shortest
        Callback done = std::move(_pending.front().done);
        _pending.pop_front();
        if (done) done(&_reply, {});
        if (_state != State::Ready) return; // the callback's failure closed the connection
    }
    if (ended)
        fail("Redis closed the connection");
    else
        armTimer();
}

void RedisConnection::onTimer()
{
    const std::int64_t now = util::monotonicMicros();
    const std::int64_t stuckAfter = std::max(minStuckAfter, 10 * _settings->timeoutMicros);
    if (!_pending.empty() && _pending.front().sentAt + stuckAfter <= now)
    {
        fail("Redis at " + _settings->address + " answered nothing for " + millisText(stuckAfter));
        return;
    }
    // Callers whose deadline passed are told now; their replies will be read and dropped.
    for (std::size_t i = 0; i < _pending.size() && _pending[i].deadline <= now; ++i)
    {
        if (!_pending[i].done) continue;
        Callback done = std::move(_pending[i].done);
        _pending[i].done = nullptr;
        RedisCounters::shared().failures.fetch_add(1, std::memory_order_relaxed);
        done(nullptr, "Redis did not answer within " + millisText(_settings->timeoutMicros));
    }
    armTimer();
}

void RedisConnection::armTimer()
{
    std::int64_t wakeAt = 0;
    for (const Pending& pending : _pending)
    {
        if (pending.done)
        {
            wakeAt = pending.deadline;
            break;
        }
    }
    if (!_pending.empty())
    {
        const std::int64_t stuckAt =
            _pending.front().sentAt + std::max(minStuckAfter, 10 * _settings->timeoutMicros);
        wakeAt = wakeAt == 0 ? stuckAt : std::min(wakeAt, stuckAt);
    }
    if (wakeAt > 0)
        _loop.setAlarm(&_timer, wakeAt);
    else
        _loop.cancelAlarm(&_timer);
}

void RedisConnection::fail(const std::string& reason)
{
    if (_fd >= 0)
    {
        _loop.remove(_fd);
        net::closeSocket(_fd);
        _fd = -1;
    }
    _state = State::Closed;
    _out.clear();
    _in.clear();
    _backoff = _backoff == 0 ? firstBackoff : std::min(maxBackoff, _backoff * 2);
    _retryAt = util::monotonicMicros() + _backoff;
    std::deque<Pending> waiting;
    waiting.swap(_pending);
    armTimer();
    for (Pending& pending : waiting)
    {
        if (!pending.done) continue;
        RedisCounters::shared().failures.fetch_add(1, std::memory_order_relaxed);
        pending.done(nullptr, reason);
    }
}

} // namespace portico::redis
