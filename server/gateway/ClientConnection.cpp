#include "gateway/ClientConnection.h"

#include "http/HeaderRules.h"
#include "http/Problem.h"
#include "routing/PathNormalizer.h"
#include "util/RequestId.h"
#include "util/WallClock.h"

#include <atomic>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::gateway
{

namespace
{

constexpr std::size_t readChunk = 16 * 1024;
// Output above highWater makes sendBody() report back-pressure; below lowWater the handler
// is told to resume. Bounded buffers are what keeps a slow client from costing unbounded memory.
constexpr std::size_t outputHighWater = 256 * 1024;
constexpr std::size_t outputLowWater = 64 * 1024;

std::atomic<std::size_t> liveConnections{0};

bool validRequestId(std::string_view id)
{
    if (id.empty() || id.size() > 128)
    {
        return false;
    }
    for (char c : id)
    {
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\')
        {
            return false;
        }
    }
    return true;
}

} // namespace

ClientConnection::ClientConnection(net::EventLoop& loop, std::shared_ptr<const Runtime> runtime, int fd,
                                   std::string clientIp, std::unique_ptr<net::Transport> transport, bool secure)
    : _loop(loop), _runtime(std::move(runtime)), _limits(_runtime->config->server.limits), _fd(fd),
      _clientIp(std::move(clientIp)), _transport(std::move(transport)), _secure(secure)
{
    _lastActivity = loop.now();
    liveConnections.fetch_add(1, std::memory_order_relaxed);
}

std::size_t ClientConnection::liveCount()
{
    return liveConnections.load(std::memory_order_relaxed);
}

ClientConnection::~ClientConnection()
{
    liveConnections.fetch_sub(1, std::memory_order_relaxed);
    if (_fd >= 0)
    {
        _transport.reset();
        ::close(_fd);
    }
}

bool ClientConnection::open()
{
    return _loop.add(_fd, this);
}

bool ClientConnection::clientHttp11() const
{
    return _exchange.request.versionMajor == 1 && _exchange.request.versionMinor >= 1;
}

util::MonoMillis ClientConnection::idleDeadline() const
{
    return _lastActivity + _limits.idleTimeout.count();
}

void ClientConnection::onIo(std::uint32_t events)
{
    if (_state == State::Closed)
    {
        return;
    }
    if (events & (EPOLLERR | EPOLLHUP))
    {
        closeNow();
        return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP))
    {
        _socketReadable = true;
    }
    if (events & EPOLLRDHUP)
    {
        _peerClosed = true;
    }
    if ((events & EPOLLOUT) && !_out.empty())
    {
        flushOutput();
    }
    if (_state == State::Lingering)
    {
        linger();
        return;
    }
    if (_socketReadable)
    {
        process();
    }
    if (_closeRequested)
    {
        closeNow();
    }
}

void ClientConnection::process()
{
    while (_state != State::Closed && !_closeRequested)
    {
        if (_state == State::ReadingHead)
        {
            if (_draining && _in.empty())
            {
                requestClose();
                return;
            }
            std::size_t headLength = 0;
            const char* reason = nullptr;
            http::HeadScanResult scanned =
                _in.empty() ? http::HeadScanResult::NeedMore : _scanner.scan(_in.view(), headLength, reason);
            if (scanned == http::HeadScanResult::Complete)
            {
                if (headLength > _limits.maxHeaderBytes)
                {
                    respondLocally(431, "the request head is larger than the configured maxHeaderBytes");
                    return;
                }
                dispatchRequest(headLength);
                continue;
            }
            if (scanned == http::HeadScanResult::Malformed)
            {
                _exchange.error = reason;
                respondLocally(400, reason);
                return;
            }
            if (_in.size() > _limits.maxHeaderBytes)
            {
                respondLocally(431, "the request head is larger than the configured maxHeaderBytes");
                return;
            }
            if (!readMore())
            {
                return;
            }
            if (_requestStartedAt == 0)
            {
                _requestStartedAt = _loop.now();
            }
        }
        else // Handling
        {
            if (_requestComplete || _bodyPaused || _responseFinished)
            {
                // The rest of the input is the next request (leave it until this one is done), or
                // the request was refused and its bytes will be discarded when the connection closes.
                return;
            }
            if (!_in.empty())
            {
                feedBody();
                continue;
            }
            if (!readMore())
            {
                return;
            }
        }
    }
}

bool ClientConnection::readMore()
{
    if (!_socketReadable)
    {
        return false;
    }
    char* into = _in.prepare(readChunk);
    std::size_t count = 0;
    std::size_t capacity = _in.writable();
    net::IoResult result = _transport->read(into, capacity, count);
    if (result == net::IoResult::Done)
    {
        _in.commit(count);
        _lastActivity = _loop.now();
        // A short read on a plain socket means the kernel buffer is empty: skip the extra
        // read() that would only say EAGAIN; the edge-triggered poller reports new data.
        if (count < capacity && !_transport->secure() && !_peerClosed)
        {
            _socketReadable = false;
        }
        return true;
    }
    if (result == net::IoResult::WouldBlock)
    {
        _socketReadable = false;
        return false;
    }
    // The client closed or failed. Mid-request that aborts the exchange.
    _socketReadable = false;
    requestClose();
    return false;
}

bool ClientConnection::prepareRequest(const char*& detail, int& status)
{
    http::HttpHead& request = _exchange.request;
    status = 400;
    if (request.versionMajor != 1)
    {
        status = 505;
        detail = "only HTTP/1.0 and HTTP/1.1 are supported";
        return false;
    }
    std::string_view idHeader = request.find("x-request-id");
    if (validRequestId(idHeader))
    {
        _exchange.requestId.assign(idHeader.data(), idHeader.size());
    }
    else
    {
        util::newRequestId(_exchange.requestId);
    }
    // Exactly one Host for HTTP/1.1 (RFC 9112 3.2); two would let the router and the upstream
    // disagree about which host was meant.
    int hostCount = 0;
    for (const http::HeaderField& field : request.headers)
    {
        if (util::equalsIgnoreCase(field.name, "host"))
        {
            ++hostCount;
            _exchange.host = field.value;
        }
    }
    if (hostCount > 1 || (hostCount == 0 && clientHttp11()))
    {
        detail = hostCount > 1 ? "more than one Host header" : "missing Host header";
        return false;
    }
    std::string_view target = request.target;
    if (target.empty() || target.front() != '/')
    {
        detail = "the request target must be an absolute path";
        return false;
    }
    std::size_t question = target.find('?');
    std::string_view path = target.substr(0, question);
    _exchange.query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    routing::PathError pathError = routing::normalizePath(path, _exchange.normalizedPath);
    if (pathError != routing::PathError::None)
    {
        detail = routing::describe(pathError);
        return false;
    }
    if (request.chunked && !util::equalsIgnoreCase(request.find("transfer-encoding"), "chunked"))
    {
        // Only "chunked" is understood; forwarding "gzip, chunked" as plain chunked would hand
        // the upstream a body in a coding it was not told about (RFC 9112 6.1: 501).
        status = 501;
        detail = "only the chunked transfer coding is supported";
        return false;
    }
    if (request.hasContentLength && request.contentLength > _limits.maxBodyBytes)
    {
        status = 413;
        detail = "the request body is larger than the configured maxBodyBytes";
        return false;
    }
    return true;
}

void ClientConnection::dispatchRequest(std::size_t headLength)
{
    if (_requestStartedAt == 0)
    {
        _requestStartedAt = _loop.now();
    }
    _exchange.startedAt = _requestStartedAt;
    _exchange.startedAtWallMicros = util::wallClockMicros();
    _exchange.clientIp = &_clientIp;
    _exchange.secure = _secure;
    _exchange.headBlock.assign(_in.data(), headLength);
    _in.consume(headLength);
    _scanner.reset();
    _responseStarted = _responseFinished = _bodyTooLarge = _handlerWantsDrain = false;
    _bodyPaused = false;

    const char* parseError = _parser.parseHead(_exchange.headBlock, _exchange.request);
    if (parseError != nullptr)
    {
        util::newRequestId(_exchange.requestId);
        _exchange.error = parseError;
        _state = State::Handling;
        _requestComplete = false;
        respondLocally(400, parseError);
        return;
    }
    _state = State::Handling;
    _requestComplete = _parser.complete();

    const char* detail = nullptr;
    int status = 0;
    if (!prepareRequest(detail, status))
    {
        respondLocally(status, detail);
        return;
    }
    const Runtime& runtime = *_runtime;
    runtime.router.match(_exchange.request.method, _exchange.host, _exchange.normalizedPath, _exchange.match);
    if (_exchange.match.outcome == routing::RouteMatch::Outcome::NoRoute)
    {
        if (_exchange.normalizedPath == "/openapi.json" &&
            (_exchange.request.method == "GET" || _exchange.request.method == "HEAD"))
        {
            respondWithDocument(runtime.openApiDocument);
            return;
        }
        respondLocally(404, "no route matches this request");
        return;
    }
    if (_exchange.match.outcome == routing::RouteMatch::Outcome::MethodNotAllowed)
    {
        std::string allow = "Allow: " + _exchange.match.allow + "\r\n";
        respondLocally(405, "the route does not allow this method", allow);
        return;
    }
    const pipeline::RoutePipeline& route = *runtime.routes[_exchange.match.routeIndex];
    _exchange.route = &route;
    for (const auto& policy : route.requestPolicies())
    {
        const char* policyDetail = "refused";
        int refused = policy->onRequest(_exchange, policyDetail);
        if (refused != 0)
        {
            respondLocally(refused, policyDetail);
            return;
        }
    }
    // RFC 9110 10.1.1: an HTTP/1.0 client's Expect is ignored.
    if (!_requestComplete && clientHttp11() &&
        util::equalsIgnoreCase(_exchange.request.find("expect"), "100-continue"))
    {
        static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
        write(interim.data(), interim.size());
    }
    if (!_handler || _handler->factory() != &route.handler())
    {
        _handler = route.handler().create(_loop);
    }
    _handlerActive = true;
    _handler->start(_exchange, *this);
    if (_requestComplete && _handlerActive)
    {
        _handler->onRequestBodyEnd();
    }
}

void ClientConnection::feedBody()
{
    const char* error = nullptr;
    std::size_t consumed = _parser.feedBody(_in.data(), _in.size(), *this, error);
    _in.consume(consumed);
    if (error != nullptr)
    {
        _exchange.error = error;
        if (_handlerActive)
        {
            _handlerActive = false;
            _handler->abort();
        }
        if (!_responseStarted)
        {
            _requestComplete = false;
            respondLocally(400, error);
        }
        else
        {
            requestClose();
        }
        return;
    }
    if (_bodyTooLarge)
    {
        if (_handlerActive)
        {
            _handlerActive = false;
            _handler->abort();
        }
        if (!_responseStarted)
        {
            respondLocally(413, "the request body is larger than the configured maxBodyBytes");
        }
        else
        {
            requestClose();
        }
    }
}

void ClientConnection::onBodyData(const char* data, std::size_t length)
{
    if (_bodyTooLarge)
    {
        return;
    }
    _exchange.bytesIn += length;
    if (_exchange.bytesIn > _limits.maxBodyBytes)
    {
        _bodyTooLarge = true;
        return;
    }
    if (_handlerActive)
    {
        _handler->onRequestBody(data, length);
    }
}

void ClientConnection::onBodyComplete()
{
    _requestComplete = true;
    if (_handlerActive && !_bodyTooLarge)
    {
        _handler->onRequestBodyEnd();
    }
}

void ClientConnection::resumeRequestBody()
{
    if (_bodyPaused)
    {
        _bodyPaused = false;
        if (!_deferredPending)
        {
            _deferredPending = true;
            _loop.defer(this);
        }
    }
}

void ClientConnection::failWith(int status, std::string_view detail, std::string_view extensionMembers)
{
    _handlerActive = false;
    std::string text(detail);
    respondLocally(status, text.c_str(), {}, extensionMembers);
    if (!_deferredPending)
    {
        _deferredPending = true;
        _loop.defer(this);
    }
}

void ClientConnection::respondLocally(int status, const char* detail, std::string_view extraHeaders,
                                      std::string_view extensionMembers)
{
    if (_exchange.requestId.empty())
    {
        util::newRequestId(_exchange.requestId);
    }
    if (_exchange.startedAt == 0)
    {
        // Refused before a head was parsed (431, 400): still one access-log line.
        _exchange.startedAt = _requestStartedAt != 0 ? _requestStartedAt : _loop.now();
        _exchange.startedAtWallMicros = util::wallClockMicros();
        _exchange.clientIp = &_clientIp;
    }
    if (_exchange.error.empty() && status >= 400)
    {
        _exchange.error = detail;
    }
    // Unread request body bytes would be taken for the next request: close instead.
    // After a malformed request the framing of whatever follows cannot be trusted: close too.
    bool malformed = status == 400 || status == 408 || status == 413 || status == 431 || status == 501 ||
                     status == 505;
    bool close = malformed || !_requestComplete || _draining || !_exchange.request.keepAlive ||
                 _state == State::ReadingHead;
    http::ProblemResponse problem;
    problem.status = status;
    problem.detail = detail;
    problem.requestId = _exchange.requestId;
    problem.extraHeaders = extraHeaders;
    problem.extensionMembers = extensionMembers;
    problem.close = close;
    problem.headOnly = _exchange.isHead();
    std::size_t before = _out.size();
    http::writeProblem(problem, _out);
    _exchange.bytesOut += _out.size() - before;
    _exchange.status = status;
    _state = State::Handling;
    _responseStarted = true;
    _responseFinished = true;
    _keepAliveAfter = !close;
    flushOutput();
}

void ClientConnection::respondWithDocument(const std::string& json)
{
    _exchange.status = 200;
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(json.size()) + "\r\nX-Request-Id: " + _exchange.requestId + "\r\n";
    head += http::responseConnectionField(_exchange.request, _requestComplete && _exchange.request.keepAlive);
    head += "\r\n";
    _responseStarted = true;
    sendHead(head.data(), head.size(), 200);
    if (!_exchange.isHead())
    {
        sendBody(json.data(), json.size());
    }
    _handlerActive = false;
    _responseFinished = true;
    _keepAliveAfter = _requestComplete && _exchange.request.keepAlive && !_draining;
    flushOutput();
}

void ClientConnection::sendHead(const char* data, std::size_t length, int status)
{
    _exchange.status = status;
    _responseStarted = true;
    // Held back until the first body bytes (or finish) so head and body leave in one send.
    _exchange.bytesOut += length;
    _out.append(data, length);
}

bool ClientConnection::sendBody(const char* data, std::size_t length)
{
    if (!_out.empty() && _out.size() < outputHighWater)
    {
        _exchange.bytesOut += length;
        _out.append(data, length);
        flushOutput();
    }
    else
    {
        write(data, length);
    }
    if (_out.size() >= outputHighWater)
    {
        _handlerWantsDrain = true;
        return false;
    }
    return true;
}

void ClientConnection::finish(bool keepAlive)
{
    _handlerActive = false;
    _responseFinished = true;
    _keepAliveAfter = keepAlive && _requestComplete && _exchange.request.keepAlive && !_draining;
    flushOutput();
    if (!_deferredPending)
    {
        _deferredPending = true;
        _loop.defer(this);
    }
}

void ClientConnection::fail(int status, const char* detail)
{
    _handlerActive = false;
    respondLocally(status, detail);
    if (!_deferredPending)
    {
        _deferredPending = true;
        _loop.defer(this);
    }
}

void ClientConnection::breakOff(const char* reason)
{
    _handlerActive = false;
    if (_exchange.error.empty())
    {
        _exchange.error = reason;
    }
    requestClose();
}

void ClientConnection::write(const char* data, std::size_t length)
{
    _exchange.bytesOut += length;
    if (_out.empty())
    {
        while (length > 0)
        {
            std::size_t written = 0;
            net::IoResult result = _transport->write(data, length, written);
            if (result == net::IoResult::Done)
            {
                data += written;
                length -= written;
                continue;
            }
            if (result == net::IoResult::WouldBlock)
            {
                break;
            }
            requestClose();
            return;
        }
    }
    if (length > 0)
    {
        _out.append(data, length);
    }
}

void ClientConnection::flushOutput()
{
    while (!_out.empty())
    {
        std::size_t written = 0;
        net::IoResult result = _transport->write(_out.data(), _out.size(), written);
        if (result == net::IoResult::Done)
        {
            _out.consume(written);
            _lastActivity = _loop.now();
            continue;
        }
        if (result == net::IoResult::WouldBlock)
        {
            break;
        }
        requestClose();
        return;
    }
    if (_out.empty() && _responseFinished && _state == State::Handling && !_deferredPending)
    {
        _deferredPending = true;
        _loop.defer(this);
    }
    if (_handlerWantsDrain && _out.size() < outputLowWater && _handlerActive)
    {
        _handlerWantsDrain = false;
        _handler->onClientWritable();
    }
}

void ClientConnection::onDeferred()
{
    _deferredPending = false;
    if (_closeRequested)
    {
        closeNow();
        return;
    }
    if (_state == State::Handling && _responseFinished && _out.empty())
    {
        completeExchange();
    }
    else if (_state == State::Handling && !_bodyPaused && !_requestComplete)
    {
        process();
    }
    if (_closeRequested)
    {
        closeNow();
    }
}

void ClientConnection::completeExchange()
{
    logExchange();
    if (!_keepAliveAfter)
    {
        if (_requestComplete && _in.empty())
        {
            closeNow();
            return;
        }
        // Closing with unread request bytes would make the kernel send a reset that can
        // destroy the response before the client reads it (a 413, say): half-close, then
        // read and drop what is left for a short while.
        ::shutdown(_fd, SHUT_WR);
        _state = State::Lingering;
        _lingerUntil = _loop.now() + 2000;
        _socketReadable = true;
        linger();
        return;
    }
    _exchange.reset();
    _state = State::ReadingHead;
    _requestComplete = false;
    _responseFinished = _responseStarted = false;
    _requestStartedAt = 0;
    _lastActivity = _loop.now();
    _in.shrink(64 * 1024);
    _out.shrink(64 * 1024);
    process();
}

void ClientConnection::logExchange()
{
    if (_exchange.startedAt == 0)
    {
        return;
    }
    for (pipeline::CompletionStage* stage : _runtime->completion)
    {
        stage->onComplete(_exchange, _loop.now());
    }
    _exchange.startedAt = 0;
}

void ClientConnection::linger()
{
    char discard[16 * 1024];
    for (int reads = 0; reads < 64; ++reads)
    {
        std::size_t count = 0;
        net::IoResult result = _transport->read(discard, sizeof discard, count);
        if (result == net::IoResult::WouldBlock)
        {
            return;
        }
        if (result != net::IoResult::Done)
        {
            break;
        }
    }
    closeNow();
}

void ClientConnection::requestClose()
{
    _closeRequested = true;
    if (!_deferredPending)
    {
        _deferredPending = true;
        _loop.defer(this);
    }
}

void ClientConnection::closeNow()
{
    if (_state == State::Closed)
    {
        return;
    }
    if (_handlerActive)
    {
        _handlerActive = false;
        _handler->abort();
    }
    if (_state == State::Handling && _exchange.startedAt != 0)
    {
        if (!_responseFinished)
        {
            // The client went away or the response broke off (nginx's 499 when nothing was sent).
            _exchange.status = _responseStarted ? _exchange.status : 499;
        }
        logExchange();
    }
    _state = State::Closed;
    _loop.remove(_fd);
    _transport.reset();
    ::close(_fd);
    _fd = -1;
    _loop.retire(this);
}

void ClientConnection::onTick(util::MonoMillis now)
{
    if (_state == State::Closed)
    {
        return;
    }
    if (_state == State::Lingering)
    {
        if (now > _lingerUntil)
        {
            closeNow();
        }
        return;
    }
    if (_handlerActive)
    {
        _handler->onTick(now);
    }
    bool receiving = _state == State::ReadingHead ? !_in.empty() || _requestStartedAt != 0 : !_requestComplete;
    if (receiving && _requestStartedAt != 0 && now - _requestStartedAt > _limits.requestTimeout.count())
    {
        // A client that trickles its request in cannot hold the connection past requestTimeout.
        if (!_responseStarted)
        {
            if (_handlerActive)
            {
                _handlerActive = false;
                _handler->abort();
            }
            // Closed after the answer, with the lingering close that keeps the 408 from being
            // destroyed by a reset over the unread request bytes.
            _requestComplete = false;
            respondLocally(408, "the request was not received within the configured requestTimeout");
        }
        else
        {
            requestClose();
        }
        return;
    }
    bool waitingForHandler = _state == State::Handling && _requestComplete && _out.empty();
    if (!waitingForHandler && now > idleDeadline())
    {
        requestClose();
    }
}

void ClientConnection::onDrain()
{
    _draining = true;
    if (_state == State::ReadingHead && _in.empty())
    {
        requestClose();
    }
}

} // namespace portico::gateway
