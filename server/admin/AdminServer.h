#pragma once

// The admin API on its own listener (loopback only, enforced by the configuration). Served by
// POCO's HTTPServer: admin traffic is rare and not on the data path, so thread-per-connection is
// fine here. Every path but /healthz requires "Authorization: Bearer TOKEN".

#include "config/Config.h"
#include "dataplane/DataPlane.h"
#include "reload/ReloadOutcome.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <functional>
#include <memory>
#include <string>

namespace portico::plugins
{
class PluginCatalog;
}

namespace portico::store
{
class ConsumerAdmin;
}

namespace portico::admin
{

// POST /admin/reload: reloads the configuration on the admin thread that took the call; the
// argument is the caller's address, for the audit trail.
using ReloadCall = std::function<reload::ReloadOutcome(const std::string& who)>;

class AdminServer
{
public:
    // Throws std::runtime_error when the address cannot be bound.
    // consumers: the consumer calls (/admin/consumers…), or null. reload: null answers 404.
    AdminServer(const config::AdminConfig& config, const dataplane::DataPlane& dataPlane,
                const plugins::PluginCatalog& catalog, store::ConsumerAdmin* consumers,
                ReloadCall reload = nullptr);
    ~AdminServer();

    void start();
    void stop();
    std::uint16_t port() const;

private:
    // Its own pool of a fixed size, started with the server: POCO's default pool grows on demand
    // and keeps idle threads for a minute, so the daemon's thread count would wander with admin
    // traffic. Declared first so that it outlives the server that runs on it.
    std::unique_ptr<Poco::ThreadPool> _threads;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
};

// Constant-time comparison of a presented secret with the expected one.
bool constantTimeEquals(const std::string& presented, const std::string& expected);

} // namespace portico::admin
