#pragma once

// Reloads the configuration file while the gateway serves (SIGHUP, POST /admin/reload): reads and
// validates it on the calling thread (never an event loop), loads plugins added to the folder,
// builds the new Runtime (an adapter configured as before is kept, with its connections; rate-limit
// buckets and quota counters of unchanged limits carry over), and makes it current at once. A
// configuration with errors changes nothing: the errors come back as FILE:LINE:COL lines. Each
// reload, done or refused, is a row of the audit trail with the SHA-256 of the file before and
// after. One reload at a time.

#include "config/Config.h"
#include "dataplane/DataPlane.h"
#include "reload/ReloadOutcome.h"
#include "runtime/Runtime.h"
#include "store/ConsumerAdmin.h"

#include <portico/plugin/PluginAbi.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace portico::plugins
{
class PluginCatalog;
}

namespace portico::reload
{

class Reloader
{
public:
    // wire: what the application adds to every Runtime it builds (metrics, audit stages).
    Reloader(config::ConfigPtr running, plugins::PluginCatalog& catalog, plugin::HostServices& host,
             dataplane::DataPlane& dataPlane, store::ConsumerAdmin& consumers,
             std::function<void(runtime::Runtime&)> wire);

    // who: "SIGHUP", or the admin client's address.
    ReloadOutcome reload(const std::string& who);
    // Frees Runtimes that reloads replaced once no connection uses them (call now and then).
    void reapRetired();

    // SHA-256 of a file's bytes as they are now (lower-case hex; empty when unreadable).
    static std::string fileDigest(const std::string& file);

private:
    ReloadOutcome attempt();

    std::mutex _mutex;
    config::ConfigPtr _running;
    std::string _digest;
    plugins::PluginCatalog& _catalog;
    plugin::HostServices& _host;
    dataplane::DataPlane& _dataPlane;
    store::ConsumerAdmin& _consumers;
    std::function<void(runtime::Runtime&)> _wire;
};

} // namespace portico::reload
