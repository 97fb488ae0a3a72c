#pragma once

// A multiplexed stream pool (StreamPoolSettings::inFlightPerConnection above 1): what a card switch
// or any peer that answers requests out of order needs. Every exchange carries a key (a STAN, say);
// up to inFlightPerConnection of them share one connection, and each reply goes to the exchange
// whose key the adapter's ReplyStream reads from it, in whatever order replies come. At most
// settings.size connections, all on one event loop (the pool's home, where its state lives, so it
// takes no lock); exchanges asked for elsewhere are handed to it, and their done runs there.
// An exchange that times out ends alone (a late reply is dropped); a connection that breaks fails
// every exchange in flight on it, none of which is sent again. Exchanges that find every
// connection full wait, in order, until one has room or their timeout passes.

#include "hostservices/StreamPoolCore.h"

#include <portico/plugin/PluginAbi.h>

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace portico::hostservices
{

class MultiplexedSession;

class MultiplexedPool : public std::enable_shared_from_this<MultiplexedPool>
{
public:
    explicit MultiplexedPool(std::shared_ptr<StreamPoolCore> core);

    // Thread-safe: runs the exchange on the home loop.
    void start(std::string key, std::string request, std::chrono::milliseconds timeout,
               plugin::StreamPool::Done done);
    // The pool's owner let go: connections close once nothing is in flight on them.
    void close();
    bool closed() const { return _closed.load(); }
    StreamPoolCore& core() { return *_core; }

    // From the sessions, on the home loop.
    std::unique_ptr<plugin::ReplyStream> newReplyStream() const;
    void replied(MultiplexedSession& session, const std::string& key,
                 std::unique_ptr<plugin::ReplyReader> reply);
    void sessionBroke(MultiplexedSession& session, plugin::StreamResult::Outcome outcome,
                      const std::string& reason);
    void expire(util::MonoMillis now);

private:
    struct Exchange
    {
        std::string key;
        std::string request;
        util::MonoMillis deadline = 0;
        plugin::StreamPool::Done done;
        MultiplexedSession* session = nullptr; // while in flight
    };

    net::EventLoop* home();
    void submit(net::EventLoop& loop, std::unique_ptr<Exchange> exchange);
    // A session with room, opening a new connection when all are full and a slot is free; nullptr
    // when none has room (error set when a connection could not even be started).
    MultiplexedSession* sessionWithRoom(net::EventLoop& loop, std::string& error);
    void dispatch(MultiplexedSession& session, std::unique_ptr<Exchange> exchange);
    void serveWaiting(net::EventLoop& loop);
    void finish(std::unique_ptr<Exchange> exchange, plugin::StreamResult::Outcome outcome, std::string error,
                std::unique_ptr<plugin::ReplyReader> reply = nullptr);

    const std::shared_ptr<StreamPoolCore> _core;
    std::atomic<net::EventLoop*> _home{nullptr};
    std::atomic<bool> _closed{false};
    // Home loop only.
    std::unordered_map<std::string, std::unique_ptr<Exchange>> _inFlight;
    std::deque<std::unique_ptr<Exchange>> _waiting;
    std::vector<MultiplexedSession*> _sessions;
    util::MonoMillis _lastExpiry = -1; // every session's tick asks; one pass per tick is enough
};

// What HostServices::streamPool() hands an adapter for a multiplexed peer.
class MultiplexedStreamPool final : public plugin::StreamPool
{
public:
    explicit MultiplexedStreamPool(std::shared_ptr<MultiplexedPool> pool) : _pool(std::move(pool)) {}
    ~MultiplexedStreamPool() override { _pool->close(); }

    void exchange(std::string request, std::unique_ptr<plugin::ReplyReader> reader,
                  std::chrono::milliseconds timeout, Done done) override;
    void exchangeKeyed(std::string key, std::string request, std::chrono::milliseconds timeout,
                       Done done) override;

    const StreamPoolCore& core() const { return _pool->core(); }

private:
    const std::shared_ptr<MultiplexedPool> _pool;
};

} // namespace portico::hostservices
