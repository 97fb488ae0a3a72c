#pragma once

// The gateway's side of the adapter ABI, for real, inside a test: its host services with event
// loops running on their own threads, so that routes and stream pools run through the same
// non-blocking exchanges as in porticod. Calls wait for their answer for a bounded time.

#include "hostservices/HostServicesImpl.h"
#include "net/EventLoop.h"

#include "tcp/Answer.h"
#include "tcp/RequestData.h"
#include "tcp/TcpAdapter.h"
#include "tcp/TcpRoute.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::tcp::test
{

class LoopHost
{
public:
    explicit LoopHost(unsigned loops = 1);
    ~LoopHost();
    LoopHost(const LoopHost&) = delete;
    LoopHost& operator=(const LoopHost&) = delete;

    plugin::HostServices& services() { return *_services; }
    net::EventLoop& loop(unsigned index) { return *_loops.at(index); }
    unsigned loopCount() const { return static_cast<unsigned>(_loops.size()); }

private:
    std::unique_ptr<hostservices::HostServicesImpl> _services;
    std::vector<std::unique_ptr<net::EventLoop>> _loops;
};

// What one exchange through a stream pool came to.
struct ExchangeOutcome
{
    plugin::StreamResult::Outcome outcome = plugin::StreamResult::Outcome::Failed;
    std::string error;
    std::string payload;                // Ok: the reply without its framing
    std::chrono::seconds retryAfter{0}; // CircuitOpen
};

// A stream pool of the host to one peer, with the framing's reply reader: the host side of the tcp
// adapter without the codecs.
class StreamClient
{
public:
    StreamClient(LoopHost& host, std::uint16_t port, std::shared_ptr<const Framing> framing, std::size_t size,
                 std::chrono::milliseconds timeout,
                 std::chrono::milliseconds connectTimeout = std::chrono::seconds(2), unsigned maxFails = 5,
                 std::chrono::milliseconds failTimeout = std::chrono::seconds(10));

    // Frames payload, runs the exchange on the host's loop loopIndex (as an adapter's handle()
    // would), and waits for its outcome.
    ExchangeOutcome send(const std::string& payload, unsigned loopIndex = 0);
    // The same with its own timeout instead of the client's.
    ExchangeOutcome send(const std::string& payload, std::chrono::milliseconds timeout);
    // The same, asked for from this (non-loop) thread: the pool hands it to a loop.
    ExchangeOutcome sendFromOutside(const std::string& payload);
    // With the adapter's own reply reader instead of the framing's.
    ExchangeOutcome sendWith(const std::string& payload, std::unique_ptr<plugin::ReplyReader> reader);

    // Connections open now, over all loops.
    std::size_t openConnections() const;

private:
    LoopHost& _host;
    const std::shared_ptr<const Framing> _framing;
    const std::chrono::milliseconds _timeout;
    std::shared_ptr<plugin::StreamPool> _pool;
};

// A configured tcp route served by a TcpAdapter on the host, as porticod runs it.
class RouteClient
{
public:
    RouteClient(LoopHost& host, std::shared_ptr<TcpRoute> route);

    // Runs the request through the adapter on the host's first loop and waits for the answer.
    Answer handle(const RequestData& request);
    std::string openApiPathItem(const std::string& routePath) const
    {
        return _route->openApiPathItem(routePath);
    }

private:
    LoopHost& _host;
    std::shared_ptr<TcpRoute> _route;
    std::unique_ptr<TcpAdapter> _adapter;
};

} // namespace portico::tcp::test
