#include "pipeline/RoutePipeline.h"

#include "net/EventLoop.h"

namespace portico::pipeline
{

RoutePipeline::RoutePipeline(const config::RouteConfig& route, std::unique_ptr<HandlerFactory> handler)
    : _route(route), _handler(std::move(handler))
{
    for (const config::RoutePolicyConfig& configured : route.policies)
    {
        addPolicy(configured.slot, configured.policy);
    }
}

void RoutePipeline::addPolicy(Slot slot, std::shared_ptr<const Policy> policy)
{
    auto after = _stages.begin();
    while (after != _stages.end() && after->slot <= slot)
    {
        ++after;
    }
    Stage stage;
    stage.slot = slot;
    stage.policy = std::move(policy);
    _observesBody = _observesBody || stage.policy->observesResponseBody();
    _needsBody = _needsBody || stage.policy->needsRequestBody();
    _answersPreflight = _answersPreflight || stage.policy->answersPreflight();
    _stages.insert(after, std::move(stage));
}

void RoutePipeline::attachLoops(const std::vector<net::EventLoop*>& loops)
{
    for (Stage& stage : _stages)
    {
        stage.perLoop.clear();
        for (net::EventLoop* loop : loops)
        {
            if (stage.perLoop.size() <= loop->index())
            {
                stage.perLoop.resize(loop->index() + 1);
            }
            stage.perLoop[loop->index()] = stage.policy->createLoopState(*loop);
        }
    }
}

} // namespace portico::pipeline
