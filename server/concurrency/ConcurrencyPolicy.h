#pragma once

// <concurrency max="N"/>: at most N requests of the route in flight past the admission slot at
// once, counted across every event loop with one atomic counter. Request N+1 is answered 503
// with Retry-After at once: nothing queues, so a slow back end cannot make the gateway hold
// memory for waiting requests. The slot is given back in onComplete(), which runs exactly once
// on every path (answered, failed upstream, timed out, client gone).

#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"

#include <atomic>
#include <cstdint>
#include <memory>

namespace portico::concurrency
{

class ConcurrencyPolicy final : public pipeline::Policy
{
public:
    explicit ConcurrencyPolicy(std::int64_t max) : _max(max) {}

    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    void onComplete(const pipeline::Exchange& exchange, pipeline::PolicyLoopState*) const override;

    std::int64_t max() const { return _max; }
    std::int64_t inFlight() const { return _inFlight.load(std::memory_order_relaxed); }

private:
    std::int64_t _max;
    mutable std::atomic<std::int64_t> _inFlight{0};
};

void registerConcurrencyModule(pipeline::PolicyRegistry& registry);

} // namespace portico::concurrency
