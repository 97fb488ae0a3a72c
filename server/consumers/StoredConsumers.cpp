#include "consumers/StoredConsumers.h"

namespace portico::consumers
{

StoredConsumers& StoredConsumers::shared()
{
    static StoredConsumers consumers;
    return consumers;
}

void StoredConsumers::publish(std::shared_ptr<const ConsumerIndex> index)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _index = std::move(index);
    _version.fetch_add(1, std::memory_order_acq_rel);
}

std::shared_ptr<const ConsumerIndex> StoredConsumers::current() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _index;
}

} // namespace portico::consumers
