#pragma once

// <cache>: answers GET and HEAD requests of the route from the store while the stored answer is
// fresh (X-Cache: HIT, with Age; 304 to a conditional request it satisfies), else lets the
// handler answer (X-Cache: MISS) and stores that answer as it passes, when HTTP's rules allow.
// When the handler fails (502, 503, 504, 500: the back end unreachable, timed out, its breaker
// open, or failing itself), an answer past its freshness but within staleIfError is served
// instead (X-Cache: STALE). Requests it must not answer from a shared store get X-Cache: BYPASS:
// other methods, "Cache-Control: no-store", and Authorization on a route that authenticates no
// one (the credentials would be the upstream's to judge). Every handler's answers are cached
// alike: proxied ones and the JSON the adapters translate legacy replies to. Concurrent misses on
// one key send one request to the back end; the others wait for its answer (FlightTable).

#include "cache/CacheSettings.h"
#include "cache/CacheStore.h"
#include "cache/FlightTable.h"
#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"
#include "redis/RedisConnection.h"

#include <memory>
#include <string>

namespace portico::cache
{

class CachePolicy final : public pipeline::Policy
{
public:
    // redis: the shared store's server when settings.shared, else null.
    CachePolicy(std::string route, CacheSettings settings, CacheStore& store, FlightTable& flights,
                std::shared_ptr<const redis::RedisSettings> redis);

    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    pipeline::Verdict onResponseHead(pipeline::ResponseContext& context) const override;
    bool observesResponseBody() const override { return true; }
    bool needsRequestBody() const override { return _settings.post; }
    void onResponseBody(const pipeline::Exchange& exchange, pipeline::PolicyLoopState* state,
                        const char* data, std::size_t length) const override;
    void onResponseEnd(const pipeline::Exchange& exchange, pipeline::PolicyLoopState* state) const override;
    void onComplete(const pipeline::Exchange& exchange, pipeline::PolicyLoopState* state) const override;
    std::unique_ptr<pipeline::PolicyLoopState> createLoopState(net::EventLoop& loop) const override;

    const CacheSettings& settings() const { return _settings; }
    const std::string& route() const { return *_route; }

private:
    std::shared_ptr<const std::string> _route; // shared by the entries it stores
    CacheSettings _settings;
    CacheStore& _store;
    FlightTable& _flights;
    std::shared_ptr<const redis::RedisSettings> _redis;
};

void registerCacheModule(pipeline::PolicyRegistry& registry);

} // namespace portico::cache
