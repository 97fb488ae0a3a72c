#pragma once

// Portico's adapter plugin ABI — the one header an adapter plugin builds against.
//
// A plugin is a shared library that exports three symbols with BOOST_DLL_ALIAS (see
// PORTICO_PLUGIN_EXPORT at the end): the ABI version it was built for, its build signature, and a
// factory for its Plugin object. The loader reads the version and the signature first and refuses
// the file, naming what it found and what it expected, before calling any factory.
//
// The interface is plain C++ with standard-library types. Passing std::string and std::function
// across the boundary is only safe when host and plugin agree on compiler, standard library and
// build type; that is exactly what the build signature checks.
//
// Each interface says which side implements it: the host (Responder, StreamPool, HostServices)
// or the plugin (ReplyReader, Adapter, AdapterFactory, Plugin). Plain structs are data both use.
//
// Rules for every type below:
// - No exception crosses the boundary. Host calls into plugins are wrapped, but a plugin must catch
//   its own exceptions and report errors through the return values and Responder::fail().
// - Ownership and lifetime are stated per type. Every object a plugin creates keeps the plugin's
//   library loaded (the host holds the library in the object's deleter), so a library is unloaded
//   only after the last of its objects is destroyed. What a plugin hands the host for one call (a
//   callback, a ReplyReader) is destroyed before any library is unloaded: the host unloads plugins
//   only after its event loops and workers have stopped.
//
// Depends on the standard library only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Bumped on any change to the types or virtual functions below.
#define PORTICO_PLUGIN_ABI_VERSION 6u

// The build signature: what must be equal in host and plugin for the C++ types above to match.
// PORTICO_BOOST_VERSION, PORTICO_POCO_VERSION and PORTICO_BUILD_TYPE are defined by the build (the
// CMake function portico_add_plugin() does it for plugins; the host gets the same definitions).
#define PORTICO_PLUGIN_STRINGIFY_(x) #x
#define PORTICO_PLUGIN_STRINGIFY(x) PORTICO_PLUGIN_STRINGIFY_(x)
#if defined(__clang__)
#define PORTICO_PLUGIN_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define PORTICO_PLUGIN_COMPILER "gcc " __VERSION__
#elif defined(_MSC_VER)
#define PORTICO_PLUGIN_COMPILER "msvc " PORTICO_PLUGIN_STRINGIFY(_MSC_VER)
#else
#define PORTICO_PLUGIN_COMPILER "unknown compiler"
#endif
#if defined(_GLIBCXX_RELEASE)
#define PORTICO_PLUGIN_STDLIB "libstdc++ " PORTICO_PLUGIN_STRINGIFY(_GLIBCXX_RELEASE)
#elif defined(_LIBCPP_VERSION)
#define PORTICO_PLUGIN_STDLIB "libc++ " PORTICO_PLUGIN_STRINGIFY(_LIBCPP_VERSION)
#elif defined(_MSC_VER)
#define PORTICO_PLUGIN_STDLIB "msvc-stl " PORTICO_PLUGIN_STRINGIFY(_MSC_VER)
#else
#define PORTICO_PLUGIN_STDLIB "unknown standard library"
#endif
// std::string and std::list change layout with the dual ABI of libstdc++; the language level
// changes what the standard library's inline code does.
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define PORTICO_PLUGIN_CXX11_ABI "cxx11-abi " PORTICO_PLUGIN_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#else
#define PORTICO_PLUGIN_CXX11_ABI "cxx11-abi none"
#endif
#define PORTICO_PLUGIN_LANGUAGE "c++ " PORTICO_PLUGIN_STRINGIFY(__cplusplus)
#ifndef PORTICO_BOOST_VERSION
#define PORTICO_BOOST_VERSION unknown
#endif
#ifndef PORTICO_POCO_VERSION
#define PORTICO_POCO_VERSION unknown
#endif
#ifndef PORTICO_BUILD_TYPE
#define PORTICO_BUILD_TYPE unknown
#endif
// (clang-format does not settle on one layout for this macro)
// clang-format off
#define PORTICO_PLUGIN_BUILD_SIGNATURE                                                           \
    PORTICO_PLUGIN_COMPILER "; " PORTICO_PLUGIN_STDLIB "; " PORTICO_PLUGIN_CXX11_ABI "; "        \
    PORTICO_PLUGIN_LANGUAGE "; boost " PORTICO_PLUGIN_STRINGIFY(PORTICO_BOOST_VERSION)           \
    "; poco " PORTICO_PLUGIN_STRINGIFY(PORTICO_POCO_VERSION) "; "                                \
    PORTICO_PLUGIN_STRINGIFY(PORTICO_BUILD_TYPE)
// clang-format on

#if defined(_WIN32)
#define PORTICO_PLUGIN_VISIBLE
#else
#define PORTICO_PLUGIN_VISIBLE __attribute__((visibility("default")))
#endif

namespace portico::plugin
{

inline constexpr std::uint32_t abiVersion = PORTICO_PLUGIN_ABI_VERSION;

// A header field as received or to send. Plain values: copied freely.
struct Header
{
    std::string name;
    std::string value;
};
using Headers = std::vector<Header>;
using Parameters = std::vector<std::pair<std::string, std::string>>;

// One request routed to an adapter. Built by the host; the adapter receives it as
// shared_ptr<const Request> and may keep that pointer for as long as it needs (across threads).
struct Request
{
    std::string method;     // upper case, e.g. "POST"
    std::string path;       // the normalised request path
    std::string query;      // the raw query string, without '?'
    Parameters pathParams;  // bound by the route's template, percent-decoded
    Parameters queryParams; // the query, split and percent-decoded, in order
    Headers headers;        // as received (hop-by-hop fields removed)
    std::string body;       // the whole request body (at most the listener's maxBodyBytes)
    std::string requestId;  // the X-Request-Id of this exchange
    std::string routeName;

    // The first header with that name (ASCII case-insensitive), or nullptr.
    const std::string* header(const std::string& name) const
    {
        for (const Header& field : headers)
        {
            if (field.name.size() == name.size())
            {
                bool same = true;
                for (std::size_t i = 0; i < name.size() && same; ++i)
                {
                    char a = field.name[i], b = name[i];
                    a = (a >= 'A' && a <= 'Z') ? static_cast<char>(a + 32) : a;
                    b = (b >= 'A' && b <= 'Z') ? static_cast<char>(b + 32) : b;
                    same = a == b;
                }
                if (same)
                {
                    return &field.value;
                }
            }
        }
        return nullptr;
    }
};

// The adapter's answer. The host adds X-Request-Id, Content-Length and the framing headers.
struct Response
{
    int status = 200;
    Headers headers;
    std::string body;
};

// Implemented by the host. How an adapter answers one request. Owned by shared_ptr: the adapter keeps it as
// long as it needs. Exactly one of respond() or fail() must be called, once, from any thread (thread-safe);
// later calls are ignored. If the last reference goes away without an answer, the host answers 502.
class PORTICO_PLUGIN_VISIBLE Responder
{
public:
    virtual ~Responder() = default;
    virtual void respond(Response response) = 0;
    // A problem+json answer: status, a human-readable detail and optional extension members given
    // as a JSON object text (e.g. R"({"faultcode":"Client"})"), merged into the problem document.
    virtual void fail(int status, std::string detail, std::string extensionsJson = {}) = 0;
    // A 503 problem+json with Retry-After: the back end is known to be down for that long (its
    // circuit breaker is open, see StreamResult::Outcome::CircuitOpen).
    virtual void unavailable(std::string detail, std::chrono::seconds retryAfter) = 0;
};

// An outgoing HTTP request through the host's pooled keep-alive client.
struct HttpCall
{
    std::string method = "POST";
    std::string url; // http://host:port/path?query or https://…
    Headers headers;
    std::string body;
    std::chrono::milliseconds timeout{30000}; // whole exchange
};

struct HttpResult
{
    enum class Outcome
    {
        Ok,          // a response arrived (any status)
        Unreachable, // could not connect or send
        TimedOut,    // no complete response within the timeout
        BadResponse, // the peer's reply was not valid HTTP
        CircuitOpen  // the origin failed repeatedly: nothing was sent; try again after retryAfter
    };
    Outcome outcome = Outcome::Unreachable;
    std::chrono::seconds retryAfter{0}; // for CircuitOpen
    int status = 0;
    Headers headers;
    std::string body;
    std::string error; // short description when outcome != Ok
};

// Implemented by the plugin. Reads the reply of one stream exchange (StreamPool::exchange) as its bytes
// arrive, and keeps what the adapter needs of it. Made by the adapter for one exchange and handed to the
// host, which calls it on one event loop thread and gives it back through the exchange's done callback.
class PORTICO_PLUGIN_VISIBLE ReplyReader
{
public:
    enum class Progress
    {
        NeedMore, // the reply is not complete yet
        Complete, // the reply is whole
        Invalid   // the bytes cannot be a reply: set error; the connection is closed
    };

    virtual ~ReplyReader() = default;

    // Takes the next bytes received. Must not block or throw. On Invalid, error says what the peer
    // did, to follow its name: "sent a bad mllp frame: …" (the host adds "the peer HOST:PORT ").
    virtual Progress feed(std::string_view bytes, std::string& error) = 0;

    // After Complete: whether bytes arrived beyond the end of the reply. The peer is then out of
    // step with its requests, and the host closes the connection instead of reusing it.
    virtual bool overran() const = 0;
};

// Implemented by the plugin, for a multiplexed StreamPool (ABI 6): reads one connection's replies, one
// after another, and names the request each answers. Made by StreamPoolSettings::replyStreams for each
// connection; called on one event loop thread.
class PORTICO_PLUGIN_VISIBLE ReplyStream
{
public:
    virtual ~ReplyStream() = default;

    // Takes the next bytes received (or none: look for a further reply already buffered). Complete:
    // a whole reply was read; key is the match key of the request it answers, and reply holds it as
    // that exchange's done receives it. Invalid: set error; the connection is closed.
    virtual ReplyReader::Progress next(std::string_view bytes, std::string& key,
                                       std::unique_ptr<ReplyReader>& reply, std::string& error) = 0;
};

// Where and how a StreamPool connects: a legacy system that speaks framed messages over TCP.
struct StreamPoolSettings
{
    std::string host; // a name or an address
    std::uint16_t port = 0;
    std::size_t size = 8; // the most connections open at once, over all event loops
    std::chrono::milliseconds connectTimeout{2000};
    // The peer's circuit breaker: maxFails exchanges in a row that were unreachable, broke or timed
    // out open it for failTimeout (exchanges then end at once with CircuitOpen, nothing sent);
    // then one exchange at a time probes the peer, and its success closes it. 0: never opens.
    unsigned maxFails = 5;
    std::chrono::milliseconds failTimeout{10000};
    // A multiplexed peer (ABI 6), when above 1: up to this many exchanges in flight on one connection
    // at once (StreamPool::exchangeKeyed), their replies read by a ReplyStream from replyStreams and
    // matched to their requests by key, in whatever order they come.
    std::size_t inFlightPerConnection = 1;
    std::function<std::unique_ptr<ReplyStream>()> replyStreams;
};

struct StreamResult
{
    enum class Outcome
    {
        Ok,          // the reader said Complete
        Unreachable, // no connection could be made
        Failed,      // the connection broke, or the reader said Invalid
        TimedOut,    // the exchange's timeout passed: no free connection, or no whole reply in time
        CircuitOpen  // the peer's circuit breaker is open: nothing was sent; try again after retryAfter
    };
    Outcome outcome = Outcome::Failed;
    std::string error;                  // when outcome != Ok: what went wrong, naming the peer
    std::chrono::seconds retryAfter{0}; // for CircuitOpen
};

// Implemented by the host.
// Request and reply with one TCP peer over pooled keep-alive connections, on the gateway's event
// loops (non-blocking). Made by HostServices::streamPool(); owned by the adapter through the
// shared_ptr; thread-safe. Connections that outlive the pool close as soon as they are idle.
//
// Each exchange has a connection nobody else uses until its reply is read, so replies can never
// cross; a connection that broke, timed out, got an Invalid reply or overran is closed, never
// reused; one the peer closed or spoke on while idle is closed at once. A request is sent again,
// once, on a fresh connection only when none of its bytes were sent: the connect failed (not
// timed out), or the first write failed. Once bytes were sent nothing is repeated: a legacy
// transaction may not be idempotent.
class PORTICO_PLUGIN_VISIBLE StreamPool
{
public:
    using Done = std::function<void(StreamResult, std::unique_ptr<ReplyReader>)>;

    virtual ~StreamPool() = default;

    // Sends request (the bytes as they go on the wire) and feeds what comes back to reader until it
    // says Complete or Invalid; then calls done once with the outcome and the reader, on the event
    // loop that ran the exchange (the caller's own, when called from Adapter::handle()). timeout
    // bounds the whole exchange: waiting for a free connection, connecting, sending and the reply.
    // done may do CPU work but must not block. Never blocks the caller, but done may run before
    // exchange() returns (a peer refused at once): hold no lock around the call that done takes.
    virtual void exchange(std::string request, std::unique_ptr<ReplyReader> reader,
                          std::chrono::milliseconds timeout, Done done) = 0;

    // For a multiplexed pool (ABI 6; settings.inFlightPerConnection above 1): sends request on a
    // connection that other exchanges share, and calls done once with the reply whose ReplyStream key
    // equals key (unique among the exchanges in flight: a second one is refused with Failed). timeout
    // bounds this exchange alone: when it passes done gets TimedOut, a reply arriving later is dropped
    // and the connection stays. A connection that breaks fails every exchange in flight on it. done
    // runs on an event loop thread, and must not block. Other pools answer Failed.
    virtual void exchangeKeyed(std::string key, std::string request, std::chrono::milliseconds timeout,
                               Done done)
    {
        (void)key;
        (void)request;
        (void)timeout;
        StreamResult result;
        result.error = "this stream pool is not multiplexed";
        done(std::move(result), nullptr);
    }
};

enum class LogLevel
{
    Debug,
    Info,
    Warning,
    Error
};

// Implemented by the host. What the host offers an adapter. Owned by the host; valid for the adapter's whole
// life. Thread-safe: any method may be called from any thread.
class PORTICO_PLUGIN_VISIBLE HostServices
{
public:
    virtual ~HostServices() = default;

    // Sends call through the host's HTTP client (non-blocking, keep-alive connections pooled per
    // origin, on the gateway's event loops) and calls done once with the result, on a host thread:
    // the event loop that ran the call (the caller's own, when called from handle()). done may do
    // CPU work such as translating the answer, but must not block. Never blocks the caller.
    virtual void http(HttpCall call, std::function<void(HttpResult)> done) = 0;

    // The same, blocking until the result is there. Only for configuration time (create()) or
    // inside work given to submit(): never on the thread that called Adapter::handle().
    virtual HttpResult httpBlocking(const HttpCall& call) = 0;

    // Runs work on the host's worker pool, for anything that blocks (a file, a legacy client
    // library). Never on the event loops that serve requests.
    virtual void submit(std::function<void()> work) = 0;

    virtual void log(LogLevel level, const std::string& message) = 0;

    // A pool of connections to one TCP peer, for the adapter's whole life (call it from create()).
    // Nothing connects before the first exchange.
    virtual std::shared_ptr<StreamPool> streamPool(const StreamPoolSettings& settings) = 0;
};

// Everything an adapter is configured from: its <adapter> element and where it came from.
// Owned by the host; valid only during AdapterFactory::create() (copy what you need).
struct XmlPosition
{
    int line = 0; // 1-based
    int column = 0;
};

struct AdapterConfig
{
    std::string elementXml;    // the <adapter type="…">…</adapter> element, variables expanded
    std::string baseDirectory; // the configuration file's folder, for relative paths
    std::string sourceFile;    // position of the <adapter> element, for error messages
    int line = 0;
    int column = 0;
    // Where the user wrote each element of elementXml and its attributes, in document order: an
    // element, then each of its attributes, then its child elements. Empty when unknown. Read it
    // through portico/config/AdapterReaderContext.h rather than by hand.
    std::vector<XmlPosition> positions;
    std::string routeName;
    std::string routePath;                   // the route's path template, e.g. "/api/calc/{operation}"
    std::vector<std::string> routeMethods;   // empty: any
    std::vector<std::string> pathParameters; // the names the route's template binds
};

// Implemented by the plugin. One configured adapter instance, serving one route. Created by
// AdapterFactory::create(); owned by the host (through a pointer that also keeps the library loaded).
// handle() is called from the host's event loops, possibly from several threads at once, so it must be
// thread-safe, and it must not block: do blocking work through HostServices::submit(), remote calls through
// http().
class PORTICO_PLUGIN_VISIBLE Adapter
{
public:
    virtual ~Adapter() = default;

    virtual void handle(std::shared_ptr<const Request> request, std::shared_ptr<Responder> responder) = 0;

    // An OpenAPI 3.0 "path item" object (JSON text) describing this route's operations with
    // request and response schemas, or "" when the adapter has nothing better than the defaults.
    // routePath is the OpenAPI form of the route path ("/api/calc/{operation}").
    virtual std::string openApiPathItem(const std::string& routePath) const = 0;

    // What this route cannot serve though its back end offers it (ABI 5): an operation that uses
    // a construct the adapter does not map, say, which answers 501 while the others serve.
    // GET /admin/routes lists each with its reason. Called at any time from any thread.
    struct Unavailable
    {
        std::string name;   // the operation (or other unit) a client would call
        std::string reason; // the construct, and where it is
    };
    virtual std::vector<Unavailable> unavailable() const { return {}; }
};

// Implemented by the plugin. Makes adapters of one type ("soap", "tcp", …). Owned by its Plugin; lives as
// long as the plugin.
class PORTICO_PLUGIN_VISIBLE AdapterFactory
{
public:
    virtual ~AdapterFactory() = default;
    virtual std::string type() const = 0;
    virtual std::string description() const = 0;

    // Parses and validates config. On success returns the adapter; on failure returns nullptr and
    // sets errors to one or more messages (without position; the host adds FILE:LINE:COL). Must not
    // throw. host outlives the adapter.
    virtual std::unique_ptr<Adapter> create(const AdapterConfig& config, HostServices& host,
                                            std::vector<std::string>& errors) = 0;
};

// Implemented by the plugin. The object a plugin library exports. Created by the plugin's factory function,
// owned by the host (deleted through its virtual destructor before the library is unloaded).
class PORTICO_PLUGIN_VISIBLE Plugin
{
public:
    virtual ~Plugin() = default;
    virtual std::string name() const = 0;
    virtual std::string version() const = 0;
    // The factories, owned by the plugin, valid while it lives.
    virtual std::vector<AdapterFactory*> adapters() = 0;
};

} // namespace portico::plugin

// The three exported entry points. Use once per plugin library, at namespace scope, with a
// function `portico::plugin::Plugin* NAME()` that returns a new Plugin (or nullptr on failure):
//
//     PORTICO_PLUGIN_EXPORT(createMyPlugin)
//
// Requires <boost/dll/alias.hpp> in that one source file.
#define PORTICO_PLUGIN_EXPORT(factoryFunction)                                                               \
    namespace portico_plugin_exports                                                                         \
    {                                                                                                        \
    inline std::uint32_t abiVersion() noexcept                                                               \
    {                                                                                                        \
        return PORTICO_PLUGIN_ABI_VERSION;                                                                   \
    }                                                                                                        \
    inline const char* buildSignature() noexcept                                                             \
    {                                                                                                        \
        return PORTICO_PLUGIN_BUILD_SIGNATURE;                                                               \
    }                                                                                                        \
    inline portico::plugin::Plugin* createPlugin() noexcept                                                  \
    {                                                                                                        \
        try                                                                                                  \
        {                                                                                                    \
            return factoryFunction();                                                                        \
        }                                                                                                    \
        catch (...)                                                                                          \
        {                                                                                                    \
            return nullptr;                                                                                  \
        }                                                                                                    \
    }                                                                                                        \
    }                                                                                                        \
    BOOST_DLL_ALIAS(portico_plugin_exports::abiVersion, portico_plugin_abi_version)                          \
    BOOST_DLL_ALIAS(portico_plugin_exports::buildSignature, portico_plugin_build_signature)                  \
    BOOST_DLL_ALIAS(portico_plugin_exports::createPlugin, portico_plugin_create)
