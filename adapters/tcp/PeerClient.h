#pragma once

// Request and reply with one legacy peer over a ConnectionPool: one frame out, one frame back, on
// a connection nobody else uses meanwhile. Blocking: call it from a worker thread only (the
// adapter's handle() hands it to HostServices::submit()).
//
// Retries: a request is sent again, once, on a fresh connection only when no byte of it reached
// the socket: the connect was refused or failed (a connect that timed out is not tried again, it
// would only spend the rest of the deadline the same way), or the first write failed. An idle connection the
// peer closed while it sat in the pool is noticed before the write (TcpConnection::stillIdle()) and replaced,
// which does not count as a retry. Once bytes were sent nothing is repeated: a legacy transaction may not be
// idempotent. Thread-safe.

#include "tcp/ConfigValues.h"
#include "tcp/ConnectionPool.h"
#include "tcp/Framing.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace portico::tcp
{

struct PoolSettings
{
    std::size_t size = 8;
    std::chrono::milliseconds connectTimeout{2000};
    std::chrono::milliseconds timeout{5000}; // the whole exchange: waiting for a slot, sending, the reply
};

struct ExchangeResult
{
    enum class Outcome
    {
        Ok,
        Unreachable, // no connection could be made (502)
        Failed,      // the connection broke, or the reply was not a valid frame (502)
        TimedOut     // the deadline passed: no free connection, or no reply in time (504)
    };

    Outcome outcome = Outcome::Failed;
    std::string payload; // Ok: the reply without its framing
    std::string error;   // otherwise: what went wrong, naming the peer
};

class PeerClient
{
public:
    // Opens a connection (TcpConnection::open by default; tests put failures in between).
    using Connector = std::function<std::unique_ptr<TcpConnection>(
        const Endpoint& endpoint, Deadline deadline, std::string& error, bool& timedOut)>;

    PeerClient(Endpoint endpoint, std::shared_ptr<const Framing> framing, PoolSettings settings,
               Connector connector = &TcpConnection::open);

    // Sends frame (already framed) and waits for one reply frame, all before deadline.
    ExchangeResult exchange(std::string_view frame, Deadline deadline);

    const Endpoint& endpoint() const { return _endpoint; }
    const PoolSettings& settings() const { return _settings; }
    const ConnectionPool& pool() const { return _pool; }

    // How many connections were opened so far (for tests and diagnostics).
    std::size_t connectionsOpened() const { return _opened.load(); }

private:
    ExchangeResult fail(ExchangeResult::Outcome outcome, const std::string& error) const;

    const Endpoint _endpoint;
    const std::shared_ptr<const Framing> _framing;
    const PoolSettings _settings;
    const Connector _connector;
    ConnectionPool _pool;
    std::atomic<std::size_t> _opened{0};
};

} // namespace portico::tcp
