#include "tcp/TcpConnection.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

namespace portico::tcp
{

namespace
{

#if defined(MSG_NOSIGNAL)
constexpr int sendFlags = MSG_NOSIGNAL;
#else
constexpr int sendFlags = 0; // SO_NOSIGPIPE is set on the socket instead
#endif

constexpr std::size_t receiveChunk = 64 * 1024;

std::string errorText(int code)
{
    return std::strerror(code);
}

// Waits for events on descriptor until deadline. Returns 1 when ready, 0 on timeout, -1 on error.
int waitFor(int descriptor, short events, Deadline deadline)
{
    for (;;)
    {
        pollfd entry{descriptor, events, 0};
        const int ready = ::poll(&entry, 1, millisecondsUntil(deadline));
        if (ready > 0)
        {
            return 1;
        }
        if (ready == 0)
        {
            if (Clock::now() >= deadline)
            {
                return 0;
            }
            continue; // woke a little early: poll rounds to milliseconds
        }
        if (errno != EINTR)
        {
            return -1;
        }
    }
}

int connectOne(const addrinfo& address, Deadline deadline, std::string& error, bool& timedOut)
{
    int flags = SOCK_STREAM;
#if defined(SOCK_CLOEXEC)
    flags |= SOCK_CLOEXEC;
#endif
    const int descriptor = ::socket(address.ai_family, flags, address.ai_protocol);
    if (descriptor < 0)
    {
        error = errorText(errno);
        return -1;
    }
    ::fcntl(descriptor, F_SETFD, FD_CLOEXEC);
    ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL, 0) | O_NONBLOCK);
#if !defined(MSG_NOSIGNAL) && defined(SO_NOSIGPIPE)
    const int noSigpipe = 1;
    ::setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &noSigpipe, sizeof noSigpipe);
#endif
    if (::connect(descriptor, address.ai_addr, address.ai_addrlen) != 0)
    {
        if (errno != EINPROGRESS && errno != EINTR)
        {
            error = errorText(errno);
            ::close(descriptor);
            return -1;
        }
        const int ready = waitFor(descriptor, POLLOUT, deadline);
        int code = 0;
        socklen_t length = sizeof code;
        if (ready == 0)
        {
            timedOut = true;
            error = "connecting timed out";
            ::close(descriptor);
            return -1;
        }
        if (ready < 0 || ::getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length) != 0 || code != 0)
        {
            error = errorText(ready < 0 ? errno : code);
            ::close(descriptor);
            return -1;
        }
    }
    const int on = 1;
    ::setsockopt(descriptor, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on); // request/reply: no Nagle delay
    ::setsockopt(descriptor, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    return descriptor;
}

} // namespace

TcpConnection::~TcpConnection()
{
    ::close(_descriptor);
}

std::unique_ptr<TcpConnection> TcpConnection::open(const Endpoint& endpoint, Deadline deadline,
                                                   std::string& error, bool& timedOut)
{
    timedOut = false;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* addresses = nullptr;
    const std::string port = std::to_string(endpoint.port);
    const int resolved = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &addresses);
    if (resolved != 0)
    {
        error = "cannot resolve " + endpoint.host + ": " + ::gai_strerror(resolved);
        return nullptr;
    }
    error = "no address";
    int descriptor = -1;
    for (const addrinfo* address = addresses; address != nullptr && descriptor < 0;
         address = address->ai_next)
    {
        if (Clock::now() >= deadline)
        {
            timedOut = true;
            error = "connecting timed out";
            break;
        }
        descriptor = connectOne(*address, deadline, error, timedOut);
    }
    ::freeaddrinfo(addresses);
    if (descriptor < 0)
    {
        return nullptr;
    }
    return std::unique_ptr<TcpConnection>(new TcpConnection(descriptor));
}

IoStatus TcpConnection::sendAll(std::string_view data, Deadline deadline, std::size_t& sent,
                                std::string& error)
{
    sent = 0;
    while (sent < data.size())
    {
        const ssize_t written = ::send(_descriptor, data.data() + sent, data.size() - sent, sendFlags);
        if (written > 0)
        {
            sent += static_cast<std::size_t>(written);
            continue;
        }
        if (written < 0 && errno == EINTR)
        {
            continue;
        }
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            const int ready = waitFor(_descriptor, POLLOUT, deadline);
            if (ready == 0)
            {
                error = "writing timed out";
                return IoStatus::TimedOut;
            }
            if (ready < 0)
            {
                error = errorText(errno);
                return IoStatus::Failed;
            }
            continue;
        }
        error = written < 0 ? errorText(errno) : "the connection accepts no more data";
        return IoStatus::Failed;
    }
    return IoStatus::Ok;
}

IoStatus TcpConnection::receive(std::string& chunk, Deadline deadline, std::string& error)
{
    chunk.resize(receiveChunk);
    for (;;)
    {
        const ssize_t received = ::recv(_descriptor, chunk.data(), chunk.size(), 0);
        if (received > 0)
        {
            chunk.resize(static_cast<std::size_t>(received));
            return IoStatus::Ok;
        }
        if (received == 0)
        {
            chunk.clear();
            return IoStatus::Closed;
        }
        if (errno == EINTR)
        {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK)
        {
            error = errorText(errno);
            chunk.clear();
            return IoStatus::Failed;
        }
        const int ready = waitFor(_descriptor, POLLIN, deadline);
        if (ready == 0)
        {
            error = "reading timed out";
            chunk.clear();
            return IoStatus::TimedOut;
        }
        if (ready < 0)
        {
            error = errorText(errno);
            chunk.clear();
            return IoStatus::Failed;
        }
    }
}

bool TcpConnection::stillIdle() const
{
    char probe = 0;
    for (;;)
    {
        const ssize_t peeked = ::recv(_descriptor, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
        if (peeked < 0 && errno == EINTR)
        {
            continue;
        }
        // Nothing to read is the one good answer: 0 is an orderly close, data is a reply nobody
        // asked for (the stream is out of step), an error is a reset.
        return peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

} // namespace portico::tcp
