#include "metrics/RequestMetrics.h"

#include "pipeline/Exchange.h"

#include <cstring>

namespace portico::metrics
{

namespace
{

std::uint32_t methodIndex(std::string_view method)
{
    for (std::uint32_t i = 0; i + 1 < countedMethods.size(); ++i)
        if (method == countedMethods[i]) return i;
    return countedMethods.size() - 1;
}

std::size_t cacheIndex(const char* outcome)
{
    for (std::size_t i = 0; i < cacheResults.size(); ++i)
        if (std::strcmp(outcome, cacheResults[i]) == 0) return i;
    return 0;
}

} // namespace

void RouteSeries::add(const RouteSeries& other)
{
    for (const auto& [key, count] : other.requests)
        requests[key] += count;
    for (std::size_t i = 0; i < latency.size(); ++i)
        latency[i] += other.latency[i];
    latencySum += other.latencySum;
    latencyCount += other.latencyCount;
    for (const auto& [upstream, count] : other.upstreamErrors)
        upstreamErrors[upstream] += count;
    rateLimited += other.rateLimited;
    for (std::size_t i = 0; i < cache.size(); ++i)
        cache[i] += other.cache[i];
}

RequestMetrics& RequestMetrics::shared()
{
    static RequestMetrics metrics;
    return metrics;
}

RequestMetrics::Shard& RequestMetrics::shardOfThisThread()
{
    // Once per thread: the shard outlives the thread (scrapes still read what it counted).
    thread_local Shard* mine = nullptr;
    if (mine == nullptr)
    {
        std::lock_guard<std::mutex> lock(_registryMutex);
        _shards.push_back(std::make_unique<Shard>());
        mine = _shards.back().get();
    }
    return *mine;
}

void RequestMetrics::onComplete(const pipeline::Exchange& exchange, util::MonoMillis now)
{
    Shard& shard = shardOfThisThread();
    std::lock_guard<std::mutex> lock(shard.mutex); // contended only by a scrape
    auto [found, inserted] = shard.routes.try_emplace(exchange.route);
    RouteSeries& series = found->second;
    if (inserted && exchange.route != nullptr)
    {
        const config::RouteConfig& route = exchange.route->config();
        series.route = route.name;
        if (route.handler == config::HandlerKind::Adapter) series.adapter = route.adapter.type;
    }
    ++series
          .requests[methodIndex(exchange.request.method) << 16 | static_cast<std::uint32_t>(exchange.status)];
    const double seconds =
        static_cast<double>(now >= exchange.startedAt ? now - exchange.startedAt : 0) / 1000.0;
    std::size_t bucket = 0;
    while (bucket < latencyBuckets.size() && seconds > latencyBuckets[bucket])
        ++bucket;
    ++series.latency[bucket];
    series.latencySum += seconds;
    ++series.latencyCount;
    // 502 and 504 are the gateway's words for a back end (or legacy peer) that failed or was late.
    if ((exchange.status == 502 || exchange.status == 504) && !exchange.error.empty())
    {
        const std::string_view upstream(exchange.upstream);
        const std::string_view name = upstream.substr(0, upstream.find(' '));
        auto counted = series.upstreamErrors.find(std::string(name)); // the rare path may allocate
        if (counted == series.upstreamErrors.end())
            series.upstreamErrors.emplace(std::string(name), 1);
        else
            ++counted->second;
    }
    if (exchange.status == 429) ++series.rateLimited;
    if (exchange.cacheOutcome != nullptr) ++series.cache[cacheIndex(exchange.cacheOutcome)];
}

std::map<std::string, RouteSeries> RequestMetrics::snapshot() const
{
    std::map<std::string, RouteSeries> total;
    std::lock_guard<std::mutex> registry(_registryMutex);
    for (const std::unique_ptr<Shard>& shard : _shards)
    {
        std::lock_guard<std::mutex> lock(shard->mutex);
        for (const auto& [key, series] : shard->routes)
        {
            RouteSeries& sum = total[series.route];
            if (sum.route.empty()) sum.route = series.route;
            if (sum.adapter.empty()) sum.adapter = series.adapter;
            sum.add(series);
        }
    }
    return total;
}

} // namespace portico::metrics
