#pragma once

// The live state of one upstream target, shared by every event loop: counters are atomics
// (relaxed: they steer load balancing, they do not guard memory). Every loop's requests to the
// target touch this one cache line, so the data path writes it only when something changes:
// inFlight only for least-requests upstreams (its only reader), the breaker's failure count only
// when not 0.

#include "config/Config.h"
#include "net/SocketOps.h"
#include "proxy/CircuitBreaker.h"
#include "util/Clock.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace portico::proxy
{

struct TargetState
{
    TargetState(const config::TargetConfig& configuration, std::size_t targetIndex)
        : config(configuration), index(targetIndex)
    {
    }

    const config::TargetConfig& config;
    std::size_t index;
    net::Endpoint endpoint;
    bool resolved = false;
    std::string resolveError;
    std::string hostHeader; // "host" or "host:port" when the port is not the scheme's default

    std::atomic<unsigned> inFlight{0};
    std::atomic<bool> activelyHealthy{true};
    std::atomic<std::uint64_t> failures{0}; // all failures so far (written on failures only)
    // Passive health: the upstream's maxFails and failTimeout, and <circuitBreaker> when given.
    CircuitBreaker::Settings breakerSettings;
    CircuitBreaker breaker;

    // A request could go there now: resolved, not marked down by active checks, breaker not open.
    bool available(util::MonoMillis now) const
    {
        return resolved && activelyHealthy.load(std::memory_order_relaxed) && admits(now);
    }
    bool admits(util::MonoMillis now) const { return breaker.admits(breakerSettings, now); }
    // Takes the right to send one request (the probe, when the breaker is half-open).
    bool acquire(util::MonoMillis now) { return breaker.acquire(breakerSettings, now); }

    void recordSuccess() { breaker.onSuccess(); }
    void recordFailure(util::MonoMillis now)
    {
        failures.fetch_add(1, std::memory_order_relaxed);
        breaker.onFailure(breakerSettings, now);
    }
};

} // namespace portico::proxy
