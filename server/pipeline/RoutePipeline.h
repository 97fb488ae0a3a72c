#pragma once

// The compiled pipeline of one route: its policies in slot order, each with its per-loop
// state, and its handler. Built once per configuration; read-only afterwards, except that each
// loop state is used by its own loop only.

#include "config/Config.h"
#include "pipeline/Handler.h"
#include "pipeline/Policy.h"

#include <memory>
#include <vector>

namespace portico::net
{
class EventLoop;
}

namespace portico::pipeline
{

struct Exchange;

class RoutePipeline
{
public:
    struct Stage
    {
        std::shared_ptr<const Policy> policy;
        Slot slot = Slot::Transforms;
        std::vector<std::unique_ptr<PolicyLoopState>> perLoop; // by loop index, after attachLoops()
    };

    // Takes the route's configured policies (route.policies) in slot order.
    RoutePipeline(const config::RouteConfig& route, std::unique_ptr<HandlerFactory> handler);

    const config::RouteConfig& config() const { return _route; }
    const HandlerFactory& handler() const { return *_handler; }
    const std::vector<Stage>& stages() const { return _stages; }
    bool observesResponseBody() const { return _observesBody; }
    bool needsRequestBody() const { return _needsBody; }
    bool answersPreflight() const { return _answersPreflight; }

    // Adds a policy after those of its slot (configuration order inside a slot).
    void addPolicy(Slot slot, std::shared_ptr<const Policy> policy);
    // Creates each policy's state for each loop; call once, before the loops serve this route.
    void attachLoops(const std::vector<net::EventLoop*>& loops);

    PolicyLoopState* loopState(std::size_t stage, unsigned loopIndex) const
    {
        const Stage& entry = _stages[stage];
        return loopIndex < entry.perLoop.size() ? entry.perLoop[loopIndex].get() : nullptr;
    }

private:
    const config::RouteConfig& _route;
    std::unique_ptr<HandlerFactory> _handler;
    std::vector<Stage> _stages;
    bool _observesBody = false;
    bool _needsBody = false;
    bool _answersPreflight = false;
};

// Observers of finished exchanges across all routes (access log; audit later). Called on the
// loop thread, once per exchange, after the route's own policies' onComplete().
class CompletionStage
{
public:
    virtual ~CompletionStage() = default;
    virtual void onComplete(const Exchange& exchange, util::MonoMillis now) = 0;
};

} // namespace portico::pipeline
