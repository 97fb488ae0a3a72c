#include "hostservices/PeerRegistry.h"

namespace portico::hostservices
{

PeerRegistry& PeerRegistry::shared()
{
    static PeerRegistry registry;
    return registry;
}

} // namespace portico::hostservices
