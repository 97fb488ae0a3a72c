#include "hostservices/LoopHttpClient.h"

#include "hostservices/LoopHttpExchange.h"
#include "hostservices/PeerRegistry.h"
#include "net/SocketOps.h"
#include "net/TlsContextFactory.h"

#include "http/TokenChars.h"
#include "util/Strings.h"

#include <Poco/URI.h>

namespace portico::hostservices
{

namespace
{

bool isToken(const std::string& text)
{
    if (text.empty())
    {
        return false;
    }
    for (char c : text)
    {
        if (!http::isTokenChar(static_cast<unsigned char>(c)))
        {
            return false;
        }
    }
    return true;
}

// Bytes a plugin hands over (possibly from decoded client input) must not be able to end the
// request line or a header early: that would smuggle a second request to the back end.
bool safeText(const std::string& text, bool allowSpaceAndTab)
{
    for (char c : text)
    {
        unsigned char u = static_cast<unsigned char>(c);
        if (u == 0x7f || (u < 0x20 && !(allowSpaceAndTab && u == '\t')) || (u == ' ' && !allowSpaceAndTab))
        {
            return false;
        }
    }
    return true;
}

} // namespace

LoopHttpClient::LoopHttpClient(std::vector<net::EventLoop*> loops)
    : _loops(std::move(loops)), _origins(_loops.size())
{
}

LoopHttpClient::~LoopHttpClient() = default;

void LoopHttpClient::send(plugin::HttpCall call, Done done)
{
    net::EventLoop* here = net::EventLoop::current();
    if (here != nullptr && here->index() < _loops.size() && _loops[here->index()] == here)
    {
        startOnLoop(*here, std::move(call), std::move(done));
        return;
    }
    net::EventLoop* loop = _loops[_next.fetch_add(1, std::memory_order_relaxed) % _loops.size()];
    loop->post([this, loop, call = std::move(call), done = std::move(done)]() mutable
               { startOnLoop(*loop, std::move(call), std::move(done)); });
}

LoopHttpClient::Origin* LoopHttpClient::originFor(net::EventLoop& loop, const std::string& scheme,
                                                  const std::string& host, std::uint16_t port,
                                                  std::string& error)
{
    std::string key = scheme + "://" + host + ":" + std::to_string(port);
    auto& origins = _origins[loop.index()].byKey;
    auto found = origins.find(key);
    if (found != origins.end())
    {
        return found->second.get();
    }
    std::shared_ptr<HttpOrigin> shared;
    {
        std::lock_guard<std::mutex> lock(_sharedMutex);
        std::shared_ptr<HttpOrigin>& known = _shared[key];
        if (!known)
        {
            auto made = std::make_shared<HttpOrigin>(scheme, host, port);
            if (!made->resolved())
            {
                _shared.erase(key); // tried again on the next call
                error = made->state.resolveError;
                return nullptr;
            }
            known = std::move(made);
            PeerRegistry::shared().origins.enroll(known);
        }
        shared = known;
    }
    auto origin = std::make_unique<Origin>();
    origin->shared = std::move(shared);
    origin->upstream.name = "adapter " + key;
    if (origin->shared->target.https)
    {
        origin->tls = net::TlsContextFactory::verifyingClientContext();
    }
    origin->pool =
        std::make_unique<proxy::ConnectionPool>(loop, origin->shared->state, origin->upstream, origin->tls);
    Origin* raw = origin.get();
    origins.emplace(key, std::move(origin));
    return raw;
}

const LoopHttpClient::Destination* LoopHttpClient::destinationFor(net::EventLoop& loop,
                                                                  const std::string& url, std::string& error)
{
    auto& known = _origins[loop.index()].byUrl;
    auto found = known.find(url);
    if (found != known.end())
    {
        return &found->second;
    }
    Poco::URI uri(url);
    if (uri.getScheme() != "http" && uri.getScheme() != "https")
    {
        error = "unsupported URL scheme in " + url;
        return nullptr;
    }
    Destination destination;
    destination.origin = originFor(loop, uri.getScheme(), uri.getHost(), uri.getPort(), error);
    if (destination.origin == nullptr)
    {
        return nullptr;
    }
    destination.target = uri.getPathAndQuery();
    if (destination.target.empty())
    {
        destination.target = "/";
    }
    if (!safeText(destination.target, false))
    {
        error = "refused: the call's method, target or a header holds bytes that would split the request";
        return nullptr;
    }
    // A plugin that builds a new URL per call must not grow this without bound.
    constexpr std::size_t remembered = 256;
    if (known.size() >= remembered)
    {
        known.clear();
    }
    return &known.emplace(url, std::move(destination)).first->second;
}

void LoopHttpClient::startOnLoop(net::EventLoop& loop, plugin::HttpCall call, Done done)
{
    plugin::HttpResult failure;
    try
    {
        std::string error;
        const Destination* destination = destinationFor(loop, call.url, error);
        if (destination == nullptr)
        {
            failure.error = error;
            done(std::move(failure));
            return;
        }
        bool headersSafe = isToken(call.method);
        for (const plugin::Header& header : call.headers)
        {
            headersSafe = headersSafe && isToken(header.name) && safeText(header.value, true);
        }
        if (!headersSafe)
        {
            failure.error =
                "refused: the call's method, target or a header holds bytes that would split the request";
            done(std::move(failure));
            return;
        }
        // The origin's circuit breaker, shared by every loop.
        proxy::TargetState& state = destination->origin->shared->state;
        if (!state.acquire(loop.now()))
        {
            failure.outcome = plugin::HttpResult::Outcome::CircuitOpen;
            failure.retryAfter = std::chrono::seconds(state.breaker.retryAfterSeconds(loop.now()));
            failure.error = "the circuit breaker of " + destination->origin->shared->target.url +
                            " is open after repeated failures: nothing was sent, so it can recover";
            done(std::move(failure));
            return;
        }
        const std::string& hostHeader = state.hostHeader;
        std::string bytes;
        bytes.reserve(256 + destination->target.size() + call.body.size());
        bytes.append(call.method).append(" ").append(destination->target).append(" HTTP/1.1\r\nHost: ");
        bytes.append(hostHeader).append("\r\n");
        for (const plugin::Header& header : call.headers)
        {
            // Framing and Host are the client's to write; a plugin's copies would duplicate them.
            if (util::equalsIgnoreCase(header.name, "content-length") ||
                util::equalsIgnoreCase(header.name, "host") ||
                util::equalsIgnoreCase(header.name, "transfer-encoding") ||
                util::equalsIgnoreCase(header.name, "connection"))
            {
                continue;
            }
            bytes.append(header.name).append(": ").append(header.value).append("\r\n");
        }
        bytes.append("Content-Length: ").append(std::to_string(call.body.size())).append("\r\n\r\n");
        bytes.append(call.body);
        auto exchange = std::make_unique<LoopHttpExchange>(
            loop, *destination->origin->pool, std::move(bytes), call.method == "HEAD",
            loop.now() + call.timeout.count(), std::move(done));
        LoopHttpExchange* raw = exchange.get();
        loop.adopt(std::move(exchange));
        raw->begin();
    }
    catch (const std::exception& e)
    {
        failure.error = e.what();
        if (done)
        {
            done(std::move(failure));
        }
    }
}

} // namespace portico::hostservices
