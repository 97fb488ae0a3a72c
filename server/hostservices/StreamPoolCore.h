#pragma once

// The state one StreamPool shares between the event loops: the bound on open connections (slots),
// and, per loop, the idle connections and the exchanges waiting for one. A loop touches only its
// own share; of the others it reads a few counters and posts them tasks, so an exchange on a pool
// that is not full takes no lock.
//
// A slot is taken when a connection is made and given back when it is destroyed, so at most
// settings.size connections exist over all loops, and for as long as the peer keeps them open no
// more are ever made: when one loop waits while another holds idle connections, the other hands
// one over, socket and all (legacy peers often cap sessions or make each new connection sign on).
// When a slot is given back and this loop has no one waiting, a loop that has is told. Every such
// check is done on both sides (the waiter after it queued, the giver after it gave), with
// sequentially consistent counters, so no waiter misses a connection or a slot.

#include "net/EventLoop.h"
#include "net/LoopSet.h"
#include "net/SocketOps.h"
#include "proxy/CircuitBreaker.h"

#include <portico/plugin/PluginAbi.h>

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace portico::hostservices
{

class StreamConnection;
class StreamExchange;

class StreamPoolCore : public std::enable_shared_from_this<StreamPoolCore>
{
public:
    StreamPoolCore(plugin::StreamPoolSettings settings, std::shared_ptr<net::LoopSet> loops);
    ~StreamPoolCore();

    const plugin::StreamPoolSettings& settings() const { return _settings; }
    // "the peer HOST:PORT", for messages.
    const std::string& peerName() const { return _peerName; }
    net::LoopSet& loops() { return *_loops; }

    // The peer's address, resolved when the pool is made, or later when that failed (at most every
    // few seconds). False with error while it does not resolve.
    bool endpoint(net::Endpoint& out, std::string& error);

    // The pool's owner let go: idle connections close, new exchanges are refused.
    void close() { _closed = true; }
    bool closed() const { return _closed; }

    // On exchange's loop: gives it an idle connection (StreamExchange::useConnection) or a new
    // slot (StreamExchange::useNewSlot) now, or queues it until one is free.
    void acquire(net::EventLoop& loop, StreamExchange& exchange);
    // On a loop with waiters: serves them if a slot or connection is free, else asks another loop
    // for an idle one.
    void lookAgain(net::EventLoop& loop);
    // A queued exchange that gives up (its deadline passed).
    void withdraw(net::EventLoop& loop, StreamExchange& exchange);
    // An exchange ended cleanly: the connection can carry the next request.
    void giveBack(net::EventLoop& loop, StreamConnection& connection);

    // From StreamConnection: it is closing (drop it from the idle list), and it is gone (its slot is
    // free). loopEnding: the loops are being destroyed; nobody is told any more.
    void forgetIdle(net::EventLoop& loop, StreamConnection* connection);
    void slotReturned(net::EventLoop& loop, bool loopEnding);

    std::size_t openConnections() const { return _open.load(); }
    // Takes a slot for a new connection when fewer than settings.size are open (a multiplexed pool
    // makes its connections itself; StreamConnection gives the slot back when it is destroyed).
    bool tryReserve();

    // The peer's circuit breaker (settings.maxFails, settings.failTimeout): whether an exchange may
    // start now (retryAfter set when not), and what each finished exchange says about the peer.
    bool admit(util::MonoMillis now, std::chrono::seconds& retryAfter);
    void recordOutcome(plugin::StreamResult::Outcome outcome, util::MonoMillis now);
    const proxy::CircuitBreaker& breaker() const { return _breaker; }

private:
    // ioThreads is at most 1024 (the configuration's limit).
    static constexpr std::size_t maxLoops = 1024;

    struct Share
    {
        net::EventLoop* loop = nullptr;
        std::vector<StreamConnection*> idle;
        std::deque<StreamExchange*> waiting;
        std::atomic<std::size_t> idleCount{0};
        std::atomic<std::size_t> waitingCount{0};
        util::MonoMillis lastLook = -1; // lookAgain() runs once per tick, however many wait
    };

    Share& share(net::EventLoop& loop);
    // On share's loop: serves its waiters while connections or slots are free.
    void serve(Share& share);
    // Another loop's share whose counter is above zero, or nullptr.
    Share* anotherShareWith(const Share& except, std::atomic<std::size_t> Share::*counter);
    // Tells (posts to) one other loop with waiters / idle connections that a slot / a waiter exists.
    void wakeAWaitingLoop(const Share& except);
    void askForAnIdleConnection(Share& asking);
    // On share's loop: one of its idle connections leaves for waiting's loop, which adopts it
    // (arrive) and serves its waiters with it.
    void handOverIdle(Share& share, Share& waiting);
    void arrive(Share& share, StreamConnection* connection, std::unique_ptr<net::LoopMember> owned);

    const plugin::StreamPoolSettings _settings;
    const std::shared_ptr<net::LoopSet> _loops;
    const std::string _peerName;
    proxy::CircuitBreaker::Settings _breakerSettings;
    proxy::CircuitBreaker _breaker;
    std::atomic<bool> _closed{false};
    std::atomic<std::size_t> _open{0};
    std::atomic<std::size_t> _waitingTotal{0};
    std::array<std::atomic<Share*>, maxLoops> _shares{};
    std::atomic<std::size_t> _sharesUsed{0}; // one past the highest loop index with a share

    bool resolve(std::string& error);

    static constexpr std::chrono::seconds resolveRetryInterval{5};
    std::mutex _resolveMutex;
    std::atomic<bool> _resolved{false};
    net::Endpoint _endpoint;
    std::string _resolveError;
    std::chrono::steady_clock::time_point _lastResolveAttempt;
};

} // namespace portico::hostservices
