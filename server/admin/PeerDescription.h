#pragma once

// GET /admin/peers: the legacy peers the adapters' stream pools talk to (TCP endpoints), each with
// its connections and the state of its circuit breaker.

#include "util/Clock.h"

#include <string>

namespace portico::admin
{

std::string describePeers(util::MonoMillis now);

} // namespace portico::admin
