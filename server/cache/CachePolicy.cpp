#include "cache/CachePolicy.h"

#include "cache/CacheControl.h"
#include "cache/CacheKey.h"
#include "cache/CachedReply.h"
#include "cache/CanonicalJson.h"
#include "cache/ResponseCapture.h"
#include "cache/SharedCache.h"
#include "cache/SharedPurge.h"
#include "crypto/Sha256.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"
#include "pipeline/ResponseHead.h"
#include "redis/RedisSettingsFactory.h"
#include "util/Strings.h"
#include "util/WallClock.h"

#include <unordered_map>

namespace portico::cache
{

namespace
{

constexpr const char* bypassed = "BYPASS";

// What the policy knows of one exchange between its hooks, on the exchange's loop.
struct Pending
{
    std::string key;
    std::int64_t requestTime = 0;
    std::shared_ptr<const CachedResponse> stale;  // a stored answer past freshness, for staleIfError
    std::unique_ptr<CapturedResponse> filling;    // the answer being stored
    std::shared_ptr<const CachedResponse> stored; // stored once whole, before the client has it all
    bool lengthKnown = false;
    std::uint64_t expectedLength = 0;
    std::shared_ptr<FlightTable::Flight> flight; // the fetch of this key it leads or waits for
};

class CacheLoopState final : public pipeline::PolicyLoopState
{
public:
    std::unordered_map<const pipeline::Exchange*, Pending> pending;
    std::string key;       // reused for lookups
    std::string canonical; // reused for POST bodies
};

std::int64_t wallSeconds(const pipeline::Exchange& exchange)
{
    return exchange.startedAtWallMicros / 1'000'000;
}

CacheControl requestCacheControl(const http::HttpHead& request)
{
    CacheControl control;
    for (const http::HeaderField& field : request.headers)
        if (util::equalsIgnoreCase(field.name, "cache-control")) control.add(field.value);
    return control;
}

// Keeps a whole answer: in this gateway's memory and, with a shared cache, in Redis.
void storeWhole(Pending& pending, CacheStore& store, const std::shared_ptr<const redis::RedisSettings>& redis)
{
    std::shared_ptr<const CachedResponse> entry = CachedResponse::build(*pending.filling);
    pending.filling.reset();
    if (!store.insert(entry)) return;
    if (redis) writeShared(redis, *entry, util::wallClockSeconds());
    pending.stored = std::move(entry);
}

bool failedAnswer(int status)
{
    return status == 500 || status == 502 || status == 503 || status == 504;
}

} // namespace

CachePolicy::CachePolicy(std::string route, CacheSettings settings, CacheStore& store, FlightTable& flights,
                         std::shared_ptr<const redis::RedisSettings> redis)
    : _route(std::make_shared<const std::string>(std::move(route))), _settings(std::move(settings)),
      _store(store), _flights(flights), _redis(std::move(redis))
{
}

std::shared_ptr<const pipeline::Policy> CachePolicy::build(const pipeline::PolicyElement& input)
{
    CacheSettings settings;
    if (!parseCacheSettings(input.context, input.element, settings)) return nullptr;
    std::shared_ptr<const redis::RedisSettings> redis;
    if (settings.shared)
    {
        if (!input.config.redis.configured())
        {
            input.context.error(
                input.context.position(input.element),
                "<cache shared=\"true\"> shares entries through the gateways' Redis: add <redis "
                "address=\"HOST:PORT\"/>");
            return nullptr;
        }
        redis = redis::redisSettingsFor(input.config.redis, input.context);
        if (!redis) return nullptr;
    }
    return std::make_shared<const CachePolicy>(input.route.name, std::move(settings), CacheStore::shared(),
                                               FlightTable::shared(), std::move(redis));
}

std::unique_ptr<pipeline::PolicyLoopState> CachePolicy::createLoopState(net::EventLoop&) const
{
    // Going live: a shared cache hears the purges made through the other gateways.
    if (_redis) PurgeListener::shared().listen(_redis);
    return std::make_unique<CacheLoopState>();
}

pipeline::Verdict CachePolicy::onRequest(pipeline::RequestContext& context) const
{
    pipeline::Exchange& exchange = context.exchange();
    auto& state = *static_cast<CacheLoopState*>(context.loopState());
    const http::HttpHead& request = exchange.request;
    const bool head = request.method == "HEAD";
    const bool post = request.method == "POST" && _settings.post;
    // Hits and bypasses keep nothing between hooks: only misses take a place in the loop's table.
    if (request.method != "GET" && !head && !post)
    {
        exchange.cacheOutcome = bypassed;
        return pipeline::Verdict::Next;
    }
    // A POST read is keyed by what its body means: a body that is not JSON is not cached.
    std::string digest;
    if (post)
    {
        if (!canonicalJson(exchange.requestBody, state.canonical))
        {
            exchange.cacheOutcome = bypassed;
            return pipeline::Verdict::Next;
        }
        digest = crypto::toHex(crypto::sha256(state.canonical));
    }
    const CacheControl control = requestCacheControl(request);
    if (control.noStore || (exchange.consumer.empty() && request.has("authorization")))
    {
        exchange.cacheOutcome = bypassed;
        return pipeline::Verdict::Next;
    }
    buildCacheKey(*_route, exchange, _settings, digest, state.key);
    std::shared_ptr<const CachedResponse> entry = _store.find(state.key);
    std::shared_ptr<const CachedResponse> stale;
    if (entry && varyMatches(*entry, request))
    {
        const std::int64_t now = util::wallClockSeconds();
        if (!control.noCache && entry->fresh(now))
        {
            exchange.cacheOutcome = "HIT";
            pipeline::LocalReply& answer = context.reply(200, {});
            answer = answerFromEntry(request, *entry, now);
            return pipeline::Verdict::Done;
        }
        if (entry->usableOnError(now)) stale = std::move(entry);
    }
    Pending& pending = state.pending[&exchange];
    pending = Pending();
    pending.requestTime = wallSeconds(exchange);
    pending.stale = std::move(stale);
    if (head) return pipeline::Verdict::Next; // a HEAD's answer has no body to store
    pending.key = state.key;
    if (control.noCache) return pipeline::Verdict::Next; // asked for a fetch of its own
    // Another request fetching this key already: wait for its answer rather than ask again.
    const FlightTable::Joined joined = _flights.join(state.key, &exchange, [&] { return context.pause(); });
    pending.flight = joined.flight;
    if (joined.flight && !joined.leader) return pipeline::Verdict::Pause;
    if (!_redis) return pipeline::Verdict::Next;
    // Not in this gateway's memory: perhaps another gateway stored it.
    SharedLookup lookup;
    lookup.redis = _redis;
    lookup.flight = pending.flight;
    lookup.exchange = &exchange;
    lookup.key = state.key;
    lookup.route = _route;
    lookup.path = exchange.normalizedPath;
    for (const http::HeaderField& field : request.headers)
        lookup.requestFields.emplace_back(std::string(field.name), std::string(field.value));
    lookup.store = &_store;
    lookup.flights = &_flights;
    lookup.token = context.pause();
    lookup.send();
    return pipeline::Verdict::Pause;
}

pipeline::Verdict CachePolicy::onResponseHead(pipeline::ResponseContext& context) const
{
    pipeline::Exchange& exchange = context.exchange();
    auto& state = *static_cast<CacheLoopState*>(context.loopState());
    pipeline::ResponseHead& head = context.head();
    const auto found = state.pending.find(&exchange);
    if (found == state.pending.end())
    {
        // A hit carries its X-Cache already; a bypass is marked here.
        if (exchange.cacheOutcome == bypassed) head.set("X-Cache", "BYPASS");
        return pipeline::Verdict::Next;
    }
    // Answered from an entry found for it elsewhere (its leader's, or the shared store's).
    if (exchange.cacheOutcome != nullptr) return pipeline::Verdict::Next;
    Pending& pending = found->second;
    const std::int64_t now = util::wallClockSeconds();
    if (failedAnswer(head.status) && pending.stale && pending.stale->usableOnError(now))
    {
        // The back end failed: the stored answer, though past its freshness, is better than none.
        exchange.cacheOutcome = "STALE";
        pipeline::ResumeToken token = context.pause();
        token.reply(replyFromEntry(*pending.stale, now, "STALE"));
        pending.stale.reset();
        return pipeline::Verdict::Pause;
    }
    exchange.cacheOutcome = "MISS";
    head.set("X-Cache", "MISS");
    if (context.localReply() || pending.key.empty()) return pipeline::Verdict::Next;
    pending.filling = startCapture(CaptureInput{head, exchange, _settings, _route, std::move(pending.key),
                                                pending.requestTime, now, _store.maxEntryBytes()});
    pending.lengthKnown = head.bodyLength == pipeline::BodyLength::Known;
    pending.expectedLength = head.contentLength;
    return pipeline::Verdict::Next;
}

void CachePolicy::onResponseBody(const pipeline::Exchange& exchange, pipeline::PolicyLoopState* loopState,
                                 const char* data, std::size_t length) const
{
    auto& state = *static_cast<CacheLoopState*>(loopState);
    const auto found = state.pending.find(&exchange);
    if (found == state.pending.end() || !found->second.filling) return;
    std::string& body = found->second.filling->body;
    if (body.size() + length > _store.maxEntryBytes())
    {
        found->second.filling.reset(); // too large to keep: not stored at all
        return;
    }
    body.append(data, length);
}

void CachePolicy::onResponseEnd(const pipeline::Exchange& exchange,
                                pipeline::PolicyLoopState* loopState) const
{
    auto& state = *static_cast<CacheLoopState*>(loopState);
    const auto found = state.pending.find(&exchange);
    if (found == state.pending.end() || !found->second.filling) return;
    Pending& pending = found->second;
    // Stored before the client has the answer's last byte, so a request it makes once it has the
    // answer finds the entry. Only a whole answer: a short one (the back end closed early) never.
    if (!pending.lengthKnown || pending.filling->body.size() == pending.expectedLength)
        storeWhole(pending, _store, _redis);
}

void CachePolicy::onComplete(const pipeline::Exchange& exchange, pipeline::PolicyLoopState* loopState) const
{
    auto& state = *static_cast<CacheLoopState*>(loopState);
    const auto found = state.pending.find(&exchange);
    if (found == state.pending.end()) return;
    Pending& pending = found->second;
    if (pending.flight)
        _flights.finish(pending.flight, &exchange, std::move(pending.stored), exchange.answered);
    state.pending.erase(found);
}

void registerCacheModule(pipeline::PolicyRegistry& registry)
{
    registry.add("cache", pipeline::Slot::Cache, &CachePolicy::build);
}

} // namespace portico::cache
