#pragma once

// Picks the target for the next attempt. One Balancer per upstream and event loop, so its
// round-robin and random state needs no lock; least-requests reads the shared in-flight counts.

#include "config/Config.h"
#include "proxy/TargetState.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace portico::proxy
{

class Balancer
{
public:
    virtual ~Balancer() = default;

    // Returns the chosen target, with the right to send to it taken (its circuit breaker's probe
    // when half-open), or nullptr when there is none. Targets whose bit is set in tried
    // (index < 64) are avoided; unavailable ones (failing active checks) too. When every target
    // is avoided or unavailable, any untried target is taken anyway, then any at all — but never
    // one whose breaker is open: when all are open, nullptr, and the request is refused at once.
    virtual TargetState* choose(util::MonoMillis now, std::uint64_t tried) = 0;

    static std::unique_ptr<Balancer> create(config::Balance kind, std::vector<TargetState*> targets,
                                            std::uint64_t seed);
};

} // namespace portico::proxy
