#include "proxy/ConnectionPool.h"

#include "net/SocketCalls.h"
#include "net/TlsContextFactory.h"
#include "proxy/UpstreamConnection.h"

#include <algorithm>

namespace portico::proxy
{

ConnectionPool::ConnectionPool(net::EventLoop& loop, TargetState& target,
                               const config::UpstreamConfig& upstream, Poco::Net::Context::Ptr tls)
    : _loop(loop), _target(target), _upstream(upstream), _tls(std::move(tls))
{
}

UpstreamConnection* ConnectionPool::acquire(std::string& error)
{
    if (!_idle.empty())
    {
        UpstreamConnection* connection = _idle.back();
        _idle.pop_back();
        return connection;
    }
    if (!_target.resolved)
    {
        error = _target.resolveError;
        return nullptr;
    }
    int fd = net::connectNonBlocking(_target.endpoint, error);
    if (fd < 0)
    {
        return nullptr;
    }
    std::unique_ptr<net::Transport> transport;
    if (_target.config.https)
    {
        SSL* ssl = net::newClientSsl(*_tls, fd, _target.config.host, _upstream.verifyTls);
        if (ssl == nullptr)
        {
            net::closeSocket(fd);
            error = "cannot create a TLS session";
            return nullptr;
        }
        transport = std::make_unique<net::TlsTransport>(ssl);
    }
    else
    {
        transport = std::make_unique<net::PlainTransport>(fd);
    }
    auto connection = std::make_unique<UpstreamConnection>(_loop, _target, *this, fd, std::move(transport));
    UpstreamConnection* raw = connection.get();
    if (!_loop.add(fd, raw))
    {
        error = "cannot register the upstream socket";
        return nullptr; // the unique_ptr closes the socket
    }
    _loop.adopt(std::move(connection));
    return raw;
}

void ConnectionPool::giveBack(UpstreamConnection* connection)
{
    if (_idle.size() >= _upstream.maxIdlePerTarget)
    {
        connection->close();
        return;
    }
    _idle.push_back(connection);
}

void ConnectionPool::forget(UpstreamConnection* connection)
{
    auto found = std::find(_idle.begin(), _idle.end(), connection);
    if (found != _idle.end())
    {
        _idle.erase(found);
    }
}

void ConnectionPool::closeIdle()
{
    // close() takes each out of _idle (forget()).
    while (!_idle.empty())
        _idle.back()->close();
}

} // namespace portico::proxy
