#pragma once

// Request coalescing: while one request (the leader) fetches an answer that is not in the store,
// other requests for the same key (followers, on any event loop) wait for it instead of going to
// the back end too, paused, and are woken when it lands (never polled):
// - the leader's answer was stored: each follower is answered from that entry;
// - it could not be stored, or the back end failed: each follower goes on to the handler itself;
// - the leader's client left before its answer was complete: the first follower takes over the
//   fetch as the new leader, and the others keep waiting for it.
// A flight has at most maxFollowers followers; later requests for the key go to the back end.
// Sharded by key, each shard under its own lock, held only to join or land.

#include "cache/CachedResponse.h"
#include "pipeline/ResumeToken.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::cache
{

class FlightTable
{
public:
    static constexpr std::size_t maxFollowers = 10000;

    struct Flight;

    static FlightTable& shared();

    struct Joined
    {
        std::shared_ptr<Flight> flight; // null: neither leads nor follows (the flight is full)
        bool leader = false;
    };
    // Leads the key's flight, or follows it: then pause() is called (under the shard's lock) for
    // the token that wakes the caller. exchange identifies the caller until it lands or leaves.
    Joined join(const std::string& key, const void* exchange,
                const std::function<pipeline::ResumeToken()>& pause);

    // The end of a caller that joined (its onComplete), leader or follower. For the leader,
    // stored is the entry it stored (null when none) and answered whether its client got a whole
    // answer; a follower that ends here stopped waiting (its client left, or it timed out).
    void finish(const std::shared_ptr<Flight>& flight, const void* exchange,
                std::shared_ptr<const CachedResponse> stored, bool answered);

    // Keys with a fetch under way (for tests and the admin API).
    std::size_t flying() const;

private:
    struct Shard
    {
        mutable std::mutex mutex;
        std::unordered_map<std::string, std::shared_ptr<Flight>> flights;
    };
    Shard& shardOf(std::string_view key);

    static constexpr std::size_t shardCount = 16;
    Shard _shards[shardCount];
};

struct FlightTable::Flight
{
    struct Follower
    {
        const void* exchange;
        pipeline::ResumeToken token;
    };
    std::string key;
    const void* leader = nullptr; // null once landed
    std::vector<Follower> followers;
};

} // namespace portico::cache
