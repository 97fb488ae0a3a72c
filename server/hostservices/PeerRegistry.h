#pragma once

// The adapters' stream pools of this process, for the admin API: each legacy peer with its open
// connections and its circuit breaker. Pools enroll when an adapter makes them and drop out when
// the adapter lets go of them (weak references).

#include <memory>
#include <mutex>
#include <vector>

namespace portico::hostservices
{

class StreamPoolCore;

class PeerRegistry
{
public:
    static PeerRegistry& shared();

    void enroll(const std::shared_ptr<StreamPoolCore>& pool);
    std::vector<std::shared_ptr<StreamPoolCore>> live();

private:
    std::mutex _mutex;
    std::vector<std::weak_ptr<StreamPoolCore>> _pools;
};

} // namespace portico::hostservices
