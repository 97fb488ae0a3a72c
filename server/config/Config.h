#pragma once

// The typed, validated configuration. Built once by ConfigLoader and then shared read-only
// (std::shared_ptr<const Config>) by every thread: nothing on the request path parses,
// looks up by string or locks to read it. A reload builds a new Config and swaps the pointer.

#include "crypto/Sha256.h"
#include "net/AddressRange.h"
#include "pipeline/Slot.h"

#include <portico/config/SourcePosition.h>
#include <portico/plugin/PluginAbi.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace portico::pipeline
{
class Policy;
}

namespace portico::consumers
{
class ConsumerIndex;
}

namespace portico::config
{

using Duration = std::chrono::milliseconds;

enum class ClientAuth
{
    None,
    Optional,
    Required
};

struct ListenerConfig
{
    std::string host; // as written, e.g. "0.0.0.0" or "127.0.0.1"
    std::uint16_t port = 0;
    std::string certificate; // absolute path; TLS when certificate and privateKey are set
    std::string privateKey;
    std::string clientCa;
    ClientAuth clientAuth = ClientAuth::None;
    SourcePosition position;

    bool tls() const { return !certificate.empty(); }
};

struct AdminConfig
{
    bool enabled = false;
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string token; // empty: every admin call but /healthz is refused
};

struct LimitsConfig
{
    std::size_t maxHeaderBytes = 64 * 1024;
    std::size_t maxBodyBytes = 10 * 1024 * 1024;
    Duration idleTimeout = std::chrono::seconds(60);
    Duration requestTimeout = std::chrono::seconds(30);
    Duration drainTimeout = std::chrono::seconds(10); // extension: bound on graceful shutdown
};

struct AccessLogConfig
{
    bool enabled = true;
    std::string path = "-"; // "-" is standard output
};

// <logging level to path rotate keep/>: the gateway's own messages (start, stop, reloads, what
// failed in the background); the access log is separate (<accessLog>).
struct LoggingConfig
{
    std::string level = "info"; // debug, info, warning or error: the least severe written
    std::string to = "console"; // console (standard error), file, or syslog (and so the journal)
    std::string path;           // to="file": absolute
    std::size_t rotateBytes = 10 * 1024 * 1024; // to="file": a new file once it is this large
    unsigned keep = 5;                          // to="file": rotated files kept
};

struct ServerConfig
{
    std::vector<ListenerConfig> listeners;
    AdminConfig admin;
    LimitsConfig limits;
    AccessLogConfig accessLog;
    LoggingConfig logging;
    // <trustedProxies ips>: peers whose X-Forwarded-For names the client (empty: none is trusted).
    std::shared_ptr<const net::AddressRangeSet> trustedProxies;
    unsigned ioThreads = 0;     // event loops; 0 = one per core
    unsigned workerThreads = 0; // pool for blocking work (adapters); 0 = 16
};

enum class Balance
{
    RoundRobin,
    LeastRequests,
    Random
};

struct TargetConfig
{
    std::string url; // as written
    bool https = false;
    std::string host; // host name or address, without brackets
    std::uint16_t port = 0;
    std::string basePath; // path prefix of the url without trailing '/', often empty
    unsigned weight = 1;
};

struct HealthCheckConfig
{
    bool enabled = false;
    std::string path = "/";
    Duration interval = std::chrono::seconds(10);
    Duration timeout = std::chrono::seconds(2);
    unsigned unhealthyAfter = 3;
    unsigned healthyAfter = 2;
};

// <circuitBreaker ratio window minRequests/> in an <upstream>: a target's breaker also opens when
// at least ratio of its requests in window failed, once it saw minRequests.
struct BreakerConfig
{
    double ratio = 0; // 0: only maxFails failures in a row open it
    Duration window = std::chrono::seconds(10);
    unsigned minRequests = 20;
};

struct UpstreamConfig
{
    std::string name;
    Balance balance = Balance::RoundRobin;
    Duration connectTimeout = std::chrono::seconds(5);
    Duration timeout = std::chrono::seconds(30);
    unsigned retries = 1;
    // Passive health, as each target's circuit breaker: maxFails failures in a row open it for
    // failTimeout, then one probe request decides (see proxy/CircuitBreaker).
    unsigned maxFails = 3;
    Duration failTimeout = std::chrono::seconds(10);
    BreakerConfig breaker;
    unsigned maxIdlePerTarget = 256; // idle keep-alive connections kept per target and event loop
    bool verifyTls = true;
    std::string caFile; // extra CA bundle for https targets; empty = system store
    std::vector<TargetConfig> targets;
    HealthCheckConfig healthCheck;
    SourcePosition position;
};

struct ProxyHandlerConfig
{
    // Index into Config::upstreams. A <proxy url="…"/> gets an implicit upstream named "route:NAME".
    std::size_t upstreamIndex = 0;
    std::string pathTemplate;  // empty: forward the (normalised) request path unchanged
    bool preserveHost = false; // false: Host is the target's host[:port]
};

struct AdapterHandlerConfig
{
    std::string type;
    std::string elementXml; // the <adapter> element as written, ${…} expanded, for the plugin to parse
    std::vector<plugin::XmlPosition> positions; // where each of its elements and attributes was written
    SourcePosition position;
    std::string baseDirectory; // absolute folder of the configuration file, for relative paths inside
};

enum class HandlerKind
{
    Proxy,
    Adapter,
    Builtin // a route the gateway serves itself (GET /openapi.json)
};

// One policy element of a route, already parsed by its module into the immutable policy.
struct RoutePolicyConfig
{
    std::string element; // "headers", "rateLimit", …
    pipeline::Slot slot = pipeline::Slot::Transforms;
    std::shared_ptr<const pipeline::Policy> policy;
    std::vector<pipeline::Slot> needs; // slots that must also hold a policy on this route
    SourcePosition position;
    bool fromDefaults = false; // taken from <defaults>, the route having none of its own
};

struct RouteConfig
{
    std::string name;
    std::string pathTemplate;         // e.g. "/api/orders/{id}" or "/static/*"
    std::vector<std::string> methods; // upper case; empty = any method
    std::string host;                 // empty = any host; "*.example.com" allowed
    HandlerKind handler = HandlerKind::Proxy;
    ProxyHandlerConfig proxy;
    AdapterHandlerConfig adapter;
    std::vector<RoutePolicyConfig> policies; // in configuration order; the pipeline sorts by slot
    SourcePosition position;
};

struct PluginsConfig
{
    std::string directory; // absolute; empty = no plugins
};

// <consumer name groups> of <consumers>: who may call, and the credentials that say so. Keys are
// kept only as their SHA-256 digest, passwords only as PBKDF2 (PHC strings).
struct ConsumerConfig
{
    std::string name;
    std::vector<std::string> groups;
    std::vector<crypto::Sha256Digest> keyDigests;
    std::string password; // "$pbkdf2-sha256$…", empty: no Basic authentication
    // <certificate name>: a client certificate's Common Name or subject alternative name.
    std::vector<std::string> certificateNames;
    SourcePosition position;
};

// <store database="FILE"/>: the SQLite file of consumers and keys made through the admin API.
struct StoreConfig
{
    std::string database; // absolute; empty: no store
    SourcePosition position;
};

// <audit database mode bodies retention/>: the tamper-evident trail of every request.
struct AuditConfig
{
    std::string database;              // an absolute file, or a postgresql:// URL; empty: no audit
    std::string node;                  // this gateway's chain in a shared database; empty: the host's name
    std::string mode = "async";        // "strict": no answer leaves before its row is committed
    std::string bodies = "none";       // "redacted" or "full": request and response bodies are kept
    std::size_t bodyLimit = 4096;      // bytes of each body kept (what follows is cut)
    std::vector<std::string> redact;   // names masked in bodies="redacted", beside the built-in ones
    std::int64_t retentionSeconds = 0; // 0: rows are kept for ever
    SourcePosition position;

    bool enabled() const { return !database.empty(); }
    bool strict() const { return mode == "strict"; }
    // The trail is in PostgreSQL (database is a postgresql:// URL), one chain per node.
    bool shared() const
    {
        return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
    }
};

// <cacheStore bytes/>: the memory the response store may use, every cached route together.
struct CacheStoreConfig
{
    std::size_t bytes = 64 * 1024 * 1024;
};

// <redis address password timeout failure/>: the store that cluster-scope rate limits share.
struct RedisConfig
{
    std::string host; // empty: no <redis>
    std::uint16_t port = 0;
    std::string password;                              // sent with AUTH when set
    Duration timeout = std::chrono::milliseconds(100); // an answer later than this is a failure
    bool failOpen = true; // when Redis fails: admit (open) or answer 503 (closed)
    SourcePosition position;

    bool configured() const { return !host.empty(); }
};

struct Config
{
    std::string file; // absolute path of the file this was loaded from
    StoreConfig store;
    RedisConfig redis;
    CacheStoreConfig cacheStore;
    AuditConfig audit;
    ServerConfig server;
    PluginsConfig plugins;
    std::vector<ConsumerConfig> consumers;
    // The consumers above, indexed for the request path; shared by every <auth> of this configuration.
    std::shared_ptr<const consumers::ConsumerIndex> consumerIndex;
    std::vector<UpstreamConfig> upstreams;
    std::vector<RouteConfig> routes;
};

using ConfigPtr = std::shared_ptr<const Config>;

} // namespace portico::config
