#include "hostservices/StreamConnection.h"

#include "net/IoEvents.h"
#include "net/SocketCalls.h"

#include "hostservices/StreamPoolCore.h"

#include <cstring>
#include <limits>

namespace portico::hostservices
{

StreamConnection::StreamConnection(net::EventLoop& loop, std::shared_ptr<StreamPoolCore> core)
    : _loop(&loop), _core(std::move(core))
{
}

StreamConnection::~StreamConnection()
{
    // Destroyed on the way to another loop: the loops are ending, and none may be told anything.
    if (_moving)
    {
        _loopEnding = true;
        if (_fd >= 0) net::closeSocket(_fd);
        _fd = -1;
    }
    closeSocket();
    _core->slotReturned(*_loop, _loopEnding);
}

bool StreamConnection::connect(const net::Endpoint& endpoint, std::string& error)
{
    closeSocket();
    _fd = net::connectNonBlocking(endpoint, error);
    if (_fd < 0)
    {
        return false;
    }
    _transport = std::make_unique<net::PlainTransport>(_fd);
    _io.attach(_transport.get());
    if (!_loop->add(_fd, this))
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
        _io.countSentFromHere();
    }
}

void StreamConnection::closeSocket()
{
    ++_socketGeneration;
    if (_fd >= 0)
    {
        _loop->remove(_fd);
        net::closeSocket(_fd);
        _fd = -1;
    }
    _io.attach(nullptr);
    _transport.reset();
    _connected = false;
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
    _core->forgetIdle(*_loop, this);
    _loop->retire(this); // the destructor, after this batch of events, gives the slot back
}

bool StreamConnection::send(const char* data, std::size_t length, std::string& error)
{
    if (_fd < 0)
    {
        error = "the connection is closed";
        return false;
    }
    if (!_io.send(data, length, _connected))
    {
        error = _io.error();
        return false;
    }
    return true;
}

bool StreamConnection::flush(std::string& error)
{
    if (_io.flush())
    {
        return true;
    }
    error = _io.error();
    return false;
}

net::IoResult StreamConnection::receive(std::string& error)
{
    net::IoResult result = _io.receive();
    if (result == net::IoResult::Failed)
    {
        error = _io.error();
    }
    return result;
}

void StreamConnection::leaveLoop()
{
    if (_fd >= 0)
    {
        _loop->remove(_fd);
    }
    _moving = true;
}

bool StreamConnection::joinLoop(net::EventLoop& loop)
{
    _loop = &loop;
    _moving = false;
    markIdle(); // not watched on this loop until now
    // Edge-triggered: watching it anew reports what is pending now, a close by the peer included.
    return _fd >= 0 && _loop->add(_fd, this);
}

void StreamConnection::markIdle()
{
    // A last read that filled its buffer may have left bytes in the socket that no new event will
    // announce (edge-triggered): such a connection is always peeked at.
    _idleSinceWait = _io.mayHaveMore() ? std::numeric_limits<std::uint64_t>::max() : _loop->completeWaits();
}

bool StreamConnection::stillIdle() const
{
    if (_fd < 0 || !_connected || _io.peerClosed())
    {
        return false;
    }
    if (_loop->completeWaits() > _idleSinceWait)
    {
        return true;
    }
    return net::nothingToRead(_fd);
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
    if (_fd < 0 || _moving)
    {
        return;
    }
    const unsigned generation = _socketGeneration;
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
        if (events & (net::io::readable | net::io::peerClosed | net::io::hangUp | net::io::error))
        {
            close();
        }
        return;
    }
    if ((events & net::io::writable) && _io.hasPendingOutput())
    {
        std::string writeError;
        if (!flush(writeError))
        {
            fail(false, writeError);
            return;
        }
        if (!_io.hasPendingOutput() && _user != nullptr)
        {
            _user->onStreamWritten();
        }
        if (_socketGeneration != generation)
        {
            return;
        }
    }
    if (_fd >= 0 && _user != nullptr &&
        (events & (net::io::readable | net::io::peerClosed | net::io::hangUp | net::io::error)))
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
