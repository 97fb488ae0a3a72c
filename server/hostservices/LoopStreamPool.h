#pragma once

// What HostServices::streamPool() hands an adapter: the plugin::StreamPool of one TCP peer. An
// exchange asked for on an event loop runs on that loop; one asked for on another thread is handed
// to the next loop. Destroying it closes the pool: idle connections close, exchanges in flight end
// as usual. Thread-safe.

#include "hostservices/StreamPoolCore.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>

namespace portico::hostservices
{

class LoopStreamPool final : public plugin::StreamPool
{
public:
    explicit LoopStreamPool(std::shared_ptr<StreamPoolCore> core);
    ~LoopStreamPool() override;

    void exchange(std::string request, std::unique_ptr<plugin::ReplyReader> reader,
                  std::chrono::milliseconds timeout, Done done) override;

    const StreamPoolCore& core() const { return *_core; }

private:
    const std::shared_ptr<StreamPoolCore> _core;
};

} // namespace portico::hostservices
