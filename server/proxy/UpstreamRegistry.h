#pragma once

// The upstreams of one configuration: each target's shared state (resolved address, health),
// the TLS client context, and per event loop a balancer and a connection pool per target.
// Built before the loops start; loop-local parts are touched only by their own loop.

#include "config/Config.h"
#include "proxy/Balancer.h"
#include "proxy/ConnectionPool.h"
#include "proxy/TargetState.h"

#include <Poco/Net/Context.h>

#include <memory>
#include <string>
#include <vector>

namespace portico::net
{
class EventLoop;
}

namespace portico::proxy
{

struct UpstreamState
{
    const config::UpstreamConfig* config = nullptr;
    std::vector<std::unique_ptr<TargetState>> targets;
    Poco::Net::Context::Ptr tls; // only when a target is https
};

// What one event loop uses of one upstream.
struct LoopUpstream
{
    const UpstreamState* shared = nullptr;
    std::unique_ptr<Balancer> balancer;
    std::vector<std::unique_ptr<ConnectionPool>> pools; // by target index
};

class UpstreamRegistry
{
public:
    // Resolves every target (a name that does not resolve leaves that target unusable and is
    // reported by problems()); builds TLS contexts. Throws std::runtime_error on a TLS file error.
    explicit UpstreamRegistry(const config::Config& config);

    // Creates the loop-local parts for each loop; call once, before the loops run.
    void attachLoops(const std::vector<net::EventLoop*>& loops);

    // On loop loopIndex's thread, once no exchange uses this registry (it was replaced by a
    // reload): closes that loop's idle connections, so none outlives the pools they belong to.
    void closeIdle(unsigned loopIndex) const;

    const std::vector<std::unique_ptr<UpstreamState>>& upstreams() const { return _upstreams; }
    LoopUpstream& forLoop(unsigned loopIndex, std::size_t upstreamIndex) const
    {
        return *_perLoop[loopIndex][upstreamIndex];
    }
    const std::vector<std::string>& problems() const { return _problems; }

private:
    std::vector<std::unique_ptr<UpstreamState>> _upstreams;
    std::vector<std::vector<std::unique_ptr<LoopUpstream>>> _perLoop;
    std::vector<std::string> _problems;
};

} // namespace portico::proxy
