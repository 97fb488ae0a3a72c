#include "net/SocketCalls.h"

#include "util/SystemError.h"

#include <windows.h>

// Winsock is started (WSAStartup) by POCO's network library, which the gateway links, before main.

namespace portico::net
{

namespace
{

// Sockets made by Winsock are blocking until told otherwise; accepted ones inherit the listening
// socket's mode, which is non-blocking here too, but saying it again costs one call per accept.
bool makeNonBlocking(SOCKET socket)
{
    u_long on = 1;
    return ::ioctlsocket(socket, FIONBIO, &on) == 0;
}

int asInt(SOCKET socket)
{
    return socket == INVALID_SOCKET ? -1 : static_cast<int>(socket);
}

SOCKET asSocket(int fd)
{
    return static_cast<SOCKET>(fd);
}

} // namespace

int openStreamSocket(int family)
{
    // WSA_FLAG_NO_HANDLE_INHERIT: the close-on-exec of Windows.
    SOCKET made = ::WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
    if (made == INVALID_SOCKET) return -1;
    if (!makeNonBlocking(made))
    {
        ::closesocket(made);
        return -1;
    }
    return asInt(made);
}

int acceptConnection(int listenFd, sockaddr_storage& peer)
{
    int length = sizeof peer;
    SOCKET accepted = ::accept(asSocket(listenFd), reinterpret_cast<sockaddr*>(&peer), &length);
    if (accepted == INVALID_SOCKET) return -1;
    if (!makeNonBlocking(accepted))
    {
        ::closesocket(accepted);
        return -1;
    }
    return asInt(accepted);
}

void prepareListeningSocket(int fd)
{
    BOOL on = TRUE;
    ::setsockopt(asSocket(fd), SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&on),
                 sizeof on);
}

void closeSocket(int fd)
{
    ::closesocket(asSocket(fd));
}

void shutdownSending(int fd)
{
    ::shutdown(asSocket(fd), SD_SEND);
}

IoResult receiveSome(int fd, char* into, std::size_t capacity, std::size_t& count)
{
    const int wanted = capacity > 0x7fffffff ? 0x7fffffff : static_cast<int>(capacity);
    const int n = ::recv(asSocket(fd), into, wanted, 0);
    if (n > 0)
    {
        count = static_cast<std::size_t>(n);
        return IoResult::Done;
    }
    if (n == 0) return IoResult::Closed;
    return ::WSAGetLastError() == WSAEWOULDBLOCK ? IoResult::WouldBlock : IoResult::Failed;
}

IoResult sendSome(int fd, const char* from, std::size_t length, std::size_t& count)
{
    // Winsock raises no SIGPIPE: a send on a closed connection fails with WSAECONNRESET.
    const int wanted = length > 0x7fffffff ? 0x7fffffff : static_cast<int>(length);
    const int n = ::send(asSocket(fd), from, wanted, 0);
    if (n >= 0)
    {
        count = static_cast<std::size_t>(n);
        return n > 0 ? IoResult::Done : IoResult::WouldBlock;
    }
    return ::WSAGetLastError() == WSAEWOULDBLOCK ? IoResult::WouldBlock : IoResult::Failed;
}

bool nothingToRead(int fd)
{
    // The socket is non-blocking, so a peek returns at once.
    char byte = 0;
    const int n = ::recv(asSocket(fd), &byte, 1, MSG_PEEK);
    return n < 0 && ::WSAGetLastError() == WSAEWOULDBLOCK;
}

int lastSocketError()
{
    return ::WSAGetLastError();
}

std::string socketErrorText(int error)
{
    return util::systemErrorText(error);
}

bool isConnectInProgress(int error)
{
    return error == WSAEWOULDBLOCK || error == WSAEINPROGRESS;
}

} // namespace portico::net
