#include "listener/ClientConnection.h"

#include "net/IoEvents.h"
#include "net/SocketCalls.h"

#include "routing/PathNormalizer.h"
#include "util/RequestId.h"
#include "util/ReturnFreeMemory.h"
#include "util/WallClock.h"

#include <atomic>

namespace portico::listener
{

namespace
{

// A keep-alive connection quiet for this long is idle: it gives back its buffers (see
// releaseIdleMemory). Long enough that a busy client's next request finds them in place.
constexpr util::MonoMillis idleReleaseAfterMs = 1000;
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

ClientConnection::ClientConnection(net::EventLoop& loop, Configuration configuration, int fd,
                                   std::string clientIp, std::unique_ptr<net::Transport> transport,
                                   bool secure)
    : _loop(loop), _holder(configuration.holder), _runtime(std::move(configuration.runtime)),
      _generation(configuration.generation), _limits(&_runtime->config->server.limits), _fd(fd),
      _clientIp(std::move(clientIp)), _transport(std::move(transport)), _secure(secure),
      _runner(*this, _runtime->table, _limits->requestTimeout.count())
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
        net::closeSocket(_fd);
    }
}

bool ClientConnection::open()
{
    return _loop.add(_fd, this);
}

util::MonoMillis ClientConnection::idleDeadline() const
{
    return _lastActivity + _limits->idleTimeout.count();
}

void ClientConnection::onIo(std::uint32_t events)
{
    if (_state == State::Closed)
    {
        return;
    }
    if (events & (net::io::error | net::io::hangUp))
    {
        closeNow();
        return;
    }
    if (events & (net::io::readable | net::io::peerClosed))
    {
        _socketReadable = true;
    }
    if (events & net::io::peerClosed)
    {
        _peerClosed = true;
        if (_state == State::Handling && _runner.paused() && !_runner.answered())
        {
            // Nothing is read while a policy holds the exchange, so the client's leaving shows
            // only here: it cancels the pending work (nginx answers such a client 499 as well).
            closeNow();
            return;
        }
    }
    if ((events & net::io::writable) && !_out.empty())
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
                if (headLength > _limits->maxHeaderBytes)
                {
                    refuseRequest(431, "the request head is larger than the configured maxHeaderBytes");
                    return;
                }
                dispatchRequest(headLength);
                continue;
            }
            if (scanned == http::HeadScanResult::Malformed)
            {
                refuseRequest(400, reason);
                return;
            }
            if (_in.size() > _limits->maxHeaderBytes)
            {
                refuseRequest(431, "the request head is larger than the configured maxHeaderBytes");
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
            if (_requestComplete || _bodyHeld || _responseFinished)
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
    char* into = _in.prepare(_readWindow.next());
    std::size_t count = 0;
    std::size_t capacity = _in.writable();
    net::IoResult result = _transport->read(into, capacity, count);
    if (result == net::IoResult::Done)
    {
        _in.commit(count);
        _readWindow.observe(capacity, count);
        _lastActivity = _loop.now();
        _idleMemoryReleased = false;
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

bool ClientConnection::checkRequest(const char*& detail, int& status)
{
    pipeline::Exchange& exchange = _runner.exchange();
    http::HttpHead& request = exchange.request;
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
        exchange.requestId.assign(idHeader.data(), idHeader.size());
    }
    else
    {
        util::newRequestId(exchange.requestId);
    }
    // W3C trace context: continued when the client sent a valid traceparent, started otherwise.
    const std::string_view traceparent = request.find("traceparent");
    if (traceparent.data() == nullptr || !exchange.trace.accept(traceparent)) exchange.trace.start();
    // Exactly one Host for HTTP/1.1 (RFC 9112 3.2); two would let the router and the upstream
    // disagree about which host was meant.
    int hostCount = 0;
    int transferEncodingCount = 0;
    for (const http::HeaderField& field : request.headers)
    {
        if (util::equalsIgnoreCase(field.name, "host"))
        {
            ++hostCount;
            exchange.host = field.value;
        }
        else if (util::equalsIgnoreCase(field.name, "transfer-encoding"))
        {
            ++transferEncodingCount;
        }
    }
    bool http11 = request.versionMinor >= 1;
    if (hostCount > 1 || (hostCount == 0 && http11))
    {
        detail = hostCount > 1 ? "more than one Host header" : "missing Host header";
        return false;
    }
    // Two Transfer-Encoding fields make one list ("chunked, chunked": chunked twice, which no
    // sender may do), and back ends disagree on which one counts: refused, like a second
    // Content-Length. In HTTP/1.0 the field does not exist, so a message carrying it has faulty
    // framing (RFC 9112 6.1) and is refused rather than guessed at.
    if (transferEncodingCount > 1)
    {
        detail = "more than one Transfer-Encoding header";
        return false;
    }
    if (transferEncodingCount == 1 && !http11)
    {
        detail = "Transfer-Encoding in an HTTP/1.0 request";
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
    exchange.query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    routing::PathError pathError = routing::normalizePath(path, exchange.normalizedPath);
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
    if (request.hasContentLength && request.contentLength > _limits->maxBodyBytes)
    {
        status = 413;
        detail = "the request body is larger than the configured maxBodyBytes";
        return false;
    }
    return true;
}

void ClientConnection::dispatchRequest(std::size_t headLength)
{
    // A reload since this connection's last exchange: this one runs on the new configuration.
    takeNewerConfiguration();
    if (_requestStartedAt == 0)
    {
        _requestStartedAt = _loop.now();
    }
    pipeline::Exchange& exchange = _runner.exchange();
    exchange.startedAt = _requestStartedAt;
    exchange.startedAtWallMicros = util::wallClockMicros();
    exchange.clientIp = &_clientIp;
    exchange.peerIp = &_clientIp;
    exchange.secure = _secure;
    exchange.clientCertificate = _secure ? _transport->peerCertificate() : nullptr;
    exchange.headBlock.assign(_in.data(), headLength);
    _in.consume(headLength);
    _scanner.reset();
    _responseFinished = _bodyTooLarge = _wantsWritable = false;
    _bodyHeld = false;
    _state = State::Handling;

    const char* parseError = _parser.parseHead(exchange.headBlock, exchange.request);
    if (parseError != nullptr)
    {
        refuseRequest(400, parseError);
        return;
    }
    _requestComplete = _parser.complete();
    const char* detail = nullptr;
    int status = 0;
    if (!checkRequest(detail, status))
    {
        refuseRequest(status, detail);
        return;
    }
    _runner.run();
}

void ClientConnection::refuseRequest(int status, const char* detail)
{
    pipeline::Exchange& exchange = _runner.exchange();
    if (exchange.requestId.empty())
    {
        util::newRequestId(exchange.requestId);
    }
    if (exchange.startedAt == 0)
    {
        // Refused before a head was parsed (431, 400): still one access-log line.
        exchange.startedAt = _requestStartedAt != 0 ? _requestStartedAt : _loop.now();
        exchange.startedAtWallMicros = util::wallClockMicros();
        exchange.clientIp = &_clientIp;
        exchange.peerIp = &_clientIp;
    }
    if (_state == State::ReadingHead)
    {
        _state = State::Handling;
        _requestComplete = false;
    }
    // What follows a request the gateway could not frame cannot be trusted: close after the answer.
    _runner.refuse(status, detail, true);
}

void ClientConnection::feedBody()
{
    const char* error = nullptr;
    std::size_t consumed = _parser.feedBody(_in.data(), _in.size(), *this, error);
    _in.consume(consumed);
    if (error == nullptr && !_bodyTooLarge)
    {
        return;
    }
    if (_runner.responseStarted())
    {
        _runner.abort();
        requestClose();
        return;
    }
    if (error != nullptr)
    {
        _requestComplete = false;
        _runner.refuse(400, error, true);
    }
    else
    {
        _runner.refuse(413, "the request body is larger than the configured maxBodyBytes", true);
    }
}

void ClientConnection::onBodyData(const char* data, std::size_t length)
{
    if (_bodyTooLarge)
    {
        return;
    }
    pipeline::Exchange& exchange = _runner.exchange();
    exchange.bytesIn += length;
    if (exchange.bytesIn > _limits->maxBodyBytes)
    {
        _bodyTooLarge = true;
        return;
    }
    _runner.onRequestBody(data, length);
}

void ClientConnection::onBodyComplete()
{
    _requestComplete = true;
    if (!_bodyTooLarge)
    {
        _runner.onRequestBodyEnd();
    }
}

void ClientConnection::holdRequestBody(bool hold)
{
    if (hold)
    {
        if (!_bodyHeld)
        {
            _bodyHeld = true;
            _heldSince = _loop.now();
        }
        return;
    }
    if (_bodyHeld)
    {
        _bodyHeld = false;
        // Time the gateway chose not to read is not the client's: requestTimeout bounds trickling
        // clients, not a policy's wait or a slow upstream.
        if (_requestStartedAt != 0)
        {
            _requestStartedAt += _loop.now() - _heldSince;
        }
        deferOnce();
    }
}

void ClientConnection::sendContinue()
{
    static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
    write(interim.data(), interim.size());
}

bool ClientConnection::send(const char* data, std::size_t length)
{
    if (!_out.empty() && _out.size() < outputHighWater)
    {
        // Head and the first body bytes leave in one send.
        _out.append(data, length);
        flushOutput();
    }
    else
    {
        write(data, length);
    }
    if (_out.size() >= outputHighWater)
    {
        _wantsWritable = true;
        return false;
    }
    return true;
}

void ClientConnection::finishResponse(bool keepAlive)
{
    _responseFinished = true;
    _keepAliveAfter = keepAlive && _requestComplete && !_draining;
    flushOutput();
    deferOnce();
}

void ClientConnection::breakOff(const char*)
{
    requestClose();
}

void ClientConnection::write(const char* data, std::size_t length)
{
    if (_out.empty())
    {
        while (length > 0)
        {
            std::size_t written = 0;
            net::IoResult result = _transport->write(data, length, written);
            if (result == net::IoResult::Done)
            {
                _runner.exchange().bytesOut += written;
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
            _runner.exchange().bytesOut += written;
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
    if (_out.empty() && _responseFinished && _state == State::Handling)
    {
        deferOnce();
    }
    if (_wantsWritable && _out.size() < outputLowWater)
    {
        _wantsWritable = false;
        _runner.onClientWritable();
    }
}

void ClientConnection::deferOnce()
{
    if (!_deferredPending)
    {
        _deferredPending = true;
        _loop.defer(this);
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
    else if (_state == State::Handling && !_bodyHeld && !_requestComplete)
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
    _runner.complete(_loop.now());
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
        net::shutdownSending(_fd);
        _state = State::Lingering;
        _lingerUntil = _loop.now() + 2000;
        _socketReadable = true;
        linger();
        return;
    }
    _runner.reset();
    _state = State::ReadingHead;
    _requestComplete = false;
    _responseFinished = false;
    _requestStartedAt = 0;
    _lastActivity = _loop.now();
    _in.shrink(64 * 1024);
    _out.shrink(64 * 1024);
    process();
}

void ClientConnection::takeNewerConfiguration()
{
    if (_holder.generation() == _generation) return;
    _generation = _holder.generation();
    _runtime = _holder.get();
    _limits = &_runtime->config->server.limits;
    _runner.rebind(_runtime->table, _limits->requestTimeout.count());
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
    deferOnce();
}

void ClientConnection::closeNow()
{
    if (_state == State::Closed)
    {
        return;
    }
    if (_state == State::Handling)
    {
        _runner.abort();
        pipeline::Exchange& exchange = _runner.exchange();
        if (exchange.startedAt != 0)
        {
            if (!_responseFinished && exchange.status == 0)
            {
                // The client went away before any answer was written (nginx's 499).
                exchange.status = 499;
            }
            _runner.complete(_loop.now());
        }
    }
    _state = State::Closed;
    _loop.remove(_fd);
    _transport.reset();
    net::closeSocket(_fd);
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
    if (_state == State::Handling)
    {
        _runner.onTick(now);
    }
    // While a policy holds the exchange nothing is read on purpose: the runner bounds that wait.
    bool receiving = _state == State::ReadingHead ? !_in.empty() || _requestStartedAt != 0
                                                  : !_requestComplete && !_runner.paused();
    if (receiving && _requestStartedAt != 0 && now - _requestStartedAt > _limits->requestTimeout.count())
    {
        // A client that trickles its request in cannot hold the connection past requestTimeout.
        if (!_runner.responseStarted())
        {
            // Closed after the answer, with the lingering close that keeps the 408 from being
            // destroyed by a reset over the unread request bytes.
            if (_state == State::ReadingHead)
            {
                refuseRequest(408, "the request was not received within the configured requestTimeout");
            }
            else
            {
                _requestComplete = false;
                _runner.refuse(408, "the request was not received within the configured requestTimeout",
                               true);
            }
        }
        else
        {
            requestClose();
        }
        return;
    }
    bool waitingForAnswer =
        _state == State::Handling && (_requestComplete || _runner.paused()) && _out.empty();
    if (!waitingForAnswer && now > idleDeadline())
    {
        requestClose();
        return;
    }
    if (!_idleMemoryReleased && _state == State::ReadingHead && _in.empty() && _out.empty() &&
        _requestStartedAt == 0 && now - _lastActivity >= idleReleaseAfterMs)
    {
        releaseIdleMemory(now);
    }
}

void ClientConnection::releaseIdleMemory(util::MonoMillis now)
{
    const std::size_t held = _in.capacity() + _out.capacity();
    _in.release();
    _out.release();
    _readWindow.reset();
    _runner.releaseIdleMemory();
    _idleMemoryReleased = true;
    util::noteFreedMemory(held, now);
}

void ClientConnection::onDrain()
{
    _draining = true;
    if (_state == State::ReadingHead && _in.empty())
    {
        requestClose();
    }
}

} // namespace portico::listener
