#pragma once

// One configured tcp route, everything but the plugin glue: the parsed configuration and the
// request and response codecs. Built once by create() and shared (std::shared_ptr) by the adapter
// and its exchanges in flight. Thread-safe: every member function may run on many threads at once.
//
// The request path is three steps around the host's stream exchange: prepare() encodes and frames
// the request (a client error is answered at once with a 400), replyReader() makes what reads the
// reply frame, and answer() turns the exchange's outcome and the reply into the HTTP answer.
// None of them throws or blocks.

#include "tcp/Answer.h"
#include "tcp/FrameReplyReader.h"
#include "tcp/RequestCodec.h"
#include "tcp/RequestData.h"
#include "tcp/ResponseCodec.h"
#include "tcp/TcpConfig.h"

#include <portico/plugin/PluginAbi.h>

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
    plugin::AdapterConfig source;            // the <adapter type="tcp"> element and where it was written
    std::vector<std::string> methods;        // the route's methods, upper case; empty: any
    std::vector<std::string> pathParameters; // the names the route's path template binds
};

class TcpRoute
{
public:
    // Returns the route, or nullptr after appending one message per problem to errors.
    static std::shared_ptr<TcpRoute> create(const RouteSetup& setup,
                                            std::vector<std::string>& errors) noexcept;

    // Encodes and frames the request. On failure returns false and sets refusal (a 400). On a
    // multiplexed route key is set to the request's match key (its STAN).
    bool prepare(const RequestData& request, std::string& frame, Answer& refusal) const noexcept;
    bool prepare(const RequestData& request, std::string& frame, std::string& key,
                 Answer& refusal) const noexcept;

    // Several requests in flight on one connection (<pool inFlight> above 1), replies matched by key.
    bool multiplexed() const { return _config.pool.inFlight > 1; }

    // What reads one reply frame of this route's framing.
    std::unique_ptr<FrameReplyReader> replyReader() const;

    // The exchange's outcome as the HTTP answer: the decoded reply (200, or what the codec says of
    // it), 502 (unreachable, broken, bad frame), 503 (circuit open) or 504 (timeout). reader is null
    // when no reply came.
    Answer answer(const plugin::StreamResult& result, FrameReplyReader* reader) const noexcept;

    // The <endpoint> and <pool> as the host's stream pool takes them.
    plugin::StreamPoolSettings poolSettings() const;

    // The configured <pool timeout>, which bounds a whole exchange.
    std::chrono::milliseconds timeout() const { return _config.pool.timeout; }

    // An OpenAPI 3 path item (JSON text) when a codec is fixed, else "".
    std::string openApiPathItem(const std::string& routePath) const;

    const TcpConfig& config() const { return _config; }

    TcpRoute(TcpConfig config, RouteSetup setup); // use create()

private:
    const TcpConfig _config;
    const RouteSetup _setup;
    std::unique_ptr<RequestCodec> _requestCodec;
    std::unique_ptr<ResponseCodec> _responseCodec;
};

} // namespace portico::tcp
