#include "hostservices/MultiplexedSession.h"

#include "hostservices/MultiplexedPool.h"

namespace portico::hostservices
{

using Outcome = plugin::StreamResult::Outcome;

MultiplexedSession::MultiplexedSession(net::EventLoop& loop, std::shared_ptr<MultiplexedPool> pool,
                                       StreamConnection& connection)
    : _loop(loop), _pool(std::move(pool)), _connection(&connection), _replies(_pool->newReplyStream())
{
}

bool MultiplexedSession::open(std::string& error)
{
    if (!_replies)
    {
        error = "the adapter gave no ReplyStream for a multiplexed pool";
        return false;
    }
    net::Endpoint endpoint;
    if (!_pool->core().endpoint(endpoint, error)) return false;
    _connection->attach(this);
    _connectDeadline = _loop.now() + _pool->core().settings().connectTimeout.count();
    return _connection->connect(endpoint, error);
}

bool MultiplexedSession::send(const std::string& request, std::string& error)
{
    return _connection != nullptr && _connection->send(request.data(), request.size(), error);
}

void MultiplexedSession::end()
{
    if (_ended) return;
    _ended = true;
    if (_connection != nullptr)
    {
        _connection->attach(nullptr);
        _connection->close();
        _connection = nullptr;
    }
    _loop.retire(this);
}

void MultiplexedSession::broke(bool connecting, const std::string& reason)
{
    if (_ended) return;
    _pool->sessionBroke(*this, connecting ? Outcome::Unreachable : Outcome::Failed, reason);
    end();
}

void MultiplexedSession::onStreamFailed(bool connecting, const std::string& reason)
{
    broke(connecting, (connecting ? "cannot connect to " : "the connection to ") + _pool->core().peerName() +
                          (connecting ? ": " : " broke: ") + reason);
}

void MultiplexedSession::onStreamReadable()
{
    while (!_ended)
    {
        std::string error;
        const net::IoResult result = _connection->receive(error);
        if (result == net::IoResult::WouldBlock) return;
        if (result == net::IoResult::Closed)
        {
            broke(false, _pool->core().peerName() + " closed the connection");
            return;
        }
        if (result == net::IoResult::Failed)
        {
            broke(false, "the connection to " + _pool->core().peerName() + " broke while reading: " + error);
            return;
        }
        util::Buffer& input = _connection->input();
        std::string_view bytes = input.view();
        // Every reply in these bytes, each to its exchange; what is left of a reply stays buffered
        // in the stream for the next read.
        for (;;)
        {
            std::string key;
            std::unique_ptr<plugin::ReplyReader> reply;
            plugin::ReplyReader::Progress progress = plugin::ReplyReader::Progress::Invalid;
            try
            {
                progress = _replies->next(bytes, key, reply, error);
            }
            catch (...)
            {
                error = "sent a reply the adapter could not read";
            }
            bytes = {};
            if (progress == plugin::ReplyReader::Progress::NeedMore) break;
            if (progress == plugin::ReplyReader::Progress::Invalid)
            {
                input.consume(input.size());
                broke(false, _pool->core().peerName() + " " + error);
                return;
            }
            _pool->replied(*this, key, std::move(reply));
            if (_ended) return;
        }
        input.consume(input.size());
        if (!_connection->mayHaveMore()) return;
    }
}

void MultiplexedSession::onTick(util::MonoMillis now)
{
    if (_ended) return;
    if (_connection != nullptr && !_connection->connected() && now >= _connectDeadline)
    {
        broke(true, "connecting to " + _pool->core().peerName() + " timed out");
        return;
    }
    _pool->expire(now);
    // The pool's owner is gone: the connection closes once nothing waits on it.
    if (_pool->closed() && _inFlight == 0) end();
}

void MultiplexedSession::onLoopEnd()
{
    // The gateway is going away: the connection is the loop's to end.
    _ended = true;
    _connection = nullptr;
}

} // namespace portico::hostservices
