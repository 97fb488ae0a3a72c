#pragma once

// The gateway's response store: bounded by bytes (each entry's cost(), bookkeeping included),
// split into shards by the key's hash, each with its own lock, so hits on different keys rarely
// meet on one lock and a lock is held only to find or link an entry (never while bytes are
// copied). Each shard is a segmented LRU, which resists scans: a new entry starts in the
// probation segment and only a second hit moves it to the protected one (at most 80% of the
// shard); eviction takes probation's least recently used first, so a burst of one-off keys
// (a crawler) evicts other one-off keys, not the entries that keep being hit.

#include "cache/CachedResponse.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::cache
{

class CacheStore
{
public:
    static constexpr std::size_t shardCount = 16;
    static constexpr std::size_t defaultBudget = 64 * 1024 * 1024;

    explicit CacheStore(std::size_t budgetBytes = defaultBudget);

    // The process's store, shared by every cached route.
    static CacheStore& shared();

    // A new budget, applied (evicting) as entries are next stored.
    void setBudget(std::size_t budgetBytes);
    std::size_t budget() const { return _budget.load(std::memory_order_relaxed); }
    // The largest entry it keeps: a quarter of a shard, at most 8 MiB.
    std::size_t maxEntryBytes() const;

    std::shared_ptr<const CachedResponse> find(std::string_view key) const;
    // Stores it (replacing an entry of the same key); false when it is too large to keep.
    bool insert(std::shared_ptr<const CachedResponse> entry);
    void erase(std::string_view key);
    // Removes the entries for which match is true; returns how many.
    std::size_t purge(const std::function<bool(const CachedResponse&)>& match);

    struct Totals
    {
        std::size_t entries = 0;
        std::size_t bytes = 0;
        std::uint64_t evictions = 0;
    };
    Totals totals() const;

    static std::uint64_t hashOf(std::string_view key);

private:
    struct Node
    {
        std::shared_ptr<const CachedResponse> entry;
        std::size_t cost = 0;
        bool isProtected = false;
    };
    using List = std::list<Node>;
    struct Shard
    {
        mutable std::mutex mutex;
        List probation; // front: most recently used
        List protectedList;
        std::unordered_map<std::string_view, List::iterator> index; // views the entries' keys
        std::size_t probationBytes = 0;
        std::size_t protectedBytes = 0;
        std::uint64_t evictions = 0;
    };

    Shard& shardOf(std::string_view key) const;
    std::size_t shardBudget() const { return budget() / shardCount; }
    static void unlink(Shard& shard, List::iterator node); // under the shard's lock
    void evictOver(Shard& shard, std::size_t limit) const; // under the shard's lock
    void promote(Shard& shard, List::iterator node) const; // under the shard's lock

    std::atomic<std::size_t> _budget;
    mutable Shard _shards[shardCount];
};

} // namespace portico::cache
