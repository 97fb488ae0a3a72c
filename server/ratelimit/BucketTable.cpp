#include "ratelimit/BucketTable.h"

namespace portico::ratelimit
{

namespace
{

constexpr unsigned timeBits = 40;
constexpr std::uint64_t timeMask = (std::uint64_t(1) << timeBits) - 1;
constexpr std::uint64_t overflowTag = (std::uint64_t(1) << 24) - 1;
constexpr unsigned maxAttempts = 64;

std::uint64_t tagOf(std::uint64_t keyHash)
{
    // The top 24 bits; 0 marks an empty slot and the highest value the overflow bucket.
    std::uint64_t tag = keyHash >> timeBits;
    if (tag == 0 || tag == overflowTag) tag = 1;
    return tag;
}

std::uint64_t encode(std::uint64_t tag, Micros tat)
{
    return (tag << timeBits) | (static_cast<std::uint64_t>(tat) & timeMask);
}

// The TAT a word holds, as a time near now. The stored 40 bits are the TAT's low bits (they wrap
// every 12.7 days); a TAT is never further ahead of the clock than the limit's window (tolerance
// plus one interval, at most 3 days: checked when the limit is configured), so anything further
// ahead is a TAT of the past: a full bucket.
Micros decodeTat(std::uint64_t word, Micros now, const GcraLimit& limit)
{
    const std::uint64_t ahead = ((word & timeMask) - static_cast<std::uint64_t>(now)) & timeMask;
    if (ahead > static_cast<std::uint64_t>(limit.tolerance + limit.interval)) return now;
    return now + static_cast<Micros>(ahead);
}

} // namespace

BucketTable::BucketTable(std::size_t keys)
{
    std::size_t size = 16;
    while (size < keys * 2)
        size *= 2;
    _slots = std::make_unique<std::atomic<std::uint64_t>[]>(size);
    for (std::size_t i = 0; i < size; ++i)
        _slots[i].store(0, std::memory_order_relaxed);
    _mask = size - 1;
}

BucketTable::Charge BucketTable::charge(std::uint64_t keyHash, const GcraLimit& limit, Micros now)
{
    const std::uint64_t tag = tagOf(keyHash);
    for (unsigned attempt = 0; attempt < maxAttempts; ++attempt)
    {
        std::atomic<std::uint64_t>* target = nullptr;
        std::uint64_t seen = 0;
        bool own = false;
        for (unsigned probe = 0; probe < probeLength; ++probe)
        {
            std::atomic<std::uint64_t>& slot = _slots[(keyHash + probe) & _mask];
            const std::uint64_t word = slot.load(std::memory_order_acquire);
            if ((word >> timeBits) == tag)
            {
                target = &slot;
                seen = word;
                own = true;
                break;
            }
            // The first free slot: empty, or another key's bucket that is full again.
            if (target == nullptr && (word == 0 || decodeTat(word, now, limit) <= now))
            {
                target = &slot;
                seen = word;
            }
        }
        std::uint64_t writtenTag = tag;
        if (target == nullptr)
        {
            target = &_overflow;
            seen = _overflow.load(std::memory_order_acquire);
            writtenTag = overflowTag;
            own = true;
        }
        Charge charged;
        charged.decision = gcraDecide(limit, own ? decodeTat(seen, now, limit) : now, now);
        if (!charged.decision.admitted) return charged;
        if (target->compare_exchange_weak(seen, encode(writtenTag, charged.decision.tat),
                                          std::memory_order_acq_rel, std::memory_order_relaxed))
        {
            charged.held = Held{target, writtenTag};
            return charged;
        }
        // Another loop changed the slot meanwhile: look again.
    }
    // Only endless contention on one key gets here; refuse rather than admit uncounted.
    Charge refused;
    refused.decision.retryAfter = limit.interval;
    refused.decision.untilFull = limit.interval;
    return refused;
}

void BucketTable::refund(const Held& charged, const GcraLimit& limit, Micros now)
{
    if (charged.slot == nullptr) return;
    std::uint64_t word = charged.slot->load(std::memory_order_acquire);
    for (unsigned attempt = 0; attempt < maxAttempts; ++attempt)
    {
        if ((word >> timeBits) != charged.tag) return; // the slot went to another key: nothing to give back
        const Micros tat = decodeTat(word, now, limit);
        if (tat <= now) return; // already full
        if (charged.slot->compare_exchange_weak(word, encode(charged.tag, tat - limit.interval),
                                                std::memory_order_acq_rel, std::memory_order_acquire))
            return;
    }
}

std::size_t BucketTable::activeKeys(const GcraLimit& limit, Micros now) const
{
    std::size_t active = 0;
    for (std::uint64_t i = 0; i <= _mask; ++i)
    {
        const std::uint64_t word = _slots[i].load(std::memory_order_relaxed);
        if (word != 0 && decodeTat(word, now, limit) > now) ++active;
    }
    return active;
}

} // namespace portico::ratelimit
