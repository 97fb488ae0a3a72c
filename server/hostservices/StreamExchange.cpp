#include "hostservices/StreamExchange.h"

#include "hostservices/StreamPoolCore.h"

#include <algorithm>

namespace portico::hostservices
{

using Outcome = plugin::StreamResult::Outcome;

StreamExchange::StreamExchange(net::EventLoop& loop, std::shared_ptr<StreamPoolCore> core,
                               std::string request, std::unique_ptr<plugin::ReplyReader> reader,
                               util::MonoMillis deadline, plugin::StreamPool::Done done)
    : _loop(loop), _core(std::move(core)), _request(std::move(request)), _reader(std::move(reader)),
      _deadline(deadline), _done(std::move(done))
{
}

void StreamExchange::begin()
{
    std::chrono::seconds retryAfter{0};
    if (!_core->admit(_loop.now(), retryAfter))
    {
        _retryAfter = retryAfter;
        finish(Outcome::CircuitOpen,
               "the circuit breaker of " + _core->peerName() +
                   " is open after repeated failures: nothing was sent, so it can recover");
        return;
    }
    _core->acquire(_loop, *this);
}

void StreamExchange::useConnection(StreamConnection& connection)
{
    _connection = &connection;
    _connection->attach(this);
    send();
}

void StreamExchange::useNewSlot()
{
    auto connection = std::make_unique<StreamConnection>(_loop, _core);
    _connection = connection.get();
    _loop.adopt(std::move(connection));
    _connection->attach(this);
    connect();
}

void StreamExchange::connect()
{
    _stage = Stage::Connecting;
    _connectDeadline =
        std::min<util::MonoMillis>(_deadline, _loop.now() + _core->settings().connectTimeout.count());
    net::Endpoint endpoint;
    std::string error;
    if (!_core->endpoint(endpoint, error))
    {
        finish(Outcome::Unreachable, "cannot connect to " + _core->peerName() + ": " + error);
        return;
    }
    if (!_connection->connect(endpoint, error))
    {
        connectFailed(error, false);
    }
}

void StreamExchange::connectFailed(const std::string& reason, bool timedOut)
{
    if (_loop.now() >= _deadline)
    {
        finish(Outcome::TimedOut, "connecting to " + _core->peerName() + " took until the timeout");
        return;
    }
    // A refused connect sent nothing: one more try. One that timed out would only spend the rest of
    // the deadline the same way.
    if (!_retried && !timedOut)
    {
        _retried = true;
        _connection->disconnect();
        connect();
        return;
    }
    finish(Outcome::Unreachable, "cannot connect to " + _core->peerName() + ": " + reason);
}

void StreamExchange::onStreamConnected()
{
    send();
}

void StreamExchange::send()
{
    _stage = Stage::Sending;
    std::string error;
    if (!_connection->send(_request.data(), _request.size(), error))
    {
        onStreamFailed(false, error);
        return;
    }
    if (!_connection->hasPendingOutput())
    {
        _stage = Stage::Receiving;
    }
}

void StreamExchange::onStreamWritten()
{
    if (_stage == Stage::Sending)
    {
        _stage = Stage::Receiving;
    }
}

void StreamExchange::onStreamFailed(bool connecting, const std::string& reason)
{
    if (connecting)
    {
        connectFailed(reason, false);
        return;
    }
    if (_connection->sentBytes() == 0 && !_retried)
    {
        _retried = true; // nothing of the request left: it is safe to send it on a fresh connection
        _connection->disconnect();
        connect();
        return;
    }
    finish(Outcome::Failed, "the connection to " + _core->peerName() + " broke while sending: " + reason);
}

void StreamExchange::onStreamReadable()
{
    while (_connection != nullptr && _stage != Stage::Finished)
    {
        std::string error;
        const net::IoResult result = _connection->receive(error);
        if (result == net::IoResult::WouldBlock)
        {
            return;
        }
        if (result == net::IoResult::Closed)
        {
            finish(Outcome::Failed, _core->peerName() + " closed the connection before it answered in full");
            return;
        }
        if (result == net::IoResult::Failed)
        {
            finish(Outcome::Failed,
                   "the connection to " + _core->peerName() + " broke while reading: " + error);
            return;
        }
        util::Buffer& input = _connection->input();
        plugin::ReplyReader::Progress progress = plugin::ReplyReader::Progress::Invalid;
        try
        {
            progress = _reader->feed(input.view(), error);
        }
        catch (...)
        {
            error = "sent a reply the adapter could not read"; // a reader must not throw; the loop goes on
        }
        input.consume(input.size());
        if (progress == plugin::ReplyReader::Progress::Invalid)
        {
            finish(Outcome::Failed, _core->peerName() + " " + error);
            return;
        }
        if (progress == plugin::ReplyReader::Progress::Complete)
        {
            // Bytes beyond the one reply mean the stream is out of step: such a connection is closed.
            if (!_reader->overran() && _connection->reusable())
            {
                StreamConnection* connection = _connection;
                _connection = nullptr;
                connection->attach(nullptr);
                _core->giveBack(_loop, *connection);
            }
            finish(Outcome::Ok, {});
            return;
        }
        if (!_connection->mayHaveMore())
        {
            return;
        }
    }
}

void StreamExchange::onTick(util::MonoMillis now)
{
    if (_stage == Stage::Finished)
    {
        return;
    }
    if (_stage == Stage::Waiting && now < _deadline)
    {
        // A hint that a slot came free can reach a loop whose waiter had just gone; every waiting
        // loop looks again each tick, so no waiter misses a free slot for longer than that.
        _core->lookAgain(_loop);
        return;
    }
    if (now >= _deadline)
    {
        const std::string& peer = _core->peerName();
        switch (_stage)
        {
        case Stage::Waiting:
            _core->withdraw(_loop, *this);
            finish(Outcome::TimedOut, "all " + std::to_string(_core->settings().size) + " connections to " +
                                          peer + " stayed busy until the timeout");
            return;
        case Stage::Connecting:
            finish(Outcome::TimedOut, "connecting to " + peer + " took until the timeout");
            return;
        case Stage::Sending:
            finish(Outcome::TimedOut, "sending to " + peer + " did not finish before the timeout");
            return;
        case Stage::Receiving:
        case Stage::Finished:
            break;
        }
        finish(Outcome::TimedOut, peer + " did not answer before the timeout");
        return;
    }
    if (_stage == Stage::Connecting && now >= _connectDeadline)
    {
        connectFailed("the connect timed out", true);
    }
}

void StreamExchange::dropConnection()
{
    StreamConnection* connection = _connection;
    _connection = nullptr;
    connection->attach(nullptr);
    connection->close();
}

void StreamExchange::finish(Outcome outcome, std::string error)
{
    if (_stage == Stage::Finished)
    {
        return;
    }
    _stage = Stage::Finished;
    if (_connection != nullptr)
    {
        dropConnection(); // broken, timed out or out of step: never reused
    }
    plugin::StreamPool::Done done = std::move(_done);
    std::unique_ptr<plugin::ReplyReader> reader = std::move(_reader);
    _loop.retire(this);
    _core->recordOutcome(outcome, _loop.now());
    plugin::StreamResult result;
    result.outcome = outcome;
    result.error = std::move(error);
    result.retryAfter = _retryAfter;
    try
    {
        done(std::move(result), std::move(reader));
    }
    catch (...)
    {
        // An adapter's callback must not throw; if it does, the loop goes on.
    }
}

void StreamExchange::onLoopEnd()
{
    // The gateway is going away: nobody waits for this answer; the connection is the loop's to end.
    _connection = nullptr;
    _stage = Stage::Finished;
}

} // namespace portico::hostservices
