#include "hostservices/StreamPoolCore.h"

#include "hostservices/StreamConnection.h"
#include "hostservices/StreamExchange.h"

#include <algorithm>

namespace portico::hostservices
{

namespace
{

plugin::StreamPoolSettings normalised(plugin::StreamPoolSettings settings)
{
    settings.size = std::max<std::size_t>(1, settings.size);
    return settings;
}

std::string hostAndPort(const plugin::StreamPoolSettings& settings)
{
    const bool ipv6 = settings.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + settings.host + "]" : settings.host) + ":" + std::to_string(settings.port);
}

} // namespace

StreamPoolCore::StreamPoolCore(plugin::StreamPoolSettings settings, std::shared_ptr<net::LoopSet> loops)
    : _settings(normalised(std::move(settings))), _loops(std::move(loops)),
      _peerName("the peer " + hostAndPort(_settings))
{
    _breakerSettings.consecutive = _settings.maxFails;
    _breakerSettings.openFor = _settings.failTimeout.count();
    // At configuration time, so that the event loops need not wait for a name server later.
    std::string ignored;
    resolve(ignored);
}

bool StreamPoolCore::admit(util::MonoMillis now, std::chrono::seconds& retryAfter)
{
    if (_breaker.acquire(_breakerSettings, now)) return true;
    retryAfter = std::chrono::seconds(_breaker.retryAfterSeconds(now));
    return false;
}

void StreamPoolCore::recordOutcome(plugin::StreamResult::Outcome outcome, util::MonoMillis now)
{
    switch (outcome)
    {
    case plugin::StreamResult::Outcome::Ok:
        _breaker.onSuccess();
        return;
    case plugin::StreamResult::Outcome::Unreachable:
    case plugin::StreamResult::Outcome::Failed:
    case plugin::StreamResult::Outcome::TimedOut:
        _breaker.onFailure(_breakerSettings, now);
        return;
    case plugin::StreamResult::Outcome::CircuitOpen:
        return; // nothing was tried
    }
}

StreamPoolCore::~StreamPoolCore()
{
    // The connections and exchanges a share points to belong to the loops; only the shares are ours.
    for (std::atomic<Share*>& slot : _shares)
    {
        delete slot.load();
    }
}

bool StreamPoolCore::resolve(std::string& error)
{
    std::lock_guard<std::mutex> lock(_resolveMutex);
    if (_resolved.load(std::memory_order_relaxed))
    {
        return true;
    }
    // A name that did not resolve is tried again at most every few seconds: each try may block an
    // event loop for as long as the name server takes.
    const auto now = std::chrono::steady_clock::now();
    if (!_resolveError.empty() && now - _lastResolveAttempt < resolveRetryInterval)
    {
        error = _resolveError;
        return false;
    }
    _lastResolveAttempt = now;
    if (!net::resolveEndpoint(_settings.host, _settings.port, _endpoint, _resolveError))
    {
        error = _resolveError;
        return false;
    }
    _resolveError.clear();
    _resolved.store(true, std::memory_order_release);
    return true;
}

bool StreamPoolCore::endpoint(net::Endpoint& out, std::string& error)
{
    if (!_resolved.load(std::memory_order_acquire) && !resolve(error))
    {
        return false;
    }
    out = _endpoint;
    return true;
}

StreamPoolCore::Share& StreamPoolCore::share(net::EventLoop& loop)
{
    // Only the loop itself creates its share; other loops only read it.
    std::atomic<Share*>& slot = _shares[loop.index() % maxLoops];
    Share* share = slot.load(std::memory_order_acquire);
    if (share == nullptr)
    {
        share = new Share;
        share->loop = &loop;
        slot.store(share, std::memory_order_release);
        std::size_t used = _sharesUsed.load();
        while (used < loop.index() % maxLoops + 1 &&
               !_sharesUsed.compare_exchange_weak(used, loop.index() % maxLoops + 1))
        {
        }
    }
    return *share;
}

bool StreamPoolCore::tryReserve()
{
    std::size_t open = _open.load();
    while (open < _settings.size)
    {
        if (_open.compare_exchange_weak(open, open + 1))
        {
            return true;
        }
    }
    return false;
}

void StreamPoolCore::acquire(net::EventLoop& loop, StreamExchange& exchange)
{
    Share& mine = share(loop);
    while (!mine.idle.empty())
    {
        StreamConnection* connection = mine.idle.back();
        mine.idle.pop_back();
        --mine.idleCount;
        if (connection->stillIdle())
        {
            exchange.useConnection(*connection);
            return;
        }
        connection->close(); // closed or spoke while idle: never carries a request
    }
    if (tryReserve())
    {
        exchange.useNewSlot();
        return;
    }
    mine.waiting.push_back(&exchange);
    ++mine.waitingCount;
    ++_waitingTotal;
    serve(mine); // a slot may have come free since tryReserve()
    if (!mine.waiting.empty())
    {
        askForAnIdleConnection(mine);
    }
}

void StreamPoolCore::lookAgain(net::EventLoop& loop)
{
    Share& mine = share(loop);
    if (mine.lastLook == loop.now())
    {
        return;
    }
    mine.lastLook = loop.now();
    serve(mine);
    if (!mine.waiting.empty())
    {
        askForAnIdleConnection(mine);
    }
}

void StreamPoolCore::withdraw(net::EventLoop& loop, StreamExchange& exchange)
{
    Share& mine = share(loop);
    auto found = std::find(mine.waiting.begin(), mine.waiting.end(), &exchange);
    if (found != mine.waiting.end())
    {
        mine.waiting.erase(found);
        --mine.waitingCount;
        --_waitingTotal;
    }
}

void StreamPoolCore::serve(Share& mine)
{
    while (!mine.waiting.empty())
    {
        StreamConnection* connection = nullptr;
        if (!mine.idle.empty())
        {
            connection = mine.idle.back();
            mine.idle.pop_back();
            --mine.idleCount;
            if (!connection->stillIdle())
            {
                connection->close();
                continue;
            }
        }
        else if (!tryReserve())
        {
            return;
        }
        StreamExchange* exchange = mine.waiting.front();
        mine.waiting.pop_front();
        --mine.waitingCount;
        --_waitingTotal;
        if (connection != nullptr)
        {
            exchange->useConnection(*connection);
        }
        else
        {
            exchange->useNewSlot();
        }
    }
    // Nobody waits here any more: a slot that is still free belongs to a loop that does.
    if (_waitingTotal.load() > 0 && _open.load() < _settings.size)
    {
        wakeAWaitingLoop(mine);
    }
}

void StreamPoolCore::giveBack(net::EventLoop& loop, StreamConnection& connection)
{
    if (_closed)
    {
        connection.close();
        return;
    }
    Share& mine = share(loop);
    connection.markIdle();
    mine.idle.push_back(&connection);
    ++mine.idleCount;
    if (!mine.waiting.empty())
    {
        serve(mine);
    }
    else if (_waitingTotal.load() > 0)
    {
        // Another loop waits, for a connection held here, idle.
        if (Share* waiting = anotherShareWith(mine, &Share::waitingCount))
        {
            handOverIdle(mine, *waiting);
        }
    }
}

void StreamPoolCore::handOverIdle(Share& mine, Share& waiting)
{
    while (!mine.idle.empty())
    {
        StreamConnection* connection = mine.idle.back();
        mine.idle.pop_back();
        --mine.idleCount;
        if (!connection->stillIdle())
        {
            connection->close(); // its slot returns when it is destroyed, and a waiter is told
            continue;
        }
        connection->leaveLoop();
        // Owned by the tasks in between; destroyed with them if the loops end first.
        auto owned = std::make_shared<std::unique_ptr<net::LoopMember>>(mine.loop->release(connection));
        // After this batch of events (one may still name the connection), then on the other loop.
        mine.loop->post(
            [self = shared_from_this(), &waiting, connection, owned]
            {
                waiting.loop->post([self, &waiting, connection, owned]
                                   { self->arrive(waiting, connection, std::move(*owned)); });
            });
        return;
    }
}

void StreamPoolCore::arrive(Share& mine, StreamConnection* connection, std::unique_ptr<net::LoopMember> owned)
{
    mine.loop->adopt(std::move(owned));
    if (_closed || !connection->joinLoop(*mine.loop))
    {
        connection->close();
        return;
    }
    giveBack(*mine.loop, *connection); // serves a waiter here, or passes it on to a loop that has one
}

void StreamPoolCore::forgetIdle(net::EventLoop& loop, StreamConnection* connection)
{
    Share& mine = share(loop);
    auto found = std::find(mine.idle.begin(), mine.idle.end(), connection);
    if (found != mine.idle.end())
    {
        mine.idle.erase(found);
        --mine.idleCount;
    }
}

void StreamPoolCore::slotReturned(net::EventLoop& loop, bool loopEnding)
{
    --_open;
    if (loopEnding)
    {
        return;
    }
    Share& mine = share(loop);
    if (!mine.waiting.empty())
    {
        // Runs from a connection's destructor: serve the waiters after it, not inside it.
        loop.post([self = shared_from_this(), &mine] { self->serve(mine); });
        return;
    }
    if (_waitingTotal.load() > 0)
    {
        wakeAWaitingLoop(mine);
    }
}

StreamPoolCore::Share* StreamPoolCore::anotherShareWith(const Share& except,
                                                        std::atomic<std::size_t> Share::*counter)
{
    const std::size_t used = _sharesUsed.load();
    for (std::size_t i = 0; i < used; ++i)
    {
        Share* other = _shares[i].load(std::memory_order_acquire);
        if (other != nullptr && other != &except && (other->*counter).load() > 0)
        {
            return other;
        }
    }
    return nullptr;
}

void StreamPoolCore::wakeAWaitingLoop(const Share& except)
{
    if (Share* other = anotherShareWith(except, &Share::waitingCount))
    {
        other->loop->post([self = shared_from_this(), other] { self->serve(*other); });
    }
}

void StreamPoolCore::askForAnIdleConnection(Share& asking)
{
    if (Share* other = anotherShareWith(asking, &Share::idleCount))
    {
        other->loop->post([self = shared_from_this(), other, &asking]
                          { self->handOverIdle(*other, asking); });
    }
}

} // namespace portico::hostservices
