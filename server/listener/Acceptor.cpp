#include "listener/Acceptor.h"

#include "listener/ClientConnection.h"
#include "net/SocketCalls.h"
#include "net/SocketOps.h"
#include "net/TlsContextFactory.h"

namespace portico::listener
{

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
        int fd = net::acceptConnection(_listenFd, peer);
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
                net::closeSocket(fd);
                continue;
            }
            transport = std::make_unique<net::TlsTransport>(ssl);
        }
        else
        {
            transport = std::make_unique<net::PlainTransport>(fd);
        }
        auto connection = std::make_unique<ClientConnection>(
            _loop, ClientConnection::Configuration{_runtime, runtime, generation}, fd, net::addressText(peer),
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
