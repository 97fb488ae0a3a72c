#pragma once

// The adapters' peers of this process, for the admin API: each stream pool's legacy peer with its
// open connections and its circuit breaker, and each HTTP origin with its breaker. They enroll
// when first used and drop out when their owner lets go of them (weak references).

#include "util/LiveObjects.h"

namespace portico::hostservices
{

class StreamPoolCore;
struct HttpOrigin;

struct PeerRegistry
{
    static PeerRegistry& shared();

    util::LiveRegistry<StreamPoolCore> pools;
    util::LiveRegistry<HttpOrigin> origins;
};

} // namespace portico::hostservices
