#include "net/SocketOps.h"

#include "net/IoEvents.h"
#include "net/SocketCalls.h"

#include <cstring>

namespace portico::net
{

bool resolveEndpoint(const std::string& host, std::uint16_t port, Endpoint& out, std::string& error)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* results = nullptr;
    std::string service = std::to_string(port);
    std::string name = host == "localhost" ? "127.0.0.1" : host;
    int rc = ::getaddrinfo(name.c_str(), service.c_str(), &hints, &results);
    if (rc != 0 || results == nullptr)
    {
        error = "cannot resolve '" + host + "': " + ::gai_strerror(rc);
        return false;
    }
    std::memcpy(&out.address, results->ai_addr, results->ai_addrlen);
    out.length = static_cast<socklen_t>(results->ai_addrlen);
    ::freeaddrinfo(results);
    return true;
}

int listenOn(const Endpoint& endpoint, int backlog, std::string& error)
{
    int fd = openStreamSocket(endpoint.address.ss_family);
    if (fd < 0)
    {
        error = socketErrorText(lastSocketError());
        return -1;
    }
    prepareListeningSocket(fd);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.length) != 0 ||
        ::listen(fd, backlog) != 0)
    {
        error = socketErrorText(lastSocketError());
        closeSocket(fd);
        return -1;
    }
    return fd;
}

int connectNonBlocking(const Endpoint& endpoint, std::string& error)
{
    int fd = openStreamSocket(endpoint.address.ss_family);
    if (fd < 0)
    {
        error = socketErrorText(lastSocketError());
        return -1;
    }
    setNoDelay(fd);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.length) != 0)
    {
        const int failure = lastSocketError();
        if (!isConnectInProgress(failure))
        {
            error = socketErrorText(failure);
            closeSocket(fd);
            return -1;
        }
    }
    return fd;
}

int pendingSocketError(int fd)
{
    int value = 0;
    socklen_t length = sizeof value;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&value), &length) != 0)
    {
        return lastSocketError();
    }
    return value;
}

ConnectProgress connectProgress(int fd, std::uint32_t events, int& error)
{
    error = 0;
    if (!(events & (io::writable | io::error | io::hangUp)))
    {
        return ConnectProgress::Pending;
    }
    error = pendingSocketError(fd);
    if (error != 0 || (events & (io::error | io::hangUp)))
    {
        return ConnectProgress::Failed;
    }
    return ConnectProgress::Connected;
}

void setNoDelay(int fd)
{
    int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&on), sizeof on);
}

std::string addressText(const sockaddr_storage& address)
{
    char text[INET6_ADDRSTRLEN] = "";
    if (address.ss_family == AF_INET)
    {
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, text, sizeof text);
    }
    else if (address.ss_family == AF_INET6)
    {
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, text, sizeof text);
    }
    return text;
}

std::string peerAddress(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    {
        return "";
    }
    return addressText(address);
}

std::uint16_t localPort(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    {
        return 0;
    }
    if (address.ss_family == AF_INET)
    {
        return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    }
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
}

} // namespace portico::net
