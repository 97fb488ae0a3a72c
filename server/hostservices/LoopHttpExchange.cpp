#include "hostservices/LoopHttpExchange.h"

namespace portico::hostservices
{

namespace
{
// An answer larger than this is refused as a bad response rather than held in memory.
constexpr std::size_t maxResponseBytes = 64 * 1024 * 1024;
} // namespace

LoopHttpExchange::LoopHttpExchange(net::EventLoop& loop, proxy::ConnectionPool& pool,
                                   std::string requestBytes, bool head, util::MonoMillis deadline,
                                   std::function<void(plugin::HttpResult)> done)
    : _loop(loop), _pool(pool), _requestBytes(std::move(requestBytes)), _head(head), _deadline(deadline),
      _done(std::move(done))
{
}

void LoopHttpExchange::begin()
{
    attempt();
}

void LoopHttpExchange::attempt()
{
    std::string error;
    _connection = _pool.acquire(error);
    if (_connection == nullptr)
    {
        finish(plugin::HttpResult::Outcome::Unreachable, error.empty() ? "cannot connect" : error);
        return;
    }
    _connection->attach(this);
    _reader.reset(_head);
    _headParsed = false;
    _bytesSeen = false;
    _result.body.clear();
    if (!_connection->send(_requestBytes.data(), _requestBytes.size()))
    {
        onUpstreamFailed("cannot send the request");
    }
}

void LoopHttpExchange::onUpstreamReadable()
{
    while (_connection != nullptr)
    {
        net::IoResult result = _connection->receive();
        if (result == net::IoResult::Done)
        {
            _bytesSeen = true;
            process();
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
        if (result == net::IoResult::Closed && _headParsed && _reader.bodyUntilClose())
        {
            _reader.readEnd(*this);
            proxy::UpstreamConnection* connection = _connection;
            _connection = nullptr;
            connection->release(false);
            finish(plugin::HttpResult::Outcome::Ok, "");
            return;
        }
        onUpstreamFailed(result == net::IoResult::Closed ? "the connection was closed before an answer"
                                                         : "reading the answer failed");
        return;
    }
}

void LoopHttpExchange::process()
{
    util::Buffer& input = _connection->input();
    if (!_headParsed)
    {
        http::ResponseReader::Progress progress = _reader.readHead(input);
        if (progress == http::ResponseReader::Progress::NeedMore)
        {
            return;
        }
        if (progress == http::ResponseReader::Progress::Malformed)
        {
            failed(plugin::HttpResult::Outcome::BadResponse, _reader.error());
            return;
        }
        _headParsed = true;
        const http::HttpHead& response = _reader.head();
        _result.status = response.status;
        _result.headers.reserve(response.headers.size());
        for (const http::HeaderField& field : response.headers)
        {
            _result.headers.push_back({std::string(field.name), std::string(field.value)});
        }
    }
    if (!_reader.readBody(input, *this) || _result.body.size() > maxResponseBytes)
    {
        failed(plugin::HttpResult::Outcome::BadResponse,
               _result.body.size() > maxResponseBytes ? "the answer is too large" : _reader.error());
        return;
    }
    if (_reader.complete())
    {
        bool reusable = _reader.head().keepAlive && input.empty() && !_connection->hasPendingOutput();
        proxy::UpstreamConnection* connection = _connection;
        _connection = nullptr;
        connection->release(reusable);
        finish(plugin::HttpResult::Outcome::Ok, "");
    }
}

void LoopHttpExchange::onBodyData(const char* data, std::size_t length)
{
    _result.body.append(data, length);
}

void LoopHttpExchange::onUpstreamFailed(const char* reason)
{
    failed(plugin::HttpResult::Outcome::Unreachable, reason);
}

void LoopHttpExchange::failed(plugin::HttpResult::Outcome outcome, const char* reason)
{
    bool reused = _connection != nullptr && _connection->reused();
    if (_connection != nullptr)
    {
        proxy::UpstreamConnection* connection = _connection;
        _connection = nullptr;
        connection->release(false);
    }
    // A kept-alive connection the peer had closed: one more try on a fresh one is safe, nothing
    // was answered.
    if (outcome == plugin::HttpResult::Outcome::Unreachable && reused && !_bytesSeen && !_retried)
    {
        _retried = true;
        attempt();
        return;
    }
    finish(outcome, reason != nullptr ? reason : "failed");
}

void LoopHttpExchange::finish(plugin::HttpResult::Outcome outcome, const std::string& error)
{
    if (_finished)
    {
        return;
    }
    _finished = true;
    // What the answer says about the origin, for its circuit breaker: like the proxy, a 502, 503 or
    // 504 is a failure even though it is an answer.
    const bool failing =
        outcome != plugin::HttpResult::Outcome::Ok || (_result.status >= 502 && _result.status <= 504);
    if (failing)
        _pool.target().recordFailure(_loop.now());
    else
        _pool.target().recordSuccess();
    _result.outcome = outcome;
    _result.error = error;
    if (outcome != plugin::HttpResult::Outcome::Ok)
    {
        _result.status = 0;
        _result.body.clear();
        _result.headers.clear();
    }
    std::function<void(plugin::HttpResult)> done = std::move(_done);
    _loop.retire(this);
    try
    {
        done(std::move(_result));
    }
    catch (...)
    {
        // The adapter's callback must not throw; if it does, the loop goes on.
    }
}

void LoopHttpExchange::onTick(util::MonoMillis now)
{
    if (!_finished && now > _deadline)
    {
        if (_connection != nullptr)
        {
            proxy::UpstreamConnection* connection = _connection;
            _connection = nullptr;
            connection->release(false);
        }
        finish(plugin::HttpResult::Outcome::TimedOut, "no answer within the timeout");
    }
}

void LoopHttpExchange::onLoopEnd()
{
    if (_connection != nullptr)
    {
        _connection->attach(nullptr);
        _connection = nullptr;
    }
    _finished = true; // the gateway is going away; nobody waits for this answer any more
}

} // namespace portico::hostservices
