#include "hostservices/PeerRegistry.h"

#include "hostservices/HttpOrigin.h"
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

void PeerRegistry::enrollOrigin(const std::shared_ptr<HttpOrigin>& origin)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _origins.push_back(origin);
}

std::vector<std::shared_ptr<HttpOrigin>> PeerRegistry::liveOrigins()
{
    std::lock_guard<std::mutex> lock(_mutex);
    return util::takeLive(_origins);
}

} // namespace portico::hostservices
