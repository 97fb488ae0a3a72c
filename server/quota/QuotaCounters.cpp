#include "quota/QuotaCounters.h"

#include <mutex>

namespace portico::quota
{

namespace
{

constexpr std::uint64_t pack(std::uint32_t period, std::uint64_t used)
{
    return (static_cast<std::uint64_t>(period) << 32) | (used & 0xFFFFFFFFu);
}

} // namespace

QuotaCounters::QuotaCounters(std::string id, std::string keyName, QuotaPeriod period, std::uint64_t limit,
                             std::size_t maxKeys)
    : _id(std::move(id)), _keyName(std::move(keyName)), _period(period), _limit(limit), _maxKeys(maxKeys)
{
}

QuotaCounter& QuotaCounters::counter(const std::string& key)
{
    {
        std::shared_lock<std::shared_mutex> reading(_mutex);
        const auto found = _counters.find(key);
        if (found != _counters.end()) return *found->second;
    }
    std::unique_lock<std::shared_mutex> writing(_mutex);
    const auto found = _counters.find(key);
    if (found != _counters.end()) return *found->second;
    if (_counters.size() >= _maxKeys) return _overflow;
    return *_counters.emplace(key, std::make_unique<QuotaCounter>()).first->second;
}

QuotaCounters::Decision QuotaCounters::charge(QuotaCounter& counter, std::uint32_t period) const
{
    std::uint64_t word = counter.word.load(std::memory_order_acquire);
    for (;;)
    {
        // A count of an earlier period starts again from zero.
        const std::uint64_t used = (word >> 32) == period ? (word & 0xFFFFFFFFu) : 0;
        if (used >= limit()) return Decision{false, used};
        if (counter.word.compare_exchange_weak(word, pack(period, used + 1), std::memory_order_acq_rel,
                                               std::memory_order_acquire))
        {
            counter.dirty.store(true, std::memory_order_release);
            return Decision{true, used + 1};
        }
    }
}

std::uint64_t QuotaCounters::used(const std::string& key, std::uint32_t period) const
{
    std::shared_lock<std::shared_mutex> reading(_mutex);
    const auto found = _counters.find(key);
    if (found == _counters.end()) return 0;
    const std::uint64_t word = found->second->word.load(std::memory_order_acquire);
    return (word >> 32) == period ? (word & 0xFFFFFFFFu) : 0;
}

void QuotaCounters::seed(const std::string& key, std::uint32_t period, std::uint64_t used)
{
    QuotaCounter& target = counter(key);
    std::uint64_t word = target.word.load(std::memory_order_acquire);
    for (;;)
    {
        const std::uint64_t current = (word >> 32) == period ? (word & 0xFFFFFFFFu) : 0;
        if ((word >> 32) > period || current >= used) return;
        if (target.word.compare_exchange_weak(word, pack(period, used), std::memory_order_acq_rel,
                                              std::memory_order_acquire))
            return;
    }
}

std::vector<QuotaCounters::Usage> QuotaCounters::takeCharged()
{
    std::vector<Usage> charged;
    std::shared_lock<std::shared_mutex> reading(_mutex);
    for (const auto& [key, counter] : _counters)
    {
        if (!counter->dirty.exchange(false, std::memory_order_acq_rel)) continue;
        const std::uint64_t word = counter->word.load(std::memory_order_acquire);
        charged.push_back(Usage{key, static_cast<std::uint32_t>(word >> 32), word & 0xFFFFFFFFu});
    }
    return charged;
}

} // namespace portico::quota
