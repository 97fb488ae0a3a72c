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

    // Returns the chosen target, or nullptr when targets is empty. Targets whose bit is set in
    // tried (index < 64) are avoided; unavailable ones (ejected, failing active checks) too.
    // When every target is avoided or unavailable, any untried target is taken anyway, then any
    // at all: sending traffic to a target that may have recovered beats refusing everything.
    virtual TargetState* choose(util::MonoMillis now, std::uint64_t tried) = 0;

    static std::unique_ptr<Balancer> create(config::Balance kind, std::vector<TargetState*> targets,
                                            std::uint64_t seed);
};

} // namespace portico::proxy
