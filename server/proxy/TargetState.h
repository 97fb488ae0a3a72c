#pragma once

// The live state of one upstream target, shared by every event loop: counters are atomics
// (relaxed: they steer load balancing, they do not guard memory). Every loop's requests to the
// target touch this one cache line, so the data path writes it only when something changes:
// inFlight only for least-requests upstreams (its only reader), consecutiveFailures only when not 0.

#include "config/Config.h"
#include "net/SocketOps.h"
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
    std::atomic<unsigned> consecutiveFailures{0};
    std::atomic<util::MonoMillis> ejectedUntil{0};
    std::atomic<bool> activelyHealthy{true};
    std::atomic<std::uint64_t> failures{0}; // all failures so far (written on failures only)

    // Usable now: not ejected by passive health and not marked down by active checks.
    bool available(util::MonoMillis now) const
    {
        return resolved && activelyHealthy.load(std::memory_order_relaxed) &&
               ejectedUntil.load(std::memory_order_relaxed) <= now;
    }

    void recordSuccess()
    {
        if (consecutiveFailures.load(std::memory_order_relaxed) != 0)
        {
            consecutiveFailures.store(0, std::memory_order_relaxed);
        }
    }

    // Passive health: maxFails failures in a row eject the target for failTimeout.
    void recordFailure(util::MonoMillis now, unsigned maxFails, util::MonoMillis failTimeout)
    {
        failures.fetch_add(1, std::memory_order_relaxed);
        unsigned count = consecutiveFailures.fetch_add(1, std::memory_order_relaxed) + 1;
        if (maxFails > 0 && count >= maxFails)
        {
            ejectedUntil.store(now + failTimeout, std::memory_order_relaxed);
            consecutiveFailures.store(0, std::memory_order_relaxed);
        }
    }
};

} // namespace portico::proxy
