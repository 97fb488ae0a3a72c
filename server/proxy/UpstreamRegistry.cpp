#include "proxy/UpstreamRegistry.h"

#include "net/EventLoop.h"
#include "net/TlsContextFactory.h"

namespace portico::proxy
{

namespace
{

CircuitBreaker::Settings breakerSettingsOf(const config::UpstreamConfig& upstream)
{
    CircuitBreaker::Settings settings;
    settings.consecutive = upstream.maxFails;
    settings.openFor = upstream.failTimeout.count();
    settings.ratio = upstream.breaker.ratio;
    settings.window = upstream.breaker.window.count();
    settings.minRequests = upstream.breaker.minRequests;
    return settings;
}

} // namespace

UpstreamRegistry::UpstreamRegistry(const config::Config& config)
{
    for (const config::UpstreamConfig& upstream : config.upstreams)
    {
        auto state = std::make_unique<UpstreamState>();
        state->config = &upstream;
        bool needsTls = false;
        for (std::size_t i = 0; i < upstream.targets.size(); ++i)
        {
            const config::TargetConfig& targetConfig = upstream.targets[i];
            auto target = std::make_unique<TargetState>(targetConfig, i);
            target->breakerSettings = breakerSettingsOf(upstream);
            bool defaultPort = targetConfig.port == (targetConfig.https ? 443 : 80);
            std::string host = targetConfig.host.find(':') != std::string::npos
                                   ? "[" + targetConfig.host + "]"
                                   : targetConfig.host;
            target->hostHeader = defaultPort ? host : host + ":" + std::to_string(targetConfig.port);
            target->resolved = net::resolveEndpoint(targetConfig.host, targetConfig.port, target->endpoint,
                                                    target->resolveError);
            if (!target->resolved)
            {
                _problems.push_back("upstream '" + upstream.name + "' target " + targetConfig.url + ": " +
                                    target->resolveError);
            }
            needsTls = needsTls || targetConfig.https;
            state->targets.push_back(std::move(target));
        }
        if (needsTls)
        {
            state->tls = net::TlsContextFactory::clientContext(upstream.verifyTls, upstream.caFile);
        }
        _upstreams.push_back(std::move(state));
    }
}

void UpstreamRegistry::attachLoops(const std::vector<net::EventLoop*>& loops)
{
    _perLoop.clear();
    for (net::EventLoop* loop : loops)
    {
        std::vector<std::unique_ptr<LoopUpstream>> perUpstream;
        for (const auto& upstream : _upstreams)
        {
            auto local = std::make_unique<LoopUpstream>();
            local->shared = upstream.get();
            std::vector<TargetState*> targets;
            for (const auto& target : upstream->targets)
            {
                targets.push_back(target.get());
                local->pools.push_back(
                    std::make_unique<ConnectionPool>(*loop, *target, *upstream->config, upstream->tls));
            }
            // Different seeds per loop, so random balancing does not move in lock-step.
            local->balancer = Balancer::create(upstream->config->balance, std::move(targets),
                                               0x9E3779B97F4A7C15ull * (loop->index() + 1));
            perUpstream.push_back(std::move(local));
        }
        _perLoop.push_back(std::move(perUpstream));
    }
}

void UpstreamRegistry::closeIdle(unsigned loopIndex) const
{
    if (loopIndex >= _perLoop.size()) return;
    for (const auto& upstream : _perLoop[loopIndex])
        for (const auto& pool : upstream->pools)
            pool->closeIdle();
}

} // namespace portico::proxy
