#include "cache/FlightTable.h"

#include "cache/CachedReply.h"
#include "util/SeededHash.h"
#include "util/WallClock.h"

namespace portico::cache
{

FlightTable& FlightTable::shared()
{
    static FlightTable table;
    return table;
}

FlightTable::Shard& FlightTable::shardOf(std::string_view key)
{
    return _shards[util::seededHash64(key) % shardCount];
}

FlightTable::Joined FlightTable::join(const std::string& key, const void* exchange,
                                      const std::function<pipeline::ResumeToken()>& pause)
{
    Shard& shard = shardOf(key);
    std::lock_guard<std::mutex> lock(shard.mutex);
    std::shared_ptr<Flight>& flight = shard.flights[key];
    if (!flight)
    {
        flight = std::make_shared<Flight>();
        flight->key = key;
        flight->leader = exchange;
        return Joined{flight, true};
    }
    if (flight->followers.size() >= maxFollowers) return Joined{};
    flight->followers.push_back(Flight::Follower{exchange, pause()});
    return Joined{flight, false};
}

void FlightTable::finish(const std::shared_ptr<Flight>& flight, const void* exchange,
                         std::shared_ptr<const CachedResponse> stored, bool answered)
{
    std::vector<Flight::Follower> woken;
    {
        Shard& shard = shardOf(flight->key);
        std::lock_guard<std::mutex> lock(shard.mutex);
        if (flight->leader != exchange)
        {
            // A follower that stopped waiting.
            for (auto follower = flight->followers.begin(); follower != flight->followers.end(); ++follower)
            {
                if (follower->exchange != exchange) continue;
                flight->followers.erase(follower);
                break;
            }
            return;
        }
        if (!stored && !answered && !flight->followers.empty())
        {
            // The leader's client left mid-fetch: the first follower fetches instead.
            Flight::Follower next = std::move(flight->followers.front());
            flight->followers.erase(flight->followers.begin());
            flight->leader = next.exchange;
            woken.push_back(std::move(next));
        }
        else
        {
            flight->leader = nullptr;
            woken.swap(flight->followers);
            const auto found = shard.flights.find(flight->key);
            if (found != shard.flights.end() && found->second == flight) shard.flights.erase(found);
        }
    }
    // Outside the lock: firing posts to each follower's loop.
    const std::int64_t now = util::wallClockSeconds();
    for (Flight::Follower& follower : woken)
    {
        if (stored)
            follower.token.reply(replyFromEntry(*stored, now, "HIT"), markAnsweredFromStore);
        else
            follower.token.next();
    }
}

std::size_t FlightTable::flying() const
{
    std::size_t count = 0;
    for (const Shard& shard : _shards)
    {
        std::lock_guard<std::mutex> lock(shard.mutex);
        count += shard.flights.size();
    }
    return count;
}

} // namespace portico::cache
