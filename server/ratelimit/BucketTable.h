#pragma once

// The buckets of one limit on one node: a fixed table of 64-bit words, shared by every event
// loop and updated with compare-and-swap only, so admission takes no lock and never waits for
// another loop. Each word is a key tag (24 bits of a seeded hash of the key) and the key's GCRA
// TAT (40 bits of microseconds, read relative to the clock, so its wrapping every 12.7 days is
// harmless).
//
// Memory is bounded by construction: a key lives in one of a few slots next to its hash; an idle
// key (its bucket full again) holds nothing worth keeping, so its slot is taken by the next key
// that needs one. When a flood of distinct keys leaves a key no slot, that key is charged to one
// shared overflow bucket with the same limit: the flood is limited together instead of growing
// memory or getting through unlimited. Racing first requests of one key pick the same slot (the
// first free one in probe order) and the compare-and-swap lets one win; the other tries again
// and finds the key.

#include "ratelimit/Gcra.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace portico::ratelimit
{

class BucketTable
{
public:
    static constexpr unsigned probeLength = 8;

    // Room for about keys keys at once (the table has at least twice as many slots).
    explicit BucketTable(std::size_t keys);

    // Where an admitted request was charged (slot null: nowhere). No initialisers, so an array of
    // them on the request path costs nothing until used.
    struct Held
    {
        std::atomic<std::uint64_t>* slot;
        std::uint64_t tag;
    };
    struct Charge
    {
        GcraDecision decision;
        Held held{nullptr, 0};
    };
    // Decides one request of the key whose seeded hash is keyHash at now, and charges it when admitted.
    Charge charge(std::uint64_t keyHash, const GcraLimit& limit, Micros now);
    // Gives back an admitted request's token (a later limit of the same route refused the request).
    void refund(const Held& charged, const GcraLimit& limit, Micros now);

    std::size_t slots() const { return _mask + 1; }
    // Keys whose bucket is not full at now (for tests and the admin API).
    std::size_t activeKeys(const GcraLimit& limit, Micros now) const;

    // The furthest a TAT may run ahead of the clock (tolerance plus one interval) for the 40 bits
    // a slot keeps of it.
    static constexpr Micros maxWindow = Micros(3) * 24 * 3600 * 1'000'000;

private:
    std::unique_ptr<std::atomic<std::uint64_t>[]> _slots;
    std::uint64_t _mask = 0;
    std::atomic<std::uint64_t> _overflow{0};
};

} // namespace portico::ratelimit
