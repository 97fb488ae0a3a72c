#include "proxy/ProxyHandler.h"

#include <utility>

#include "http/ChunkedEncoder.h"
#include "net/EventLoop.h"
#include "pipeline/Exchange.h"

namespace portico::proxy
{

namespace
{

// A request body is kept for a possible retry up to this size; larger bodies are streamed
// once and not retried.
constexpr std::size_t retainedBodyLimit = 64 * 1024;
// Request body bytes queued towards a slow upstream before the client is paused.
constexpr std::size_t upstreamQueueLimit = 256 * 1024;

bool idempotent(std::string_view method)
{
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
           method == "OPTIONS" || method == "TRACE";
}

} // namespace

ProxyHandlerFactory::ProxyHandlerFactory(const UpstreamRegistry& registry, const config::RouteConfig& route)
    : _registry(registry), _route(route)
{
    if (!route.proxy.pathTemplate.empty())
    {
        routing::PathTemplate parsed;
        std::string error;
        if (routing::PathTemplate::parse(route.proxy.pathTemplate, parsed, error))
        {
            _rewrite = std::move(parsed);
        }
    }
}

const config::UpstreamConfig& ProxyHandlerFactory::upstream() const
{
    return *_registry.upstreams()[_route.proxy.upstreamIndex]->config;
}

std::unique_ptr<pipeline::Handler> ProxyHandlerFactory::create(net::EventLoop& loop) const
{
    return std::make_unique<ProxyHandler>(*this, _registry.forLoop(loop.index(), _route.proxy.upstreamIndex));
}

ProxyHandler::ProxyHandler(const ProxyHandlerFactory& factory, LoopUpstream& upstream)
    : _factory(factory), _upstream(upstream), _upstreamConfig(*upstream.shared->config)
{
}

ProxyHandler::~ProxyHandler()
{
    abort();
}

void ProxyHandler::buildPath()
{
    const pipeline::Exchange& exchange = *_exchange;
    _path.clear();
    if (const routing::PathTemplate* rewrite = _factory.rewrite())
    {
        _path = rewrite->expand(exchange.match.params);
    }
    else
    {
        _path = _target->config.basePath;
        _path += exchange.normalizedPath;
    }
    if (!exchange.query.empty())
    {
        _path += '?';
        _path.append(exchange.query.data(), exchange.query.size());
    }
}

void ProxyHandler::start(pipeline::Exchange& exchange, pipeline::ResponseChannel& channel)
{
    _exchange = &exchange;
    _channel = &channel;
    _retainedBody.clear();
    _retainedBody.shrink(retainedBodyLimit);
    // Only an idempotent request is ever sent again, so only its body is worth keeping.
    _bodyRetainable = idempotent(exchange.request.method);
    _requestBodyDone = false;
    _tried = 0;
    _retryReason = nullptr;
    _attempts = 0;
    _staleRetryUsed = false;
    _headSent = false;
    attempt(exchange.startedAt);
}

void ProxyHandler::refuseWithOpenCircuits(util::MonoMillis now)
{
    // Every usable target's breaker is open: answer at once, and say when one will be tried again.
    const CircuitBreaker* first = nullptr; // the breaker that lets a probe through first
    for (const std::unique_ptr<TargetState>& target : _upstream.shared->targets)
    {
        if (target->resolved && (first == nullptr || target->breaker.openUntil() < first->openUntil()))
            first = &target->breaker;
    }
    if (first == nullptr)
    {
        _channel->fail(502, "the upstream has no targets");
        return;
    }
    pipeline::LocalReply answer;
    answer.status = 503;
    answer.detail = "the circuit breaker of every target of upstream '" + _upstreamConfig.name +
                    "' is open: the back end is given time to recover";
    answer.header("Retry-After", std::to_string(first->retryAfterSeconds(now)));
    _channel->failWith(std::move(answer));
}

void ProxyHandler::attempt(util::MonoMillis now)
{
    _phase = Phase::Idle;
    _responseBytesSeen = false;
    _readPaused = false;
    _reader.reset(_exchange->isHead());
    _target = _upstream.balancer->choose(now, _tried);
    if (_target == nullptr)
    {
        if (_retryReason != nullptr)
        {
            // A retry found every breaker open (this request's failures may have opened the
            // last one): the client hears what went wrong, not that the retry was refused.
            _phase = Phase::Idle;
            pipeline::ResponseChannel* channel = std::exchange(_channel, nullptr);
            _exchange->error = _retryReason;
            if (channel != nullptr) channel->fail(502, _retryReason);
            return;
        }
        refuseWithOpenCircuits(now);
        return;
    }
    if (_target->index < 64)
    {
        _tried |= std::uint64_t(1) << _target->index;
    }
    ++_attempts;
    _exchange->upstream = _upstreamConfig.name;
    _exchange->upstream += ' ';
    _exchange->upstream += _target->config.url;

    std::string error;
    _connection = _upstream.pools[_target->index]->acquire(error);
    if (_connection == nullptr)
    {
        _target->recordFailure(now);
        failBeforeResponse(502, "cannot connect to the upstream", false);
        return;
    }
    _countsInFlight = _upstreamConfig.balance == config::Balance::LeastRequests;
    if (_countsInFlight)
    {
        _target->inFlight.fetch_add(1, std::memory_order_relaxed);
    }
    _connection->attach(this);
    buildPath();
    std::string_view host = _factory.route().proxy.preserveHost && !_exchange->host.empty()
                                ? _exchange->host
                                : std::string_view(_target->hostHeader);
    _requestHead.clear();
    writeUpstreamRequestHead(*_exchange, _path, host, _requestHead, _upstreamFraming);
    if (_connection->connected())
    {
        _phase = Phase::AwaitingResponse;
        _deadline = now + _upstreamConfig.timeout.count();
    }
    else
    {
        _phase = Phase::Connecting;
        _deadline = now + _upstreamConfig.connectTimeout.count();
    }
    UpstreamConnection* connection = _connection;
    // Head and any body kept so far go out together.
    if (!_retainedBody.empty())
    {
        _requestHead.append(_retainedBody.view());
    }
    if (!connection->send(_requestHead.data(), _requestHead.size()))
    {
        onUpstreamFailed("cannot send the request to the upstream");
    }
}

void ProxyHandler::sendToUpstream(const char* data, std::size_t length)
{
    if (_bodyRetainable)
    {
        if (_retainedBody.size() + length <= retainedBodyLimit)
        {
            _retainedBody.append(data, length);
        }
        else
        {
            _bodyRetainable = false;
            _retainedBody.clear();
        }
    }
    if (_connection == nullptr)
    {
        return;
    }
    if (!_connection->send(data, length))
    {
        onUpstreamFailed("cannot send the request body to the upstream");
        return;
    }
    if (_connection != nullptr && _connection->hasPendingOutput())
    {
        _channel->pauseRequestBody(); // resumed by onUpstreamWritable
    }
}

void ProxyHandler::onRequestBody(const char* data, std::size_t length)
{
    if (_phase == Phase::Idle && _connection == nullptr && _channel == nullptr)
    {
        return;
    }
    if (_upstreamFraming == UpstreamBodyFraming::Chunked)
    {
        _frame.clear();
        http::appendChunk(data, length, _frame);
        sendToUpstream(_frame.data(), _frame.size());
    }
    else
    {
        sendToUpstream(data, length);
    }
}

void ProxyHandler::onRequestBodyEnd()
{
    _requestBodyDone = true;
    if (_upstreamFraming == UpstreamBodyFraming::Chunked && _channel != nullptr)
    {
        sendToUpstream(http::lastChunk.data(), http::lastChunk.size());
    }
}

void ProxyHandler::onUpstreamConnected()
{
    _phase = Phase::AwaitingResponse;
    _deadline = util::monotonicMillis() + _upstreamConfig.timeout.count();
}

void ProxyHandler::onUpstreamWritable()
{
    if (_channel != nullptr && (_connection == nullptr || !_connection->hasPendingOutput()))
    {
        _channel->resumeRequestBody();
    }
}

void ProxyHandler::onUpstreamReadable()
{
    while (_connection != nullptr && !_readPaused)
    {
        net::IoResult result = _connection->receive();
        if (result == net::IoResult::Done)
        {
            _responseBytesSeen = true;
            processResponse();
            if (_connection != nullptr && !_connection->mayHaveMore())
            {
                return;
            }
            continue;
        }
        if (result == net::IoResult::WouldBlock)
        {
            return;
        }
        if (result == net::IoResult::Closed && _phase == Phase::StreamingBody && _reader.bodyUntilClose())
        {
            if (_reader.readEnd(*this))
            {
                completeResponse();
            }
            return;
        }
        onUpstreamFailed(result == net::IoResult::Closed ? "the upstream closed the connection"
                                                         : "reading from the upstream failed");
        return;
    }
}

void ProxyHandler::processResponse()
{
    util::Buffer& input = _connection->input();
    if (_phase == Phase::AwaitingResponse)
    {
        http::ResponseReader::Progress progress = _reader.readHead(input);
        if (progress == http::ResponseReader::Progress::NeedMore)
        {
            return;
        }
        if (progress == http::ResponseReader::Progress::Malformed)
        {
            failBeforeResponse(502, "the upstream sent a malformed response", true);
            return;
        }
        // A back end answering 502, 503 or 504 is failing even though it answers.
        const int status = _reader.head().status;
        if (status >= 502 && status <= 504)
            _target->recordFailure(util::monotonicMillis());
        else
            _target->recordSuccess();
        describeUpstreamResponse(_reader.head(), _exchange->isHead(), _channel->responseHead());
        _headSent = true;
        _phase = Phase::StreamingBody;
        _channel->sendHead();
        if (_channel == nullptr)
        {
            return; // a response hook replaced the answer and let this handler go
        }
        if (_reader.complete())
        {
            completeResponse();
            return;
        }
    }
    if (_connection != nullptr && _phase == Phase::StreamingBody && !input.empty())
    {
        bool wellFramed = _reader.readBody(input, *this);
        if (_reader.complete())
        {
            completeResponse();
        }
        else if (!wellFramed)
        {
            releaseConnection(false);
            _channel->breakOff("the upstream sent a malformed body");
        }
        else
        {
            _deadline = util::monotonicMillis() + _upstreamConfig.timeout.count();
        }
    }
}

void ProxyHandler::onBodyData(const char* data, std::size_t length)
{
    if (_channel == nullptr)
    {
        return;
    }
    if (!_channel->sendBody(data, length))
    {
        _readPaused = true; // resumed by onClientWritable
    }
}

void ProxyHandler::onBodyComplete()
{
    // Completed by the caller of feedBody()/feedEof(), once the parsed bytes are consumed.
}

void ProxyHandler::completeResponse()
{
    // Bytes after the response would be a protocol error by the upstream: never reuse then.
    bool reusable = _connection != nullptr && _reader.head().keepAlive && _requestBodyDone &&
                    !_connection->hasPendingOutput() && _connection->input().empty();
    releaseConnection(reusable);
    _phase = Phase::Idle;
    pipeline::ResponseChannel* channel = _channel;
    _channel = nullptr;
    channel->finish();
}

void ProxyHandler::releaseConnection(bool reusable)
{
    if (_connection == nullptr)
    {
        return;
    }
    UpstreamConnection* connection = _connection;
    _connection = nullptr;
    if (_countsInFlight)
    {
        _target->inFlight.fetch_sub(1, std::memory_order_relaxed);
    }
    connection->release(reusable);
}

bool ProxyHandler::canRetry() const
{
    return !_responseBytesSeen && !_headSent && _bodyRetainable && idempotent(_exchange->request.method) &&
           _attempts <= _upstreamConfig.retries;
}

void ProxyHandler::onUpstreamFailed(const char* reason)
{
    if (_channel == nullptr)
    {
        return;
    }
    bool reused = _connection != nullptr && _connection->reused();
    releaseConnection(false);
    util::MonoMillis now = util::monotonicMillis();
    // A pooled connection the upstream had already closed is not the target's fault; one
    // extra try on a fresh connection is safe for an idempotent request.
    if (reused && !_responseBytesSeen && !_staleRetryUsed && _bodyRetainable &&
        idempotent(_exchange->request.method))
    {
        _staleRetryUsed = true;
        if (_target->index < 64)
        {
            _tried &= ~(std::uint64_t(1) << _target->index);
        }
        --_attempts;
        attempt(now);
        return;
    }
    if (_headSent)
    {
        _target->recordFailure(now);
        pipeline::ResponseChannel* channel = _channel;
        _channel = nullptr;
        _phase = Phase::Idle;
        channel->breakOff(reason);
        return;
    }
    _target->recordFailure(now);
    failBeforeResponse(502, reason, false);
}

void ProxyHandler::failBeforeResponse(int status, const char* reason, bool countAsFailure)
{
    util::MonoMillis now = util::monotonicMillis();
    if (countAsFailure && _target != nullptr)
    {
        _target->recordFailure(now);
    }
    releaseConnection(false);
    if (status == 502 && canRetry())
    {
        _retryReason = reason;
        attempt(now);
        return;
    }
    _phase = Phase::Idle;
    pipeline::ResponseChannel* channel = _channel;
    _channel = nullptr;
    if (channel != nullptr)
    {
        _exchange->error = reason;
        channel->fail(status, reason);
    }
}

void ProxyHandler::onClientWritable()
{
    if (_readPaused)
    {
        _readPaused = false;
        onUpstreamReadable();
    }
}

void ProxyHandler::onTick(util::MonoMillis now)
{
    if (_channel == nullptr || _phase == Phase::Idle || now <= _deadline)
    {
        return;
    }
    // A client that is slow to read the answer, or still sending its body, is not the upstream's
    // fault: the client's own timeouts bound that; the upstream's clock starts again.
    if (_readPaused || (!_requestBodyDone && _phase != Phase::Connecting))
    {
        _deadline = now + _upstreamConfig.timeout.count();
        return;
    }
    if (_phase == Phase::Connecting)
    {
        _target->recordFailure(now);
        failBeforeResponse(502, "connecting to the upstream timed out", false);
        return;
    }
    _target->recordFailure(now);
    releaseConnection(false);
    pipeline::ResponseChannel* channel = _channel;
    _channel = nullptr;
    _phase = Phase::Idle;
    _exchange->error = "the upstream did not answer within its timeout";
    if (_headSent)
    {
        channel->breakOff("the upstream response timed out");
    }
    else
    {
        channel->fail(504, "the upstream did not answer within its timeout");
    }
}

void ProxyHandler::abort()
{
    releaseConnection(false);
    _channel = nullptr;
    _phase = Phase::Idle;
}

} // namespace portico::proxy
