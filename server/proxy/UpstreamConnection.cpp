#include "proxy/UpstreamConnection.h"

#include "net/IoEvents.h"
#include "net/SocketCalls.h"

#include "net/SocketOps.h"
#include "proxy/ConnectionPool.h"

namespace portico::proxy
{

namespace
{
// Idle pooled connections are closed after this long; upstream servers typically drop
// keep-alive connections after 60-75 s, and closing first avoids racing their close.
constexpr util::MonoMillis idleLifetimeMs = 30000;
} // namespace

UpstreamConnection::UpstreamConnection(net::EventLoop& loop, TargetState& target, ConnectionPool& pool,
                                       int fd, std::unique_ptr<net::Transport> transport)
    : _loop(loop), _target(target), _pool(pool), _fd(fd), _transport(std::move(transport))
{
    _io.attach(_transport.get());
    _idleSince = loop.now();
}

UpstreamConnection::~UpstreamConnection()
{
    if (_fd >= 0)
    {
        _transport.reset();
        net::closeSocket(_fd);
    }
}

void UpstreamConnection::release(bool reusable)
{
    _user = nullptr;
    if (!reusable || _closed || _io.peerClosed() || _io.hasUnreadInput() || _io.hasPendingOutput())
    {
        close();
        return;
    }
    _reused = true;
    _idleSince = _loop.now();
    _pool.giveBack(this);
}

void UpstreamConnection::close()
{
    if (_closed)
    {
        return;
    }
    _closed = true;
    _user = nullptr;
    _pool.forget(this);
    _loop.remove(_fd);
    _io.attach(nullptr);
    _transport.reset();
    net::closeSocket(_fd);
    _fd = -1;
    _loop.retire(this);
}

bool UpstreamConnection::send(const char* data, std::size_t length)
{
    return !_closed && _io.send(data, length, _connected);
}

void UpstreamConnection::onIo(std::uint32_t events)
{
    if (_closed)
    {
        return;
    }
    if (events & (net::io::peerClosed | net::io::hangUp))
    {
        _io.notePeerClosed();
    }
    if (!_connected)
    {
        int error = 0;
        const net::ConnectProgress progress = net::connectProgress(_fd, events, error);
        if (progress == net::ConnectProgress::Pending)
        {
            return;
        }
        if (progress == net::ConnectProgress::Failed)
        {
            User* user = _user;
            close();
            if (user != nullptr)
            {
                user->onUpstreamFailed("connect failed");
            }
            return;
        }
        _connected = true;
        if (!_io.flush())
        {
            User* user = _user;
            close();
            if (user != nullptr)
            {
                user->onUpstreamFailed("write failed");
            }
            return;
        }
        if (_user != nullptr)
        {
            _user->onUpstreamConnected();
        }
        if (_closed)
        {
            return;
        }
    }
    if (_user == nullptr)
    {
        // Idle in the pool: any readable event means the peer closed (or sent something it
        // should not have); either way the connection cannot be reused.
        if (events & (net::io::readable | net::io::peerClosed | net::io::hangUp | net::io::error))
        {
            close();
        }
        return;
    }
    if (events & net::io::writable)
    {
        if (!_io.flush())
        {
            User* user = _user;
            close();
            user->onUpstreamFailed("write failed");
            return;
        }
        if (!_io.hasPendingOutput() && _user != nullptr)
        {
            _user->onUpstreamWritable();
        }
    }
    if (!_closed && _user != nullptr &&
        (events & (net::io::readable | net::io::peerClosed | net::io::hangUp | net::io::error)))
    {
        _user->onUpstreamReadable();
    }
}

void UpstreamConnection::onTick(util::MonoMillis now)
{
    if (_user == nullptr && _connected && now - _idleSince > idleLifetimeMs)
    {
        close();
    }
}

void UpstreamConnection::onDrain()
{
    if (_user == nullptr)
    {
        close();
    }
}

} // namespace portico::proxy
