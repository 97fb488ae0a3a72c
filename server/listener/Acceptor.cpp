#include "listener/Acceptor.h"

#include "listener/ClientConnection.h"
#include "net/SocketOps.h"
#include "net/TlsContextFactory.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::listener
{

namespace
{

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

} // namespace

Acceptor::Acceptor(net::EventLoop& loop, int listenFd, Poco::Net::Context::Ptr tls,
                   const runtime::RuntimeHolder& runtime)
    : _loop(loop), _listenFd(listenFd), _tls(std::move(tls)), _runtime(runtime)
{
}

bool Acceptor::open()
{
    _open = _loop.addListener(_listenFd, this);
    return _open;
}

void Acceptor::close()
{
    if (_open)
    {
        _loop.remove(_listenFd);
        _open = false;
    }
}

void Acceptor::onIo(std::uint32_t)
{
    if (!_open)
    {
        return;
    }
    const std::uint64_t generation = _runtime.generation();
    std::shared_ptr<const runtime::Runtime> runtime = _runtime.get();
    // Bounded, so a connection storm cannot starve the requests already on this loop.
    for (int accepted = 0; accepted < 64; ++accepted)
    {
        sockaddr_storage peer{};
        socklen_t peerLength = sizeof peer;
        int fd = ::accept4(_listenFd, reinterpret_cast<sockaddr*>(&peer), &peerLength,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
        {
            // EAGAIN: another loop took it or none is left. EMFILE and the like: try next time.
            return;
        }
        net::setNoDelay(fd);
        std::unique_ptr<net::Transport> transport;
        if (_tls)
        {
            SSL* ssl = net::newServerSsl(*_tls, fd);
            if (ssl == nullptr)
            {
                ::close(fd);
                continue;
            }
            transport = std::make_unique<net::TlsTransport>(ssl);
        }
        else
        {
            transport = std::make_unique<net::PlainTransport>(fd);
        }
        auto connection = std::make_unique<ClientConnection>(
            _loop, ClientConnection::Configuration{_runtime, runtime, generation}, fd, addressText(peer),
            std::move(transport), static_cast<bool>(_tls));
        ClientConnection* raw = connection.get();
        if (!raw->open())
        {
            continue; // the connection's destructor closes fd
        }
        _loop.adopt(std::move(connection));
    }
}

} // namespace portico::listener
