#pragma once

// The state of one request as it goes through the pipeline (route → policies → handler →
// response policies → completion). Owned by the client connection and reused for every request
// on it, so its strings and vectors keep their capacity and the data path does not allocate.

#include "headers/TraceContext.h"
#include "http/HttpHead.h"
#include "routing/Router.h"
#include "util/Clock.h"
#include "util/StringArena.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::consumers
{
struct Consumer;
}

namespace portico::net
{
struct PeerCertificate;
}

namespace portico::pipeline
{

class RoutePipeline;

// What the rate limits of a route said about a request, for its RateLimit-* answer headers:
// those of the limit with the fewest requests left.
struct RateLimitStatus
{
    std::int64_t limit = -1; // -1: no rate limit decided on this exchange
    std::int64_t remaining = 0;
    std::int64_t resetSeconds = 0;
};

struct Exchange
{
    // Request, as received. request's views point into headBlock.
    std::string headBlock;
    http::HttpHead request;
    std::string normalizedPath; // canonical path (see routing::normalizePath)
    std::string_view query;     // raw query without '?', views headBlock
    std::string_view host;      // Host header value, views headBlock
    std::string requestId;
    headers::TraceContext trace; // W3C trace context: the client's, or one started here
    // The client's address: the peer's, or behind a trusted proxy the one it forwarded.
    const std::string* clientIp = nullptr;
    const std::string* peerIp = nullptr; // the immediate peer's address, owned by the connection
    std::string forwardedClientIp;       // storage for clientIp behind a trusted proxy
    bool secure = false;                 // arrived on a TLS listener
    // The client's certificate, when the connection is TLS (owned by the connection).
    const net::PeerCertificate* clientCertificate = nullptr;

    // Routing outcome.
    routing::RouteMatch match;
    const RoutePipeline* route = nullptr;

    // What happened, for the access log and audit.
    util::MonoMillis startedAt = 0;
    std::int64_t startedAtWallMicros = 0;
    int status = 0;
    std::uint64_t bytesIn = 0;  // request body bytes received
    std::uint64_t bytesOut = 0; // response bytes sent (head and body)
    std::string consumer;       // set by authentication; empty when none
    // The authenticated consumer's record (groups); owned by the configuration, which outlives the exchange.
    const consumers::Consumer* consumerRecord = nullptr;
    // Keeps the consumer store's index that consumerRecord points into alive for this exchange.
    std::shared_ptr<const void> consumerHolder;
    std::vector<std::string> scopes; // granted by the credentials (a JWT's scope or scp)
    RateLimitStatus rateLimit;
    // Policies holding something for this exchange that their onComplete() gives back (a
    // concurrency slot): set by onRequest() once it holds it, so a refusal gives back nothing.
    std::vector<const void*> held;
    std::string upstream;               // "name target-url" of the last upstream tried
    std::string error;                  // short reason when the gateway answered with an error
    bool answered = false;              // the whole answer was handed to the client connection
    const char* cacheOutcome = nullptr; // "HIT", "MISS", "BYPASS" or "STALE" on a cached route
    bool passedReleaseGate = false;     // the table's release gate saw the answer (see ReleaseGate)
    // The request body, read before the request hooks on routes whose policies need it (and
    // empty on the others, where the body streams to the handler).
    std::string requestBody;
    // The first bytes of each body, kept for the audit log when it records bodies
    // (RouteTable::auditBodyBytes); empty otherwise.
    std::string auditRequestBody;
    std::string auditResponseBody;
    // Storage for request header values a policy adds (request.headers views them).
    util::StringArena arena;

    bool isHead() const { return request.method == "HEAD"; }

    void reset()
    {
        headBlock.clear();
        request.clear();
        normalizedPath.clear();
        query = host = {};
        requestId.clear();
        trace.valid = false;
        match.params.clear();
        match.allow.clear();
        route = nullptr;
        startedAt = 0;
        startedAtWallMicros = 0;
        status = 0;
        bytesIn = bytesOut = 0;
        consumer.clear();
        consumerRecord = nullptr;
        consumerHolder.reset();
        scopes.clear();
        rateLimit = RateLimitStatus{};
        held.clear();
        upstream.clear();
        error.clear();
        answered = false;
        cacheOutcome = nullptr;
        passedReleaseGate = false;
        requestBody.clear();
        auditRequestBody.clear();
        auditResponseBody.clear();
        arena.clear();
    }
    // reset(), and the storage of the request's text given back: for a connection that has gone
    // idle. The next request allocates it again.
    void releaseMemory()
    {
        reset();
        std::string().swap(headBlock);
        std::string().swap(normalizedPath);
        std::string().swap(requestBody);
        std::string().swap(auditRequestBody);
        std::string().swap(auditResponseBody);
        arena.release();
    }
};

} // namespace portico::pipeline
