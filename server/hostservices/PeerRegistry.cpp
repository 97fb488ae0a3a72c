#include "hostservices/PeerRegistry.h"

#include "hostservices/StreamPoolCore.h"

namespace portico::hostservices
{

PeerRegistry& PeerRegistry::shared()
{
    static PeerRegistry registry;
    return registry;
}

void PeerRegistry::enroll(const std::shared_ptr<StreamPoolCore>& pool)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _pools.push_back(pool);
}

std::vector<std::shared_ptr<StreamPoolCore>> PeerRegistry::live()
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<std::shared_ptr<StreamPoolCore>> pools;
    for (auto entry = _pools.begin(); entry != _pools.end();)
    {
        if (std::shared_ptr<StreamPoolCore> pool = entry->lock())
        {
            pools.push_back(std::move(pool));
            ++entry;
        }
        else
            entry = _pools.erase(entry);
    }
    return pools;
}

} // namespace portico::hostservices
