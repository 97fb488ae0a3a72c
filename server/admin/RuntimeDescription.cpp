#include "admin/RuntimeDescription.h"

#include "adapter/AdapterHandler.h"
#include "proxy/TargetState.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace portico::admin
{

namespace
{

std::string toJson(const Poco::JSON::Array& array)
{
    std::ostringstream out;
    array.stringify(out);
    return out.str();
}

const char* balanceName(config::Balance balance)
{
    switch (balance)
    {
    case config::Balance::RoundRobin:
        return "round-robin";
    case config::Balance::LeastRequests:
        return "least-requests";
    case config::Balance::Random:
        return "random";
    }
    return "";
}

} // namespace

std::string describeRoutes(const runtime::Runtime& runtime)
{
    Poco::JSON::Array routes;
    for (const std::unique_ptr<pipeline::RoutePipeline>& pipeline : runtime.table.routes)
    {
        const config::RouteConfig& route = pipeline->config();
        Poco::JSON::Object entry;
        entry.set("name", route.name);
        entry.set("path", route.pathTemplate);
        Poco::JSON::Array methods;
        for (const std::string& method : route.methods)
            methods.add(method);
        entry.set("methods", methods);
        if (!route.host.empty()) entry.set("host", route.host);
        Poco::JSON::Object handler;
        if (route.handler == config::HandlerKind::Proxy)
        {
            handler.set("kind", "proxy");
            handler.set("upstream", runtime.config->upstreams.at(route.proxy.upstreamIndex).name);
        }
        else
        {
            handler.set("kind", "adapter");
            handler.set("type", route.adapter.type);
            // What the adapter leaves out of this route (an operation it cannot map), and why.
            Poco::JSON::Array unavailable;
            try
            {
                const auto& factory = static_cast<const adapter::AdapterHandlerFactory&>(pipeline->handler());
                for (const plugin::Adapter::Unavailable& missing : factory.adapter().unavailable())
                {
                    Poco::JSON::Object item;
                    item.set("name", missing.name);
                    item.set("reason", missing.reason);
                    unavailable.add(item);
                }
            }
            catch (...)
            {
                // A plugin that throws here says nothing about what it lacks.
            }
            if (unavailable.size() > 0) handler.set("unavailable", unavailable);
        }
        entry.set("handler", handler);
        // In the order they run.
        Poco::JSON::Array policies;
        for (const pipeline::RoutePipeline::Stage& stage : pipeline->stages())
        {
            for (const config::RoutePolicyConfig& configured : route.policies)
            {
                if (configured.policy != stage.policy) continue;
                Poco::JSON::Object policy;
                policy.set("element", configured.element);
                policy.set("slot", std::string(pipeline::slotName(configured.slot)));
                if (configured.fromDefaults) policy.set("fromDefaults", true);
                policies.add(policy);
            }
        }
        entry.set("policies", policies);
        routes.add(entry);
    }
    return toJson(routes);
}

std::string describeUpstreams(const runtime::Runtime& runtime, util::MonoMillis now)
{
    Poco::JSON::Array upstreams;
    for (const std::unique_ptr<proxy::UpstreamState>& upstream : runtime.upstreams.upstreams())
    {
        Poco::JSON::Object entry;
        entry.set("name", upstream->config->name);
        entry.set("balance", std::string(balanceName(upstream->config->balance)));
        Poco::JSON::Array targets;
        for (const std::unique_ptr<proxy::TargetState>& target : upstream->targets)
        {
            Poco::JSON::Object state;
            state.set("url", target->config.url);
            state.set("weight", static_cast<int>(target->config.weight));
            state.set("healthy", target->available(now));
            state.set("resolved", target->resolved);
            if (!target->resolveError.empty()) state.set("resolveError", target->resolveError);
            state.set("activeCheck", target->activelyHealthy.load(std::memory_order_relaxed) ? "up" : "down");
            // "ejected" stays for readers of earlier releases: the breaker is open.
            const proxy::CircuitBreaker::State circuit = target->breaker.state(now);
            state.set("ejected", circuit == proxy::CircuitBreaker::State::Open);
            state.set("circuit", proxy::CircuitBreaker::stateName(circuit));
            state.set("circuitOpened", target->breaker.timesOpened());
            state.set("inFlight", static_cast<int>(target->inFlight.load(std::memory_order_relaxed)));
            state.set("failures",
                      static_cast<Poco::UInt64>(target->failures.load(std::memory_order_relaxed)));
            targets.add(state);
        }
        entry.set("targets", targets);
        upstreams.add(entry);
    }
    return toJson(upstreams);
}

} // namespace portico::admin
