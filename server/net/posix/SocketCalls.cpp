#include "net/SocketCalls.h"

#include "util/SystemError.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace portico::net
{

namespace
{

bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK;
}

} // namespace

int openStreamSocket(int family)
{
    return ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

int acceptConnection(int listenFd, sockaddr_storage& peer)
{
    socklen_t length = sizeof peer;
    return ::accept4(listenFd, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void prepareListeningSocket(int fd)
{
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
}

void closeSocket(int fd)
{
    ::close(fd);
}

void shutdownSending(int fd)
{
    ::shutdown(fd, SHUT_WR);
}

IoResult receiveSome(int fd, char* into, std::size_t capacity, std::size_t& count)
{
    while (true)
    {
        const ssize_t n = ::recv(fd, into, capacity, 0);
        if (n > 0)
        {
            count = static_cast<std::size_t>(n);
            return IoResult::Done;
        }
        if (n == 0) return IoResult::Closed;
        if (errno == EINTR) continue;
        return wouldBlock(errno) ? IoResult::WouldBlock : IoResult::Failed;
    }
}

IoResult sendSome(int fd, const char* from, std::size_t length, std::size_t& count)
{
    while (true)
    {
        const ssize_t n = ::send(fd, from, length, MSG_NOSIGNAL);
        if (n >= 0)
        {
            count = static_cast<std::size_t>(n);
            return n > 0 ? IoResult::Done : IoResult::WouldBlock;
        }
        if (errno == EINTR) continue;
        return wouldBlock(errno) ? IoResult::WouldBlock : IoResult::Failed;
    }
}

bool nothingToRead(int fd)
{
    char byte = 0;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && wouldBlock(errno);
}

int lastSocketError()
{
    return errno;
}

std::string socketErrorText(int error)
{
    return util::systemErrorText(error);
}

bool isConnectInProgress(int error)
{
    return error == EINPROGRESS;
}

} // namespace portico::net
