#include "admin/PeerDescription.h"

#include "hostservices/HttpOrigin.h"
#include "hostservices/PeerRegistry.h"
#include "hostservices/StreamPoolCore.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace portico::admin
{

std::string describePeers(util::MonoMillis now)
{
    Poco::JSON::Array peers;
    for (const std::shared_ptr<hostservices::StreamPoolCore>& pool :
         hostservices::PeerRegistry::shared().pools.live())
    {
        const plugin::StreamPoolSettings& settings = pool->settings();
        Poco::JSON::Object peer;
        peer.set("peer", settings.host + ":" + std::to_string(settings.port));
        peer.set("size", static_cast<std::uint64_t>(settings.size));
        peer.set("openConnections", static_cast<std::uint64_t>(pool->openConnections()));
        peer.set("circuit", proxy::CircuitBreaker::stateName(pool->breaker().state(now)));
        peer.set("circuitOpened", pool->breaker().timesOpened());
        peer.set("kind", "stream");
        peers.add(peer);
    }
    for (const std::shared_ptr<hostservices::HttpOrigin>& origin :
         hostservices::PeerRegistry::shared().origins.live())
    {
        const proxy::TargetState& state = origin->state;
        Poco::JSON::Object peer;
        peer.set("peer", origin->target.url);
        peer.set("kind", "http");
        peer.set("failures", state.failures.load(std::memory_order_relaxed));
        peer.set("circuit", proxy::CircuitBreaker::stateName(state.breaker.state(now)));
        peer.set("circuitOpened", state.breaker.timesOpened());
        peers.add(peer);
    }
    std::ostringstream out;
    peers.stringify(out);
    return out.str();
}

} // namespace portico::admin
