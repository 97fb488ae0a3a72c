#pragma once

// What the gateway hands to adapter plugins (plugin::HostServices): an HTTP client whose
// keep-alive connections are pooled per worker thread and origin, the worker pool for blocking
// work, and logging. Lives for the whole process; thread-safe.

#include "util/WorkerPool.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>

namespace portico::adapter
{

class HostServicesImpl final : public plugin::HostServices
{
public:
    explicit HostServicesImpl(unsigned workerThreads);
    ~HostServicesImpl() override;

    void http(plugin::HttpCall call, std::function<void(plugin::HttpResult)> done) override;
    plugin::HttpResult httpBlocking(const plugin::HttpCall& call) override;
    void submit(std::function<void()> work) override;
    void log(plugin::LogLevel level, const std::string& message) override;

private:
    std::unique_ptr<util::WorkerPool> _workers;
};

} // namespace portico::adapter
