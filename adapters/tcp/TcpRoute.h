#pragma once

// One configured tcp route, everything but the plugin glue: the parsed configuration, the request
// and response codecs, and the client with its connection pool. Built once by create() and shared
// (std::shared_ptr) by the adapter and the work it hands to the host's workers, so an exchange in
// flight keeps it alive. Thread-safe: prepare() and exchange() may run on many threads at once.
//
// The request path is two steps, so the caller can keep blocking work off its own thread:
// prepare() encodes and frames the request (cheap; a client error is answered at once with a
// 400), exchange() talks to the peer (blocking) and decodes the reply. Neither throws.

#include "tcp/Answer.h"
#include "tcp/Deadline.h"
#include "tcp/PeerClient.h"
#include "tcp/RequestCodec.h"
#include "tcp/RequestData.h"
#include "tcp/ResponseCodec.h"
#include "tcp/TcpConfig.h"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::tcp
{

// What create() needs to know about the route, copied from the host's AdapterConfig.
struct RouteSetup
{
    std::string elementXml;                  // the <adapter type="tcp"> element
    std::vector<std::string> methods;        // the route's methods, upper case; empty: any
    std::vector<std::string> pathParameters; // the names the route's path template binds
};

class TcpRoute
{
public:
    // Returns the route, or nullptr after appending one message per problem to errors.
    static std::shared_ptr<TcpRoute> create(const RouteSetup& setup,
                                            std::vector<std::string>& errors) noexcept;

    // Encodes and frames the request. On failure returns false and sets refusal (a 400).
    bool prepare(const RequestData& request, std::string& frame, Answer& refusal) const noexcept;

    // Sends frame and turns the reply into the answer: 200, or 502 (unreachable, broken, bad
    // reply, refused by the peer) or 504 (timeout). Blocks until deadline at most.
    Answer exchange(std::string_view frame, Deadline deadline) noexcept;

    // prepare() and exchange() in one, with the configured timeout from now (for tests and tools).
    Answer handle(const RequestData& request) noexcept;

    // The configured <pool timeout>, which bounds a whole exchange.
    std::chrono::milliseconds timeout() const { return _config.pool.timeout; }

    // An OpenAPI 3 path item (JSON text) when a codec is fixed, else "".
    std::string openApiPathItem(const std::string& routePath) const;

    const TcpConfig& config() const { return _config; }
    const PeerClient& client() const { return *_client; }

    TcpRoute(TcpConfig config, RouteSetup setup); // use create()

private:
    const TcpConfig _config;
    const RouteSetup _setup;
    std::unique_ptr<RequestCodec> _requestCodec;
    std::unique_ptr<ResponseCodec> _responseCodec;
    std::unique_ptr<PeerClient> _client;
};

} // namespace portico::tcp
