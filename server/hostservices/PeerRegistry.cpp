#include "hostservices/PeerRegistry.h"

#include "hostservices/StreamPoolCore.h"
#include "util/LiveObjects.h"

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
    return util::takeLive(_pools);
}

} // namespace portico::hostservices
