#include "net/BufferedSocket.h"

#include <cerrno>
#include <cstring>

namespace portico::net
{

void BufferedSocket::attach(Transport* transport)
{
    _transport = transport;
    _in.clear();
    _out.clear();
    _sent = 0;
    _mayHaveMore = true;
    _peerClosed = false;
    _error.clear();
    _window.reset();
}

void BufferedSocket::recordFailure()
{
    std::string reason = _transport != nullptr ? _transport->lastError() : std::string();
    _error = !reason.empty() ? reason : (errno != 0 ? std::strerror(errno) : "the socket failed");
}

bool BufferedSocket::send(const char* data, std::size_t length, bool connected)
{
    if (_transport == nullptr)
    {
        _error = "the connection is closed";
        return false;
    }
    if (!connected || !_out.empty())
    {
        _out.append(data, length);
        return !connected || flush();
    }
    // Nothing queued: write straight from the caller's bytes and keep only what did not fit.
    while (length > 0)
    {
        std::size_t written = 0;
        errno = 0;
        IoResult result = _transport->write(data, length, written);
        if (result == IoResult::Done)
        {
            _sent += written;
            data += written;
            length -= written;
        }
        else if (result == IoResult::WouldBlock)
        {
            _out.append(data, length);
            return true;
        }
        else
        {
            recordFailure();
            return false;
        }
    }
    return true;
}

bool BufferedSocket::flush()
{
    if (_transport == nullptr)
    {
        _error = "the connection is closed";
        return _out.empty();
    }
    while (!_out.empty())
    {
        std::size_t written = 0;
        errno = 0;
        IoResult result = _transport->write(_out.data(), _out.size(), written);
        if (result == IoResult::Done)
        {
            _out.consume(written);
            _sent += written;
        }
        else if (result == IoResult::WouldBlock)
        {
            return true; // the rest goes when the socket is writable again
        }
        else
        {
            recordFailure();
            return false;
        }
    }
    return true;
}

IoResult BufferedSocket::receive()
{
    char* into = _in.prepare(_window.next());
    std::size_t capacity = _in.writable();
    std::size_t count = 0;
    errno = 0;
    IoResult result = _transport->read(into, capacity, count);
    if (result == IoResult::Done)
    {
        _in.commit(count);
        _window.observe(capacity, count);
        _mayHaveMore = count == capacity || _transport->secure() || _peerClosed;
    }
    else if (result == IoResult::Failed)
    {
        recordFailure();
    }
    return result;
}

} // namespace portico::net
