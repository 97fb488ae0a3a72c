#include "pipeline/ExchangeRunner.h"

#include <algorithm>
#include <cctype>

#include "net/EventLoop.h"

namespace portico::pipeline
{

namespace
{

bool namesConsumerHeader(std::string_view name)
{
    constexpr std::string_view consumer = "x-consumer-name";
    if (name.size() != consumer.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
    {
        const char c =
            name[i] == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
        if (c != consumer[i]) return false;
    }
    return true;
}

// A hop of X-Forwarded-For as an address: "IP", "IP:port", "[IPv6]" or "[IPv6]:port".
std::string_view hopAddress(std::string_view hop)
{
    if (!hop.empty() && hop.front() == '[')
    {
        const std::size_t close = hop.find(']');
        return close == std::string_view::npos ? hop : hop.substr(1, close - 1);
    }
    const std::size_t colon = hop.find(':');
    if (colon != std::string_view::npos && hop.find(':', colon + 1) == std::string_view::npos)
        return hop.substr(0, colon); // IPv4 with a port; a bare IPv6 has several colons
    return hop;
}

const std::vector<RoutePipeline::Stage> noStages;

// The first limit bytes of a body, as it passes.
void keepUpTo(std::string& kept, const char* data, std::size_t length, std::size_t limit)
{
    if (kept.size() < limit) kept.append(data, std::min(length, limit - kept.size()));
}

} // namespace

ExchangeRunner::ExchangeRunner(ClientStream& client, const RouteTable& table, util::MonoMillis pauseLimit)
    : _client(client), _table(&table), _pauseLimit(pauseLimit)
{
}

void ExchangeRunner::rebind(const RouteTable& table, util::MonoMillis pauseLimit)
{
    _table = &table;
    _pauseLimit = pauseLimit;
}

ExchangeRunner::~ExchangeRunner()
{
    dropPending();
}

const std::vector<RoutePipeline::Stage>& ExchangeRunner::stages() const
{
    return _exchange.route != nullptr ? _exchange.route->stages() : noStages;
}

bool ExchangeRunner::clientHttp11() const
{
    return _exchange.request.versionMajor == 1 && _exchange.request.versionMinor >= 1;
}

void ExchangeRunner::run()
{
    // Only the gateway says who the consumer is: a client's own X-Consumer-Name never reaches a
    // back end, on any route, authenticated or not.
    std::vector<http::HeaderField>& headers = _exchange.request.headers;
    // Also its spellings with '_', which CGI-style back ends read as the same header.
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [](const http::HeaderField& field)
                                 { return namesConsumerHeader(field.name); }),
                  headers.end());
    if (_table->trustedProxies) takeForwardedClient();
    routing::RouteMatch& match = _exchange.match;
    if (routePreflight()) return;
    _table->router.match(_exchange.request.method, _exchange.host, _exchange.normalizedPath, match);
    if (match.outcome == routing::RouteMatch::Outcome::NoRoute)
    {
        _table->builtinRouter.match(_exchange.request.method, _exchange.host, _exchange.normalizedPath,
                                    match);
        if (match.outcome != routing::RouteMatch::Outcome::Matched)
        {
            match.outcome = routing::RouteMatch::Outcome::NoRoute; // a built-in's 405 is not the user's
            LocalReply answer;
            answer.status = 404;
            answer.detail = "no route matches this request";
            answerLocally(std::move(answer));
            return;
        }
        _exchange.route = _table->builtins[match.routeIndex].get();
    }
    else if (match.outcome == routing::RouteMatch::Outcome::MethodNotAllowed)
    {
        LocalReply answer;
        answer.status = 405;
        answer.detail = "the route does not allow this method";
        answer.header("Allow", match.allow);
        answerLocally(std::move(answer));
        return;
    }
    else
    {
        _exchange.route = _table->routes[match.routeIndex].get();
    }
    beginRequestHooks();
}

void ExchangeRunner::beginRequestHooks()
{
    _nextStage = 0;
    if (!_exchange.route->needsRequestBody() || _client.requestComplete())
    {
        runRequestHooks();
        return;
    }
    // A policy reads the body: take all of it first (the connection bounds it by maxBodyBytes).
    if (clientHttp11() && util::equalsIgnoreCase(_exchange.request.find("expect"), "100-continue"))
    {
        _client.sendContinue();
    }
    _collectingBody = true;
}

bool ExchangeRunner::routePreflight()
{
    if (_exchange.request.method != "OPTIONS") return false;
    const std::string_view asked = _exchange.request.find("access-control-request-method");
    if (asked.data() == nullptr || !_exchange.request.has("origin")) return false;
    routing::RouteMatch& match = _exchange.match;
    _table->router.match(asked, _exchange.host, _exchange.normalizedPath, match);
    if (match.outcome != routing::RouteMatch::Outcome::Matched ||
        !_table->routes[match.routeIndex]->answersPreflight())
    {
        match.params.clear(); // routed again below as the OPTIONS request it is
        match.allow.clear();
        return false;
    }
    _exchange.route = _table->routes[match.routeIndex].get();
    beginRequestHooks();
    return true;
}

void ExchangeRunner::takeForwardedClient()
{
    const net::AddressRangeSet& trusted = *_table->trustedProxies;
    if (_exchange.peerIp == nullptr || !trusted.contains(*_exchange.peerIp)) return;
    // The last X-Forwarded-For field holds the newest hops. From the right, each address a trusted
    // proxy added is skipped; the first one that is not trusted is the client. Addresses left of it
    // were written by the client and prove nothing.
    std::string_view chain;
    for (const http::HeaderField& field : _exchange.request.headers)
        if (util::equalsIgnoreCase(field.name, "x-forwarded-for")) chain = field.value;
    while (!chain.empty())
    {
        const std::size_t comma = chain.rfind(',');
        std::string_view hop = comma == std::string_view::npos ? chain : chain.substr(comma + 1);
        chain = comma == std::string_view::npos ? std::string_view() : chain.substr(0, comma);
        while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t'))
            hop.remove_prefix(1);
        while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t'))
            hop.remove_suffix(1);
        const std::string_view written = hopAddress(hop);
        _exchange.forwardedClientIp.assign(written);
        _exchange.clientIp = &_exchange.forwardedClientIp;
        const std::optional<net::IpAddress> address = net::IpAddress::parse(written);
        // A hop that is not an address ("unknown", garbage) is the client as far as anyone can
        // tell: it matches no range, so <allow ips> refuses it rather than letting the proxy's
        // own address stand in for it.
        if (!address || !trusted.contains(*address)) return;
    }
}

void ExchangeRunner::refuse(int status, const char* detail, bool closeConnection)
{
    stopHandler();
    dropPending();
    if (_exchange.error.empty())
    {
        _exchange.error = detail;
    }
    LocalReply answer;
    answer.status = status;
    answer.detail = detail;
    answer.closeConnection = closeConnection;
    answerLocally(std::move(answer));
}

PolicyLoopState* ExchangeRunner::loopState()
{
    return _exchange.route->loopState(_hookStage, _client.loop().index());
}

LocalReply& ExchangeRunner::reply(int status, std::string_view detail)
{
    _reply = LocalReply();
    _reply.status = status;
    _reply.detail.assign(detail.data(), detail.size());
    return _reply;
}

ResumeToken ExchangeRunner::pause()
{
    if (!_pending)
    {
        _pending = std::make_shared<PendingResume>(_client.loop());
        _pending->target = this;
        _resumeRecorded = false;
    }
    return ResumeToken(_pending);
}

void ExchangeRunner::dropPending()
{
    if (_pending)
    {
        _pending->target = nullptr;
        _pending.reset();
    }
    _waiting = Waiting::Nothing;
    _resumeRecorded = false;
    _recordedEdit = nullptr;
}

void ExchangeRunner::cancelPending()
{
    if (!_pending)
    {
        return;
    }
    _pending->cancelled.store(true, std::memory_order_release);
    std::size_t stage = _hookStage;
    // The release gate is not a policy: its token just finds nobody waiting.
    bool hadWaiter = _waiting == Waiting::RequestHook || _waiting == Waiting::ResponseHook;
    dropPending();
    if (hadWaiter)
    {
        stages()[stage].policy->onCancel(_exchange,
                                         _exchange.route->loopState(stage, _client.loop().index()));
    }
}

void ExchangeRunner::runRequestHooks()
{
    const std::vector<RoutePipeline::Stage>& chain = stages();
    while (_nextStage < chain.size())
    {
        _hookStage = _nextStage;
        _entered = _nextStage + 1;
        _reply = LocalReply();
        _inHook = true;
        Verdict verdict = chain[_hookStage].policy->onRequest(*this);
        _inHook = false;
        if (verdict == Verdict::Done)
        {
            if (_reply.status == 0 && _resumeRecorded && _recordedReplied)
            {
                _reply = std::move(_recorded); // it answered through its token, then said Done
            }
            dropPending();
            if (_reply.status == 0)
            {
                _reply.status = 500;
                _reply.detail = "a policy ended the request without an answer";
            }
            answerLocally(std::move(_reply));
            return;
        }
        if (verdict == Verdict::Next)
        {
            dropPending(); // a token taken but not used must not resume anything later
            ++_nextStage;
            continue;
        }
        if (!_pending)
        {
            LocalReply answer;
            answer.status = 500;
            answer.detail = "a policy paused the request without taking a resume token";
            answerLocally(std::move(answer));
            return;
        }
        if (_resumeRecorded)
        {
            bool replied = _recordedReplied;
            LocalReply answer = std::move(_recorded);
            ExchangeEdit edit = std::move(_recordedEdit);
            dropPending();
            if (edit) edit(_exchange);
            if (replied)
            {
                answerLocally(std::move(answer));
                return;
            }
            ++_nextStage;
            continue;
        }
        _waiting = Waiting::RequestHook;
        _pausedAt = _client.loop().now();
        _client.holdRequestBody(true);
        return;
    }
    startHandler();
}

void ExchangeRunner::resume(bool replied, LocalReply answer, ExchangeEdit edit)
{
    if (_inHook)
    {
        _resumeRecorded = true;
        _recordedReplied = replied;
        _recorded = std::move(answer);
        _recordedEdit = std::move(edit);
        return;
    }
    Waiting waiting = _waiting;
    dropPending();
    if (waiting != Waiting::Nothing && edit) edit(_exchange);
    if (waiting == Waiting::RequestHook)
    {
        if (replied)
        {
            answerLocally(std::move(answer));
            return;
        }
        ++_nextStage;
        runRequestHooks();
    }
    else if (waiting == Waiting::ResponseHook)
    {
        if (replied)
        {
            replaceAnswer(answer);
        }
        continueResponseHooks();
    }
    else if (waiting == Waiting::ReleaseGate)
    {
        leaveReleaseGate(replied, answer);
    }
}

void ExchangeRunner::startHandler()
{
    const RoutePipeline& route = *_exchange.route;
    // RFC 9110 10.1.1: an HTTP/1.0 client's Expect is ignored.
    if (!_client.requestComplete() && clientHttp11() &&
        util::equalsIgnoreCase(_exchange.request.find("expect"), "100-continue"))
    {
        _client.sendContinue();
    }
    if (!_handler || _handler->factory() != &route.handler())
    {
        _handler = route.handler().create(_client.loop());
    }
    _client.holdRequestBody(false);
    _handlerActive = true;
    _handler->start(_exchange, *this);
    if (_bodyCollected && _handlerActive && !_exchange.requestBody.empty())
    {
        _handler->onRequestBody(_exchange.requestBody.data(), _exchange.requestBody.size());
    }
    if (_client.requestComplete() && _handlerActive)
    {
        _handler->onRequestBodyEnd();
    }
}

void ExchangeRunner::stopHandler()
{
    if (_handlerActive)
    {
        _handlerActive = false;
        _handler->abort();
    }
}

void ExchangeRunner::onRequestBody(const char* data, std::size_t length)
{
    if (_table->auditBodyBytes > 0)
        keepUpTo(_exchange.auditRequestBody, data, length, _table->auditBodyBytes);
    if (_collectingBody)
    {
        _exchange.requestBody.append(data, length);
        return;
    }
    if (_handlerActive)
    {
        _handler->onRequestBody(data, length);
    }
}

void ExchangeRunner::onRequestBodyEnd()
{
    if (_collectingBody)
    {
        _collectingBody = false;
        _bodyCollected = true;
        runRequestHooks();
        return;
    }
    if (_handlerActive)
    {
        _handler->onRequestBodyEnd();
    }
}

void ExchangeRunner::buildLocalHead(const LocalReply& answer)
{
    describeLocalReply(answer, _exchange.requestId, _head, _localBody);
    if (_exchange.error.empty() && answer.status >= 400 && answer.isProblem())
    {
        _exchange.error = answer.detail;
    }
}

void ExchangeRunner::replaceAnswer(const LocalReply& answer)
{
    // The handler's answer is dropped; the policies outside the one that replaced it (the response
    // hooks still to run) see the new head.
    stopHandler();
    _heldBody.clear();
    _finishHeld = false;
    _localAnswer = true;
    buildLocalHead(answer);
}

void ExchangeRunner::answerLocally(LocalReply answer)
{
    stopHandler();
    _localAnswer = true;
    buildLocalHead(answer);
    _responseHookNext = _entered;
    _headPending = true;
    continueResponseHooks();
}

void ExchangeRunner::sendHead()
{
    if (!_handlerActive)
    {
        return; // a handler the runner let go (its answer was replaced) has nothing more to say
    }
    _localAnswer = false;
    _responseHookNext = _entered;
    _headPending = true;
    continueResponseHooks();
}

void ExchangeRunner::continueResponseHooks()
{
    const std::vector<RoutePipeline::Stage>& chain = stages();
    while (_responseHookNext > 0)
    {
        _hookStage = --_responseHookNext;
        _inHook = true;
        Verdict verdict = chain[_hookStage].policy->onResponseHead(*this);
        _inHook = false;
        if (verdict != Verdict::Pause || !_pending)
        {
            dropPending();
            continue;
        }
        if (_resumeRecorded)
        {
            bool replied = _recordedReplied;
            LocalReply answer = std::move(_recorded);
            dropPending();
            if (replied)
            {
                replaceAnswer(answer);
            }
            continue;
        }
        _waiting = Waiting::ResponseHook;
        _pausedAt = _client.loop().now();
        return;
    }
    if (_table->gate != nullptr && !_gatePassed)
    {
        enterReleaseGate();
        return;
    }
    writeHead();
}

void ExchangeRunner::enterReleaseGate()
{
    // A handler's body is gathered (up to what the gate wants) while the head waits: sendBody()
    // keeps taking it and finish() is held, then passReleaseGate() runs from there.
    const std::size_t wanted = _table->gate->bodyBytesWanted();
    if (!_localAnswer && wanted > 0 && !_finishHeld && _heldBody.size() < wanted && !_exchange.isHead() &&
        _head.bodyLength != BodyLength::None && _head.status != 204 && _head.status != 304)
    {
        _gateCollecting = true;
        return;
    }
    passReleaseGate();
}

void ExchangeRunner::passReleaseGate()
{
    _gateCollecting = false;
    _exchange.passedReleaseGate = true;
    const util::Buffer& body = _localAnswer ? _localBody : _heldBody;
    ResumeToken token = pause();
    _inHook = true;
    const bool held = _table->gate->hold(_exchange, _head, std::string_view(body.data(), body.size()),
                                         _localAnswer || _finishHeld, token);
    _inHook = false;
    if (!held)
    {
        dropPending();
        leaveReleaseGate(false, LocalReply());
        return;
    }
    if (_resumeRecorded)
    {
        const bool replied = _recordedReplied;
        LocalReply answer = std::move(_recorded);
        dropPending();
        leaveReleaseGate(replied, answer);
        return;
    }
    _waiting = Waiting::ReleaseGate;
    _pausedAt = _client.loop().now();
}

void ExchangeRunner::leaveReleaseGate(bool replied, const LocalReply& answer)
{
    _gatePassed = true;
    if (replied)
    {
        replaceAnswer(answer);
    }
    writeHead();
}

void ExchangeRunner::writeHead()
{
    _headPending = false;
    _headWritten = true;
    _exchange.status = _head.status;
    bool keepAlive = keepAliveAfter(_exchange.request, _head, _client.requestComplete(), _client.draining());
    _framing = writeResponseHead(_head, _exchange.request, _exchange.isHead(), _exchange.requestId, keepAlive,
                                 _client.output());
    if (_localAnswer)
    {
        forwardBody(_localBody.data(), _localBody.size());
        finishResponse();
        return;
    }
    if (!_heldBody.empty())
    {
        forwardBody(_heldBody.data(), _heldBody.size());
        _heldBody.clear();
    }
    if (_finishHeld)
    {
        _finishHeld = false;
        finishResponse();
        return;
    }
    if (_handlerWantsWritable && _handlerActive)
    {
        _handlerWantsWritable = false;
        _handler->onClientWritable();
    }
}

bool ExchangeRunner::sendBody(const char* data, std::size_t length)
{
    if (!_handlerActive)
    {
        return false;
    }
    if (_headPending)
    {
        // A response hook holds the head: keep what comes meanwhile and ask the handler to wait
        // (unless the release gate is still gathering the body it wants to see).
        _heldBody.append(data, length);
        if (_gateCollecting)
        {
            if (_heldBody.size() < _table->gate->bodyBytesWanted()) return true;
            passReleaseGate();
        }
        _handlerWantsWritable = true;
        return false;
    }
    return forwardBody(data, length);
}

bool ExchangeRunner::forwardBody(const char* data, std::size_t length)
{
    if (_framing.noBody || length == 0)
    {
        return true;
    }
    if (_table->auditBodyBytes > 0 && !_exchange.passedReleaseGate)
    {
        keepUpTo(_exchange.auditResponseBody, data, length, _table->auditBodyBytes);
    }
    notifyBodyObservers(data, length);
    _bodyForwarded += length;
    if (_head.bodyLength == BodyLength::Known && _bodyForwarded >= _head.contentLength) notifyBodyEnd();
    if (_framing.chunked)
    {
        _frame.clear();
        http::appendChunk(data, length, _frame);
        return _client.send(_frame.data(), _frame.size());
    }
    return _client.send(data, length);
}

void ExchangeRunner::finish()
{
    if (!_handlerActive)
    {
        return;
    }
    _handlerActive = false;
    if (_headPending)
    {
        _finishHeld = true;
        if (_gateCollecting) passReleaseGate();
        return;
    }
    finishResponse();
}

void ExchangeRunner::notifyBodyObservers(const char* data, std::size_t length)
{
    if (_exchange.route == nullptr || !_exchange.route->observesResponseBody()) return;
    const std::vector<RoutePipeline::Stage>& chain = stages();
    for (std::size_t i = _entered; i-- > 0;)
    {
        const Policy& policy = *chain[i].policy;
        if (!policy.observesResponseBody()) continue;
        PolicyLoopState* state = _exchange.route->loopState(i, _client.loop().index());
        if (data != nullptr)
            policy.onResponseBody(_exchange, state, data, length);
        else
            policy.onResponseEnd(_exchange, state);
    }
}

void ExchangeRunner::notifyBodyEnd()
{
    if (_bodyEndNotified || _framing.noBody) return;
    _bodyEndNotified = true;
    notifyBodyObservers(nullptr, 0);
}

void ExchangeRunner::finishResponse()
{
    notifyBodyEnd();
    if (_framing.chunked)
    {
        _client.send(http::lastChunk.data(), http::lastChunk.size());
    }
    _answered = true;
    _exchange.answered = true;
    _client.finishResponse(!_framing.close);
}

void ExchangeRunner::fail(int status, const char* detail)
{
    failWith(status, detail, {});
}

void ExchangeRunner::failWith(int status, std::string_view detail, std::string_view extensionMembers)
{
    LocalReply answer;
    answer.status = status;
    answer.detail.assign(detail.data(), detail.size());
    answer.extensionMembers.assign(extensionMembers.data(), extensionMembers.size());
    failWith(std::move(answer));
}

void ExchangeRunner::failWith(LocalReply answer)
{
    if (!_handlerActive)
    {
        return;
    }
    _handlerActive = false;
    _exchange.error = answer.detail;
    if (_headWritten || _headPending)
    {
        // Too late for an error answer: the head is out (or held by a response hook).
        _client.breakOff("the handler failed after its answer had started");
        return;
    }
    answerLocally(std::move(answer));
}

void ExchangeRunner::breakOff(const char* reason)
{
    if (!_handlerActive)
    {
        return;
    }
    _handlerActive = false;
    if (_exchange.error.empty())
    {
        _exchange.error = reason;
    }
    _client.breakOff(reason);
}

void ExchangeRunner::onClientWritable()
{
    if (_handlerActive && !_headPending)
    {
        _handler->onClientWritable();
    }
}

void ExchangeRunner::onTick(util::MonoMillis now)
{
    if (_handlerActive)
    {
        _handler->onTick(now);
    }
    if (_waiting != Waiting::Nothing && _pending && now - _pausedAt > _pauseLimit)
    {
        Waiting waiting = _waiting;
        cancelPending();
        LocalReply answer;
        answer.status = 504;
        answer.detail = "a policy did not finish with the request in time";
        if (waiting == Waiting::RequestHook)
        {
            answerLocally(std::move(answer));
        }
        else if (waiting == Waiting::ReleaseGate)
        {
            answer.status = 503;
            answer.detail = "the answer could not be released in time (its audit row was not committed)";
            leaveReleaseGate(true, answer);
        }
        else
        {
            replaceAnswer(answer);
            continueResponseHooks();
        }
    }
}

void ExchangeRunner::abort()
{
    cancelPending();
    stopHandler();
}

void ExchangeRunner::complete(util::MonoMillis now)
{
    if (_completed)
    {
        return;
    }
    _completed = true;
    const std::vector<RoutePipeline::Stage>& chain = stages();
    for (std::size_t i = 0; i < _entered && i < chain.size(); ++i)
    {
        chain[i].policy->onComplete(_exchange, _exchange.route->loopState(i, _client.loop().index()));
    }
    for (CompletionStage* stage : _table->completion)
    {
        stage->onComplete(_exchange, now);
    }
}

void ExchangeRunner::reset()
{
    dropPending();
    _reply = LocalReply();
    _exchange.reset();
    _head.clear();
    _localBody.clear();
    _heldBody.clear();
    _entered = _nextStage = _hookStage = _responseHookNext = 0;
    _localAnswer = _headPending = _headWritten = _answered = _finishHeld = false;
    _gateCollecting = _gatePassed = false;
    _handlerWantsWritable = _completed = false;
    _collectingBody = _bodyCollected = false;
    _framing = ClientFraming();
    _bodyForwarded = 0;
    _bodyEndNotified = false;
}

void ExchangeRunner::releaseIdleMemory()
{
    _head.releaseMemory();
    _localBody.release();
    _heldBody.release();
    _exchange.releaseMemory();
}

} // namespace portico::pipeline
