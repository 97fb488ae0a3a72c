#pragma once

// The proxy handler stage: forwards a routed request to a target of its upstream over a pooled
// keep-alive connection and streams the response back. Retries an idempotent request on another
// target when the connection failed before any response byte; feeds passive health.

#include "http/MessageParser.h"
#include "http/ResponseReader.h"
#include "pipeline/Handler.h"
#include "proxy/ForwardedHeadWriter.h"
#include "proxy/UpstreamConnection.h"
#include "proxy/UpstreamRegistry.h"
#include "routing/PathTemplate.h"

#include <optional>
#include <string>

namespace portico::proxy
{

class ProxyHandlerFactory final : public pipeline::HandlerFactory
{
public:
    // registry and route outlive the factory (they belong to the same Runtime).
    ProxyHandlerFactory(const UpstreamRegistry& registry, const config::RouteConfig& route);
    std::unique_ptr<pipeline::Handler> create(net::EventLoop& loop) const override;

    const UpstreamRegistry& registry() const { return _registry; }
    const config::RouteConfig& route() const { return _route; }
    const config::UpstreamConfig& upstream() const;
    const routing::PathTemplate* rewrite() const { return _rewrite ? &*_rewrite : nullptr; }

private:
    const UpstreamRegistry& _registry;
    const config::RouteConfig& _route;
    std::optional<routing::PathTemplate> _rewrite;
};

class ProxyHandler final : public pipeline::Handler, private UpstreamConnection::User, private http::BodySink
{
public:
    ProxyHandler(const ProxyHandlerFactory& factory, LoopUpstream& upstream);
    ~ProxyHandler() override;

    void start(pipeline::Exchange& exchange, pipeline::ResponseChannel& channel) override;
    void onRequestBody(const char* data, std::size_t length) override;
    void onRequestBodyEnd() override;
    void onClientWritable() override;
    void onTick(util::MonoMillis now) override;
    void abort() override;
    const pipeline::HandlerFactory* factory() const override { return &_factory; }

private:
    enum class Phase
    {
        Idle,
        Connecting,
        AwaitingResponse,
        StreamingBody,
    };

    // UpstreamConnection::User
    void onUpstreamConnected() override;
    void onUpstreamReadable() override;
    void onUpstreamWritable() override;
    void onUpstreamFailed(const char* reason) override;
    // BodySink (response body)
    void onBodyData(const char* data, std::size_t length) override;
    void onBodyComplete() override;

    void attempt(util::MonoMillis now);
    bool canRetry() const;
    void processResponse();
    void failBeforeResponse(int status, const char* reason, bool countAsFailure);
    // No target may be sent to: 503 with Retry-After when their breakers are open, else 502.
    void refuseWithOpenCircuits(util::MonoMillis now);

    const char* _retryReason = nullptr; // why the attempt before a retry failed (a literal)
    void completeResponse();
    void releaseConnection(bool reusable);
    void buildPath();
    void sendToUpstream(const char* data, std::size_t length);

    const ProxyHandlerFactory& _factory;
    LoopUpstream& _upstream;
    const config::UpstreamConfig& _upstreamConfig;

    pipeline::Exchange* _exchange = nullptr;
    pipeline::ResponseChannel* _channel = nullptr;
    Phase _phase = Phase::Idle;
    UpstreamConnection* _connection = nullptr;
    TargetState* _target = nullptr;

    std::string _path;
    util::Buffer _requestHead;
    util::Buffer _retainedBody; // framed request body kept for a retry, up to a limit
    util::Buffer _frame;
    UpstreamBodyFraming _upstreamFraming = UpstreamBodyFraming::None;
    bool _bodyRetainable = true;
    bool _countsInFlight = false; // this attempt counted itself in its target's inFlight
    bool _requestBodyDone = false;
    std::uint64_t _tried = 0;
    unsigned _attempts = 0;
    bool _staleRetryUsed = false;

    http::ResponseReader _reader;
    bool _headSent = false;
    bool _responseBytesSeen = false;
    bool _readPaused = false;
    util::MonoMillis _deadline = 0;
};

} // namespace portico::proxy
