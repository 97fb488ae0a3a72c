#pragma once

// What the gateway hands to adapter plugins (plugin::HostServices): an HTTP client whose
// keep-alive connections are pooled per worker thread and origin, pooled TCP connections to legacy
// peers, the worker pool for blocking work, and logging. Lives for the whole process; thread-safe.

#include "hostservices/WorkerPool.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <mutex>
#include <vector>

namespace portico::net
{
class EventLoop;
class LoopSet;
} // namespace portico::net

namespace portico::hostservices
{

class LoopHttpClient;

class HostServicesImpl final : public plugin::HostServices
{
public:
    explicit HostServicesImpl(unsigned workerThreads);
    ~HostServicesImpl() override;

    void http(plugin::HttpCall call, std::function<void(plugin::HttpResult)> done) override;
    plugin::HttpResult httpBlocking(const plugin::HttpCall& call) override;
    void submit(std::function<void()> work) override;
    void log(plugin::LogLevel level, const std::string& message) override;
    std::shared_ptr<plugin::StreamPool> streamPool(const plugin::StreamPoolSettings& settings) override;

    // From now on http() and stream pools run on these event loops (non-blocking, pooled connections);
    // before, and after detachLoops(), it runs blocking on the worker pool. Call detachLoops() after the
    // loops have stopped and before they are destroyed.
    void attachLoops(const std::vector<net::EventLoop*>& loops);
    void detachLoops();
    // Runs what is queued and joins the workers; later submit()/http() calls fail or run nowhere.
    // Called at shutdown while the event loops still exist, so a plugin's last answers (posted
    // to a loop) never reach a destroyed one.
    void stopWorkers();

private:
    std::mutex _workersMutex;
    std::unique_ptr<hostservices::WorkerPool> _workers;
    std::mutex _clientMutex;
    std::shared_ptr<LoopHttpClient> _loopClient;
    const std::shared_ptr<net::LoopSet> _streamLoops;
};

} // namespace portico::hostservices
