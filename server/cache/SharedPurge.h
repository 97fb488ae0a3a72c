#pragma once

// Purges that reach every gateway of a shared cache. The gateway asked (POST /admin/cache/purge)
// purges its memory, deletes the matching keys from Redis (SCAN and DEL), and publishes the purge
// on the channel "portico:cache:purge"; every gateway with a shared cached route listens there
// (one thread and one connection of its own, reconnecting after a second when Redis is gone) and
// purges its memory likewise. A gateway that was cut off from Redis during a purge keeps what it
// had until it expires: the README says so.

#include "cache/CacheStore.h"
#include "redis/RedisConnection.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace portico::cache
{

// The entries of route (all routes when empty) whose path starts with prefix (any when empty).
std::size_t purgeLocal(CacheStore& store, const std::string& route, const std::string& prefix);

// Deletes the shared entries so matching and tells the other gateways; the number deleted, or
// error set when Redis could not be asked.
std::size_t purgeShared(const redis::RedisSettings& redis, const std::string& route,
                        const std::string& prefix, std::string& error);

class PurgeListener
{
public:
    static PurgeListener& shared();
    ~PurgeListener();

    // Listens on this Redis (the first call starts the thread; later ones change nothing).
    void listen(std::shared_ptr<const redis::RedisSettings> redis);
    // The Redis it listens on (null when no route shares its cache).
    std::shared_ptr<const redis::RedisSettings> redis() const;
    std::uint64_t purgesHeard() const { return _heard.load(std::memory_order_relaxed); }

private:
    PurgeListener() = default;
    void run();

    mutable std::mutex _mutex;
    std::shared_ptr<const redis::RedisSettings> _redis;
    std::thread _thread;
    std::atomic<bool> _stopping{false};
    std::atomic<std::uint64_t> _heard{0};
};

} // namespace portico::cache
