#pragma once

// The adapters' peers of this process, for the admin API: each stream pool's legacy peer with its
// open connections and its circuit breaker, and each HTTP origin with its breaker. They enroll
// when first used and drop out when their owner lets go of them (weak references).

#include <memory>
#include <mutex>
#include <vector>

namespace portico::hostservices
{

class StreamPoolCore;
struct HttpOrigin;

class PeerRegistry
{
public:
    static PeerRegistry& shared();

    void enroll(const std::shared_ptr<StreamPoolCore>& pool);
    std::vector<std::shared_ptr<StreamPoolCore>> live();

    void enrollOrigin(const std::shared_ptr<HttpOrigin>& origin);
    std::vector<std::shared_ptr<HttpOrigin>> liveOrigins();

private:
    std::mutex _mutex;
    std::vector<std::weak_ptr<StreamPoolCore>> _pools;
    std::vector<std::weak_ptr<HttpOrigin>> _origins;
};

} // namespace portico::hostservices
