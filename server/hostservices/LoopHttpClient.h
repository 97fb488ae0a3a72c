#pragma once

// The HTTP client adapters reach their back ends with (HostServices::http): non-blocking, on the
// event loops, over the same pooled keep-alive upstream connections the proxy uses. A call made on
// an event loop runs on that loop; a call from another thread is handed to a loop. The result is
// delivered on that loop's thread, so an adapter translating the answer costs no thread switch.

#include "config/Config.h"
#include "hostservices/HttpOrigin.h"
#include "net/EventLoop.h"
#include "proxy/ConnectionPool.h"
#include "proxy/TargetState.h"

#include <portico/plugin/PluginAbi.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace portico::hostservices
{

class LoopHttpClient
{
public:
    using Done = std::function<void(plugin::HttpResult)>;

    // loops outlive the client; calls arriving after stop() fail as Unreachable.
    explicit LoopHttpClient(std::vector<net::EventLoop*> loops);
    ~LoopHttpClient();

    // Thread-safe. Runs on the calling thread's loop if it is one, else on the next loop.
    void send(plugin::HttpCall call, Done done);

private:
    // One origin's connections on one loop.
    struct Origin
    {
        std::shared_ptr<HttpOrigin> shared; // where it is and its breaker, for every loop
        config::UpstreamConfig upstream;
        std::unique_ptr<proxy::ConnectionPool> pool;
        Poco::Net::Context::Ptr tls;
    };
    // Where a URL goes: its origin and the request target. Adapters call the same few URLs over
    // and over, so each is parsed once per loop.
    struct Destination
    {
        Origin* origin = nullptr;
        std::string target; // path and query, "/" when empty
    };
    struct LoopOrigins
    {
        std::unordered_map<std::string, std::unique_ptr<Origin>> byKey;
        std::map<std::string, Destination, std::less<>> byUrl;
    };

    void startOnLoop(net::EventLoop& loop, plugin::HttpCall call, Done done);
    Origin* originFor(net::EventLoop& loop, const std::string& scheme, const std::string& host,
                      std::uint16_t port, std::string& error);
    // The destination of url, parsed on first use. nullptr with error set when it cannot be called.
    const Destination* destinationFor(net::EventLoop& loop, const std::string& url, std::string& error);

    std::vector<net::EventLoop*> _loops;
    std::vector<LoopOrigins> _origins; // by loop index, touched only by that loop
    // The origins of every loop, by "scheme://host:port": taken when a loop meets an origin first.
    std::mutex _sharedMutex;
    std::map<std::string, std::shared_ptr<HttpOrigin>> _shared;
    std::atomic<unsigned> _next{0};
};

} // namespace portico::hostservices
