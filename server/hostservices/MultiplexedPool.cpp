#include "hostservices/MultiplexedPool.h"

#include "hostservices/MultiplexedSession.h"
#include "hostservices/StreamConnection.h"

#include <algorithm>

namespace portico::hostservices
{

using Outcome = plugin::StreamResult::Outcome;

MultiplexedPool::MultiplexedPool(std::shared_ptr<StreamPoolCore> core) : _core(std::move(core)) {}

net::EventLoop* MultiplexedPool::home()
{
    net::EventLoop* loop = _home.load(std::memory_order_acquire);
    if (loop != nullptr) return loop;
    // The first loop that asks, or the next in turn: from then on every exchange runs there.
    net::EventLoop* candidate = net::EventLoop::current();
    if (candidate == nullptr) candidate = _core->loops().next();
    if (candidate == nullptr) return nullptr;
    net::EventLoop* expected = nullptr;
    return _home.compare_exchange_strong(expected, candidate, std::memory_order_acq_rel) ? candidate
                                                                                         : expected;
}

void MultiplexedPool::start(std::string key, std::string request, std::chrono::milliseconds timeout,
                            plugin::StreamPool::Done done)
{
    auto exchange = std::make_unique<Exchange>();
    exchange->key = std::move(key);
    exchange->request = std::move(request);
    exchange->done = std::move(done);
    net::EventLoop* loop = home();
    if (loop == nullptr)
    {
        finish(std::move(exchange), Outcome::Unreachable,
               "the gateway is not serving: no event loop to reach " + _core->peerName() + " from");
        return;
    }
    if (net::EventLoop::current() == loop)
    {
        exchange->deadline = loop->now() + timeout.count();
        submit(*loop, std::move(exchange));
        return;
    }
    // A posted task must be copyable: the exchange travels in a shared holder.
    auto carried = std::make_shared<std::unique_ptr<Exchange>>(std::move(exchange));
    loop->post(
        [self = shared_from_this(), loop, carried, timeout]
        {
            (*carried)->deadline = loop->now() + timeout.count();
            self->submit(*loop, std::move(*carried));
        });
}

void MultiplexedPool::submit(net::EventLoop& loop, std::unique_ptr<Exchange> exchange)
{
    std::chrono::seconds retryAfter{0};
    if (!_core->admit(loop.now(), retryAfter))
    {
        plugin::StreamResult result;
        result.outcome = Outcome::CircuitOpen;
        result.error = _core->peerName() + " failed repeatedly; its circuit breaker is open";
        result.retryAfter = retryAfter;
        plugin::StreamPool::Done done = std::move(exchange->done);
        done(std::move(result), nullptr);
        return;
    }
    if (exchange->key.empty())
    {
        finish(std::move(exchange), Outcome::Failed, "the request has no key to match its reply by");
        return;
    }
    if (_inFlight.count(exchange->key) != 0 ||
        std::any_of(_waiting.begin(), _waiting.end(),
                    [&](const auto& waiting) { return waiting->key == exchange->key; }))
    {
        const std::string key = exchange->key;
        finish(std::move(exchange), Outcome::Failed,
               "a request with the key '" + key + "' is already waiting for its reply from " +
                   _core->peerName());
        return;
    }
    if (!_waiting.empty())
    {
        _waiting.push_back(std::move(exchange)); // behind those already waiting
        return;
    }
    std::string error;
    MultiplexedSession* session = sessionWithRoom(loop, error);
    if (session != nullptr)
        dispatch(*session, std::move(exchange));
    else if (!error.empty())
        finish(std::move(exchange), Outcome::Unreachable, error);
    else
        _waiting.push_back(std::move(exchange));
}

MultiplexedSession* MultiplexedPool::sessionWithRoom(net::EventLoop& loop, std::string& error)
{
    MultiplexedSession* best = nullptr;
    for (MultiplexedSession* session : _sessions)
    {
        if (!session->usable() || session->inFlight() >= _core->settings().inFlightPerConnection) continue;
        if (best == nullptr || session->inFlight() < best->inFlight()) best = session;
    }
    // A new connection only when every open one is full: the peer sees as few as the load needs.
    if (best != nullptr || !_core->tryReserve()) return best;
    auto connection = std::make_unique<StreamConnection>(loop, _core);
    StreamConnection& opened = *connection;
    loop.adopt(std::move(connection));
    auto session = std::make_unique<MultiplexedSession>(loop, shared_from_this(), opened);
    MultiplexedSession* made = session.get();
    loop.adopt(std::move(session));
    if (!made->open(error))
    {
        made->end();
        error = "cannot connect to " + _core->peerName() + ": " + error;
        return nullptr;
    }
    _sessions.push_back(made);
    return made;
}

void MultiplexedPool::dispatch(MultiplexedSession& session, std::unique_ptr<Exchange> exchange)
{
    std::string error;
    if (!session.send(exchange->request, error))
    {
        finish(std::move(exchange), Outcome::Failed,
               "the connection to " + _core->peerName() + " broke: " + error);
        return;
    }
    exchange->request.clear();
    exchange->request.shrink_to_fit();
    exchange->session = &session;
    session.countStarted();
    const std::string key = exchange->key;
    _inFlight.emplace(key, std::move(exchange));
}

void MultiplexedPool::replied(MultiplexedSession& session, const std::string& key,
                              std::unique_ptr<plugin::ReplyReader> reply)
{
    auto found = _inFlight.find(key);
    // A reply for an exchange that timed out (or one the peer made up) has nobody to go to.
    if (found == _inFlight.end() || found->second->session != &session) return;
    std::unique_ptr<Exchange> exchange = std::move(found->second);
    _inFlight.erase(found);
    session.countFinished();
    finish(std::move(exchange), Outcome::Ok, {}, std::move(reply));
    if (net::EventLoop* loop = _home.load()) serveWaiting(*loop);
}

void MultiplexedPool::sessionBroke(MultiplexedSession& session, Outcome outcome, const std::string& reason)
{
    _sessions.erase(std::remove(_sessions.begin(), _sessions.end(), &session), _sessions.end());
    std::vector<std::unique_ptr<Exchange>> lost;
    for (auto it = _inFlight.begin(); it != _inFlight.end();)
    {
        if (it->second->session == &session)
        {
            lost.push_back(std::move(it->second));
            it = _inFlight.erase(it);
        }
        else
            ++it;
    }
    for (std::unique_ptr<Exchange>& exchange : lost)
        finish(std::move(exchange), outcome, reason);
    if (net::EventLoop* loop = _home.load()) serveWaiting(*loop);
}

void MultiplexedPool::serveWaiting(net::EventLoop& loop)
{
    while (!_waiting.empty())
    {
        std::string error;
        MultiplexedSession* session = sessionWithRoom(loop, error);
        if (session == nullptr)
        {
            if (error.empty()) return; // every connection is full: the next reply makes room
            std::unique_ptr<Exchange> exchange = std::move(_waiting.front());
            _waiting.pop_front();
            finish(std::move(exchange), Outcome::Unreachable, error);
            continue;
        }
        std::unique_ptr<Exchange> exchange = std::move(_waiting.front());
        _waiting.pop_front();
        dispatch(*session, std::move(exchange));
    }
}

void MultiplexedPool::expire(util::MonoMillis now)
{
    if (now == _lastExpiry) return;
    _lastExpiry = now;
    std::vector<std::unique_ptr<Exchange>> late;
    for (auto it = _inFlight.begin(); it != _inFlight.end();)
    {
        if (it->second->deadline <= now)
        {
            it->second->session->countFinished();
            late.push_back(std::move(it->second));
            it = _inFlight.erase(it);
        }
        else
            ++it;
    }
    for (std::unique_ptr<Exchange>& exchange : late)
        finish(std::move(exchange), Outcome::TimedOut,
               _core->peerName() + " did not answer before the timeout");
    while (!_waiting.empty() && _waiting.front()->deadline <= now)
    {
        std::unique_ptr<Exchange> exchange = std::move(_waiting.front());
        _waiting.pop_front();
        finish(std::move(exchange), Outcome::TimedOut,
               "all " + std::to_string(_core->settings().size) + " connections to " + _core->peerName() +
                   " stayed full until the timeout");
    }
    if (!late.empty())
        if (net::EventLoop* loop = _home.load()) serveWaiting(*loop);
}

void MultiplexedPool::close()
{
    _closed = true;
    _core->close();
}

std::unique_ptr<plugin::ReplyStream> MultiplexedPool::newReplyStream() const
{
    return _core->settings().replyStreams ? _core->settings().replyStreams() : nullptr;
}

void MultiplexedPool::finish(std::unique_ptr<Exchange> exchange, Outcome outcome, std::string error,
                             std::unique_ptr<plugin::ReplyReader> reply)
{
    if (net::EventLoop* loop = _home.load()) _core->recordOutcome(outcome, loop->now());
    plugin::StreamResult result;
    result.outcome = outcome;
    result.error = std::move(error);
    plugin::StreamPool::Done done = std::move(exchange->done);
    try
    {
        done(std::move(result), std::move(reply));
    }
    catch (...)
    {
        // An adapter's callback must not throw; if it does, the loop goes on.
    }
}

void MultiplexedStreamPool::exchange(std::string request, std::unique_ptr<plugin::ReplyReader> reader,
                                     std::chrono::milliseconds, Done done)
{
    (void)request;
    plugin::StreamResult result;
    result.error = "this stream pool is multiplexed: exchanges need a key (exchangeKeyed)";
    done(std::move(result), std::move(reader));
}

void MultiplexedStreamPool::exchangeKeyed(std::string key, std::string request,
                                          std::chrono::milliseconds timeout, Done done)
{
    _pool->start(std::move(key), std::move(request), timeout, std::move(done));
}

} // namespace portico::hostservices
