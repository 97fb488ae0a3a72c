#pragma once

// The consumers and keys of the consumer store, as an index the request path reads: published
// whole by the admin side after each change (a new immutable ConsumerIndex), read by each event
// loop through a version number (one atomic load per request) and a copy of the pointer taken
// only when the version changed. So a consumer or key created or deleted through the admin API
// takes effect on the next request, and no request takes a lock to see it. One per process.

#include "consumers/ConsumerIndex.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace portico::consumers
{

class StoredConsumers
{
public:
    static StoredConsumers& shared();

    void publish(std::shared_ptr<const ConsumerIndex> index);
    std::uint64_t version() const { return _version.load(std::memory_order_acquire); }
    // Null until something was published (no <store>).
    std::shared_ptr<const ConsumerIndex> current() const;

private:
    mutable std::mutex _mutex;
    std::shared_ptr<const ConsumerIndex> _index;
    std::atomic<std::uint64_t> _version{0};
};

} // namespace portico::consumers
