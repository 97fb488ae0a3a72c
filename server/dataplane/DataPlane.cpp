#include "dataplane/DataPlane.h"

#include "listener/ClientConnection.h"
#include "net/LoopTimer.h"
#include "net/SocketOps.h"
#include "net/TlsContextFactory.h"

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace portico::dataplane
{

DataPlane::DataPlane(std::shared_ptr<runtime::Runtime> runtime) : _current(std::move(runtime))
{
    const config::ServerConfig& server = _current->config->server;
    unsigned loops =
        server.ioThreads != 0 ? server.ioThreads : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < loops; ++i)
    {
        _loops.push_back(std::make_unique<net::EventLoop>(i));
    }
    std::vector<net::EventLoop*> loopPointers;
    for (auto& loop : _loops)
    {
        loopPointers.push_back(loop.get());
    }
    _current->upstreams.attachLoops(loopPointers);
    _current->table.attachLoops(loopPointers);
    if (server.accessLog.enabled)
    {
        _accessLog = std::make_unique<log::AccessLog>(server.accessLog, loops);
        _current->table.completion.push_back(_accessLog.get());
    }
    for (const config::ListenerConfig& listener : server.listeners)
    {
        net::Endpoint endpoint;
        std::string error;
        if (!net::resolveEndpoint(listener.host, listener.port, endpoint, error))
        {
            throw std::runtime_error("listener " + listener.host + ":" + std::to_string(listener.port) +
                                     ": " + error);
        }
        int fd = net::listenOn(endpoint, 1024, error);
        if (fd < 0)
        {
            throw std::runtime_error("cannot listen on " + listener.host + ":" +
                                     std::to_string(listener.port) + ": " + error);
        }
        _listenFds.push_back(fd);
        _listenerTls.push_back(listener.tls() ? net::TlsContextFactory::serverContext(listener) : nullptr);
    }
    _runtime.set(_current);
    _healthChecker = std::make_unique<proxy::HealthChecker>(_current->upstreams);
}

DataPlane::~DataPlane()
{
    if (_started)
    {
        stop();
    }
    // Members of one loop can point to another's (a plugin's exchange answering a connection
    // elsewhere): all let go before any is deleted.
    for (auto& loop : _loops)
    {
        loop->letGoOfMembers();
    }
    for (auto& loop : _loops)
    {
        loop->destroyMembers();
    }
    for (int fd : _listenFds)
    {
        if (fd >= 0)
        {
            ::close(fd);
        }
    }
}

void DataPlane::start()
{
    for (auto& loop : _loops)
    {
        for (std::size_t i = 0; i < _listenFds.size(); ++i)
        {
            auto acceptor =
                std::make_unique<listener::Acceptor>(*loop, _listenFds[i], _listenerTls[i], _runtime);
            if (!acceptor->open())
            {
                throw std::runtime_error("cannot watch a listening socket");
            }
            _acceptors.push_back(std::move(acceptor));
        }
        if (_accessLog)
        {
            log::AccessLog* accessLog = _accessLog.get();
            unsigned index = loop->index();
            loop->adopt(std::make_unique<net::LoopTimer>([accessLog, index](util::MonoMillis)
                                                         { accessLog->flush(index); }));
        }
    }
    for (auto& loop : _loops)
    {
        loop->startThread();
    }
    _healthChecker->start();
    _started = true;
}

std::size_t DataPlane::stop()
{
    if (!_started)
    {
        return 0;
    }
    _started = false;
    _healthChecker->stop();
    // Stop watching the listening sockets on every loop, then close them, so that new clients
    // are refused at once instead of waiting in the backlog until the process exits.
    std::vector<std::future<void>> unwatched;
    for (std::size_t i = 0; i < _acceptors.size(); ++i)
    {
        listener::Acceptor* acceptor = _acceptors[i].get();
        auto done = std::make_shared<std::promise<void>>();
        unwatched.push_back(done->get_future());
        _loops[i / _listenFds.size()]->post(
            [acceptor, done]
            {
                acceptor->close();
                done->set_value();
            });
    }
    for (auto& future : unwatched)
    {
        future.wait_for(std::chrono::seconds(5));
    }
    for (int& fd : _listenFds)
    {
        ::close(fd);
        fd = -1;
    }
    for (auto& loop : _loops)
    {
        loop->drain();
    }
    auto deadline = std::chrono::steady_clock::now() + _current->config->server.limits.drainTimeout;
    while (listener::ClientConnection::liveCount() > 0 && std::chrono::steady_clock::now() < deadline)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::size_t remaining = listener::ClientConnection::liveCount();
    for (auto& loop : _loops)
    {
        loop->stop();
    }
    for (auto& loop : _loops)
    {
        loop->join();
    }
    if (_accessLog)
    {
        _accessLog->flushAll();
    }
    return remaining;
}

std::vector<net::EventLoop*> DataPlane::loops() const
{
    std::vector<net::EventLoop*> loops;
    for (const auto& loop : _loops)
    {
        loops.push_back(loop.get());
    }
    return loops;
}

std::vector<std::uint16_t> DataPlane::listenerPorts() const
{
    std::vector<std::uint16_t> ports;
    for (int fd : _listenFds)
    {
        ports.push_back(net::localPort(fd));
    }
    return ports;
}

} // namespace portico::dataplane
