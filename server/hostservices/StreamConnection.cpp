#include "hostservices/StreamConnection.h"

#include "hostservices/StreamPoolCore.h"

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::hostservices
{

StreamConnection::StreamConnection(net::EventLoop& loop, std::shared_ptr<StreamPoolCore> core)
    : _loop(loop), _core(std::move(core))
{
}

StreamConnection::~StreamConnection()
{
    closeSocket();
    _core->slotReturned(_loop, _loopEnding);
}

bool StreamConnection::connect(const net::Endpoint& endpoint, std::string& error)
{
    closeSocket();
    _fd = net::connectNonBlocking(endpoint, error);
    if (_fd < 0)
    {
        return false;
    }
    if (!_loop.add(_fd, this))
    {
        error = "cannot watch the socket";
        closeSocket();
        return false;
    }
    return true;
}

void StreamConnection::attach(User* user)
{
    _user = user;
    if (user != nullptr)
    {
        _sent = 0;
    }
}

void StreamConnection::closeSocket()
{
    ++_socketGeneration;
    if (_fd >= 0)
    {
        _loop.remove(_fd);
        ::close(_fd);
        _fd = -1;
    }
    _connected = false;
    _peerClosed = false;
    _mayHaveMore = true;
    _sent = 0;
    _in.clear();
    _out.clear();
}

void StreamConnection::disconnect()
{
    closeSocket();
}

void StreamConnection::close()
{
    if (_retired)
    {
        return;
    }
    _retired = true;
    _user = nullptr;
    closeSocket();
    _core->forgetIdle(_loop, this);
    _loop.retire(this); // the destructor, after this batch of events, gives the slot back
}

bool StreamConnection::send(const char* data, std::size_t length, std::string& error)
{
    if (_fd < 0)
    {
        error = "the connection is closed";
        return false;
    }
    _out.append(data, length);
    return !_connected || flush(error);
}

bool StreamConnection::flush(std::string& error)
{
    while (!_out.empty())
    {
        ssize_t n = ::send(_fd, _out.data(), _out.size(), MSG_NOSIGNAL);
        if (n > 0)
        {
            _out.consume(static_cast<std::size_t>(n));
            _sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            return true; // the rest goes on EPOLLOUT
        }
        error = n < 0 ? std::strerror(errno) : "nothing could be written";
        return false;
    }
    return true;
}

net::IoResult StreamConnection::receive(std::string& error)
{
    constexpr std::size_t chunk = 16 * 1024;
    char* into = _in.prepare(chunk);
    const std::size_t capacity = _in.writable();
    for (;;)
    {
        ssize_t n = ::recv(_fd, into, capacity, 0);
        if (n > 0)
        {
            _in.commit(static_cast<std::size_t>(n));
            _mayHaveMore = static_cast<std::size_t>(n) == capacity || _peerClosed;
            return net::IoResult::Done;
        }
        if (n == 0)
        {
            return net::IoResult::Closed;
        }
        if (errno == EINTR)
        {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK)
        {
            return net::IoResult::WouldBlock;
        }
        error = std::strerror(errno);
        return net::IoResult::Failed;
    }
}

bool StreamConnection::stillIdle() const
{
    if (_fd < 0 || !_connected || _peerClosed)
    {
        return false;
    }
    char byte = 0;
    ssize_t n = ::recv(_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void StreamConnection::fail(bool connecting, const std::string& reason)
{
    // The user decides: close, or connect again in this slot; sentBytes() still tells what left.
    User* user = _user;
    if (user != nullptr)
    {
        user->onStreamFailed(connecting, reason);
    }
    else
    {
        close();
    }
}

void StreamConnection::onIo(std::uint32_t events)
{
    if (_fd < 0)
    {
        return;
    }
    const unsigned generation = _socketGeneration;
    if (events & (EPOLLRDHUP | EPOLLHUP))
    {
        _peerClosed = true;
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
            fail(true, error != 0 ? std::strerror(error) : "the connection was refused");
            return;
        }
        _connected = true;
        std::string writeError;
        if (!flush(writeError))
        {
            fail(false, writeError);
            return;
        }
        if (_user != nullptr)
        {
            _user->onStreamConnected();
        }
        if (_socketGeneration != generation)
        {
            return; // closed, or replaced by a retry's new socket, inside the callback
        }
    }
    if (_user == nullptr)
    {
        // Idle: the peer closed it, or spoke out of turn; either way it cannot carry a request.
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        {
            close();
        }
        return;
    }
    if ((events & EPOLLOUT) && !_out.empty())
    {
        std::string writeError;
        if (!flush(writeError))
        {
            fail(false, writeError);
            return;
        }
        if (_out.empty() && _user != nullptr)
        {
            _user->onStreamWritten();
        }
        if (_socketGeneration != generation)
        {
            return;
        }
    }
    if (_fd >= 0 && _user != nullptr && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
    {
        _user->onStreamReadable();
    }
}

void StreamConnection::onTick(util::MonoMillis)
{
    // The pool's owner is gone: idle connections have nothing left to serve.
    if (_user == nullptr && !_retired && _core->closed())
    {
        close();
    }
}

void StreamConnection::onDrain()
{
    if (_user == nullptr)
    {
        close();
    }
}

void StreamConnection::onLoopEnd()
{
    _loopEnding = true;
    _user = nullptr;
}

} // namespace portico::hostservices
