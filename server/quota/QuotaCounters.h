#pragma once

// The counts of one <quota> on this node, by key (a consumer, an address, a header value): one
// 64-bit word per key holding the period it counts and how many requests it admitted, changed by
// compare-and-swap, so a charge is exact whichever loop makes it. A key's counter is made on its
// first request (under a lock taken only then; loops remember counters they have seen) and kept
// for the life of the configuration; past maxKeys, new keys share one overflow counter rather than
// grow memory. Counters charged since the last flush are marked, for the ledger to write them to
// the store database.

#include "quota/QuotaPeriod.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::quota
{

struct QuotaCounter
{
    std::atomic<std::uint64_t> word{0}; // period << 32 | used
    std::atomic<bool> dirty{false};
};

class QuotaCounters
{
public:
    // keyName: what the keys are ("consumer", "ip", "header:X-Tenant").
    QuotaCounters(std::string id, std::string keyName, QuotaPeriod period, std::uint64_t limit,
                  std::size_t maxKeys);

    const std::string& id() const { return _id; } // "ROUTE:N", stable across restarts
    const std::string& keyName() const { return _keyName; }
    QuotaPeriod period() const { return _period; }
    std::uint64_t limit() const { return _limit.load(std::memory_order_relaxed); }
    // A reload changed the limit of counters it carries over.
    void setLimit(std::uint64_t limit) { _limit.store(limit, std::memory_order_relaxed); }

    QuotaCounter& counter(const std::string& key);

    struct Decision
    {
        bool admitted = false;
        std::uint64_t used = 0; // after this request
    };
    Decision charge(QuotaCounter& counter, std::uint32_t period) const;

    // What a key used in a period (0 when it has no counter or counts another period).
    std::uint64_t used(const std::string& key, std::uint32_t period) const;
    // A count read back from the store at start: raised to it if the counter has less.
    void seed(const std::string& key, std::uint32_t period, std::uint64_t used);

    struct Usage
    {
        std::string key;
        std::uint32_t period;
        std::uint64_t used;
    };
    // The counters charged since the last call, their marks cleared.
    std::vector<Usage> takeCharged();

private:
    std::string _id;
    std::string _keyName;
    QuotaPeriod _period;
    std::atomic<std::uint64_t> _limit;
    std::size_t _maxKeys;
    mutable std::shared_mutex _mutex;
    std::unordered_map<std::string, std::unique_ptr<QuotaCounter>> _counters;
    QuotaCounter _overflow;
};

} // namespace portico::quota
