#pragma once

// Idle keep-alive connections to one target, for one event loop (so no lock). Last in, first
// out: the most recently used connection is the least likely to have been closed by the peer.

#include "net/EventLoop.h"
#include "proxy/TargetState.h"

#include <Poco/Net/Context.h>

#include <string>
#include <vector>

namespace portico::proxy
{

class UpstreamConnection;

class ConnectionPool
{
public:
    ConnectionPool(net::EventLoop& loop, TargetState& target, const config::UpstreamConfig& upstream,
                   Poco::Net::Context::Ptr tls);

    // An idle connection if there is one, else a new one (connecting). nullptr with error set
    // when a socket could not even be created.
    UpstreamConnection* acquire(std::string& error);
    void giveBack(UpstreamConnection* connection);
    void forget(UpstreamConnection* connection);
    // Closes every idle connection (the pool is about to go: its configuration was replaced).
    void closeIdle();

    TargetState& target() { return _target; }
    const config::UpstreamConfig& upstream() const { return _upstream; }
    std::size_t idleCount() const { return _idle.size(); }

private:
    net::EventLoop& _loop;
    TargetState& _target;
    const config::UpstreamConfig& _upstream;
    Poco::Net::Context::Ptr _tls;
    std::vector<UpstreamConnection*> _idle;
};

} // namespace portico::proxy
