#include "cache/CacheStore.h"

#include "util/SeededHash.h"

#include <algorithm>

namespace portico::cache
{

CacheStore::CacheStore(std::size_t budgetBytes) : _budget(budgetBytes) {}

CacheStore& CacheStore::shared()
{
    static CacheStore store;
    return store;
}

void CacheStore::setBudget(std::size_t budgetBytes)
{
    _budget.store(budgetBytes, std::memory_order_relaxed);
}

std::size_t CacheStore::maxEntryBytes() const
{
    return std::min<std::size_t>(shardBudget() / 4, 8 * 1024 * 1024);
}

std::uint64_t CacheStore::hashOf(std::string_view key)
{
    return util::seededHash64(key);
}

CacheStore::Shard& CacheStore::shardOf(std::string_view key) const
{
    return _shards[hashOf(key) % shardCount];
}

std::shared_ptr<const CachedResponse> CacheStore::find(std::string_view key) const
{
    Shard& shard = shardOf(key);
    std::lock_guard<std::mutex> lock(shard.mutex);
    const auto found = shard.index.find(key);
    if (found == shard.index.end()) return nullptr;
    promote(shard, found->second);
    return found->second->entry;
}

void CacheStore::promote(Shard& shard, List::iterator node) const
{
    if (node->isProtected)
    {
        shard.protectedList.splice(shard.protectedList.begin(), shard.protectedList, node);
        return;
    }
    // A second use: into the protected segment, whose least recently used go back to probation
    // when it outgrows its share.
    shard.probationBytes -= node->cost;
    shard.protectedBytes += node->cost;
    node->isProtected = true;
    shard.protectedList.splice(shard.protectedList.begin(), shard.probation, node);
    const std::size_t protectedLimit = shardBudget() / 5 * 4;
    while (shard.protectedBytes > protectedLimit && shard.protectedList.size() > 1)
    {
        const List::iterator last = std::prev(shard.protectedList.end());
        last->isProtected = false;
        shard.protectedBytes -= last->cost;
        shard.probationBytes += last->cost;
        shard.probation.splice(shard.probation.begin(), shard.protectedList, last);
    }
}

void CacheStore::unlink(Shard& shard, List::iterator node)
{
    shard.index.erase(node->entry->key());
    if (node->isProtected)
    {
        shard.protectedBytes -= node->cost;
        shard.protectedList.erase(node);
    }
    else
    {
        shard.probationBytes -= node->cost;
        shard.probation.erase(node);
    }
}

void CacheStore::evictOver(Shard& shard, std::size_t limit) const
{
    while (shard.probationBytes + shard.protectedBytes > limit)
    {
        List& from = shard.probation.empty() ? shard.protectedList : shard.probation;
        if (from.empty()) return;
        unlink(shard, std::prev(from.end()));
        ++shard.evictions;
    }
}

bool CacheStore::insert(std::shared_ptr<const CachedResponse> entry)
{
    const std::size_t cost = entry->cost();
    Shard& shard = shardOf(entry->key());
    const std::size_t limit = shardBudget();
    std::shared_ptr<const CachedResponse> replaced; // released after the lock
    std::lock_guard<std::mutex> lock(shard.mutex);
    const auto found = shard.index.find(entry->key());
    if (found != shard.index.end())
    {
        replaced = found->second->entry;
        unlink(shard, found->second);
    }
    if (cost > maxEntryBytes()) return false;
    evictOver(shard, limit > cost ? limit - cost : 0);
    shard.probation.push_front(Node{std::move(entry), cost, false});
    shard.probationBytes += cost;
    shard.index.emplace(shard.probation.front().entry->key(), shard.probation.begin());
    return true;
}

void CacheStore::erase(std::string_view key)
{
    Shard& shard = shardOf(key);
    std::shared_ptr<const CachedResponse> erased;
    std::lock_guard<std::mutex> lock(shard.mutex);
    const auto found = shard.index.find(key);
    if (found == shard.index.end()) return;
    erased = found->second->entry;
    unlink(shard, found->second);
}

std::size_t CacheStore::purge(const std::function<bool(const CachedResponse&)>& match)
{
    std::size_t purged = 0;
    for (Shard& shard : _shards)
    {
        std::vector<std::shared_ptr<const CachedResponse>> removed; // released after the lock
        std::lock_guard<std::mutex> lock(shard.mutex);
        for (List* list : {&shard.probation, &shard.protectedList})
        {
            for (auto node = list->begin(); node != list->end();)
            {
                const auto next = std::next(node);
                if (match(*node->entry))
                {
                    removed.push_back(node->entry);
                    unlink(shard, node);
                    ++purged;
                }
                node = next;
            }
        }
    }
    return purged;
}

CacheStore::Totals CacheStore::totals() const
{
    Totals totals;
    for (const Shard& shard : _shards)
    {
        std::lock_guard<std::mutex> lock(shard.mutex);
        totals.entries += shard.index.size();
        totals.bytes += shard.probationBytes + shard.protectedBytes;
        totals.evictions += shard.evictions;
    }
    return totals;
}

} // namespace portico::cache
