#include "dataplane/DataPlane.h"

#include "listener/ClientConnection.h"
#include "net/LoopTimer.h"
#include "net/SocketCalls.h"
#include "net/SocketOps.h"
#include "net/TlsContextFactory.h"
#include "util/ReturnFreeMemory.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <stdexcept>
#include <thread>

namespace portico::dataplane
{

DataPlane::DataPlane(std::shared_ptr<runtime::Runtime> runtime) : _current(std::move(runtime))
{
    const config::ServerConfig& server = _current->config->server;
    unsigned loops =
        server.ioThreads != 0 ? server.ioThreads : std::max(1u, std::thread::hardware_concurrency());
    _heartbeats = std::make_unique<std::atomic<bool>[]>(loops);
    for (unsigned i = 0; i < loops; ++i)
    {
        _heartbeats[i] = true;
        _loops.push_back(std::make_unique<net::EventLoop>(i));
    }
    if (server.accessLog.enabled)
    {
        _accessLog = std::make_unique<log::AccessLog>(server.accessLog, loops);
    }
    attach(*_current);
    for (const config::ListenerConfig& listener : server.listeners)
    {
        _listeners.push_back(openListening(listener));
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
    for (auto& listening : _listeners)
    {
        if (listening->fd >= 0)
        {
            net::closeSocket(listening->fd);
        }
    }
}

std::unique_ptr<DataPlane::Listening> DataPlane::openListening(const config::ListenerConfig& listener)
{
    net::Endpoint endpoint;
    std::string error;
    if (!net::resolveEndpoint(listener.host, listener.port, endpoint, error))
    {
        throw std::runtime_error("listener " + listener.host + ":" + std::to_string(listener.port) + ": " +
                                 error);
    }
    auto listening = std::make_unique<Listening>();
    listening->host = listener.host;
    listening->port = listener.port;
    // The certificate first: a bad file must not leave a bound socket behind.
    listening->tls = listener.tls() ? net::TlsContextFactory::serverContext(listener) : nullptr;
    listening->fd = net::listenOn(endpoint, 1024, error);
    if (listening->fd < 0)
    {
        throw std::runtime_error("cannot listen on " + listener.host + ":" + std::to_string(listener.port) +
                                 ": " + error);
    }
    return listening;
}

void DataPlane::attach(runtime::Runtime& runtime)
{
    std::vector<net::EventLoop*> loopPointers = loops();
    runtime.upstreams.attachLoops(loopPointers);
    runtime.table.attachLoops(loopPointers);
    if (_accessLog)
    {
        runtime.table.completion.push_back(_accessLog.get());
    }
}

void DataPlane::onEveryLoop(const std::function<void(net::EventLoop&)>& task)
{
    std::vector<std::future<void>> done;
    for (auto& loop : _loops)
    {
        auto finished = std::make_shared<std::promise<void>>();
        done.push_back(finished->get_future());
        net::EventLoop* target = loop.get();
        target->post(
            [target, task, finished]
            {
                task(*target);
                finished->set_value();
            });
    }
    for (auto& future : done)
    {
        future.wait_for(std::chrono::seconds(5));
    }
}

void DataPlane::startAccepting(Listening& listening)
{
    listening.acceptors.clear();
    for (auto& loop : _loops)
    {
        listening.acceptors.push_back(
            std::make_shared<listener::Acceptor>(*loop, listening.fd, listening.tls, _runtime));
    }
    std::vector<std::shared_ptr<listener::Acceptor>> acceptors = listening.acceptors;
    bool opened = true;
    if (!_started)
    {
        for (auto& acceptor : acceptors)
            opened = acceptor->open() && opened;
    }
    else
    {
        // Running loops register their own acceptor.
        std::atomic<bool> allOpen{true};
        onEveryLoop([&acceptors, &allOpen](net::EventLoop& loop)
                    { allOpen = acceptors[loop.index()]->open() && allOpen; });
        opened = allOpen;
    }
    if (!opened)
    {
        throw std::runtime_error("cannot watch a listening socket");
    }
}

void DataPlane::stopAccepting(Listening& listening)
{
    // Each loop stops watching the socket itself; the acceptor goes with the task (after the
    // loop's current batch of events, so no event is left pointing to it).
    std::vector<std::shared_ptr<listener::Acceptor>> acceptors = std::move(listening.acceptors);
    listening.acceptors.clear();
    onEveryLoop(
        [&acceptors](net::EventLoop& loop)
        {
            if (loop.index() < acceptors.size()) acceptors[loop.index()]->close();
        });
}

void DataPlane::start()
{
    for (auto& listening : _listeners)
    {
        startAccepting(*listening);
    }
    for (auto& loop : _loops)
    {
        if (_accessLog)
        {
            log::AccessLog* accessLog = _accessLog.get();
            unsigned index = loop->index();
            loop->adopt(std::make_unique<net::LoopTimer>([accessLog, index](util::MonoMillis)
                                                         { accessLog->flush(index); }));
        }
        // Memory that idle connections gave back reaches the system even when no connection
        // goes idle afterwards to trigger it.
        loop->adopt(
            std::make_unique<net::LoopTimer>([](util::MonoMillis now) { util::noteFreedMemory(0, now); }));
    }
    for (auto& loop : _loops)
    {
        loop->startThread();
    }
    _healthChecker->start();
    _started = true;
}

bool DataPlane::replace(std::shared_ptr<runtime::Runtime> next, std::vector<std::string>& errors)
{
    // What becomes of each listener of next: an old one kept (its socket, its acceptors), or a
    // new socket. Every new one is bound before anything changes, so a port in use leaves the
    // running configuration as it was.
    struct Planned
    {
        std::size_t keptFrom = SIZE_MAX;
        Poco::Net::Context::Ptr tls; // a kept TLS listener's certificate, read anew (it may be renewed)
        std::unique_ptr<Listening> opened;
    };
    std::vector<Planned> plan;
    std::vector<bool> kept(_listeners.size(), false);
    for (const config::ListenerConfig& listener : next->config->server.listeners)
    {
        Planned planned;
        for (std::size_t i = 0; i < _listeners.size(); ++i)
        {
            // Port 0 asks for a new port each time: never the same listener.
            if (!kept[i] && listener.port != 0 && _listeners[i]->host == listener.host &&
                _listeners[i]->port == listener.port)
            {
                planned.keptFrom = i;
                kept[i] = true;
                break;
            }
        }
        try
        {
            if (planned.keptFrom == SIZE_MAX)
                planned.opened = openListening(listener);
            else if (listener.tls())
                planned.tls = net::TlsContextFactory::serverContext(listener);
        }
        catch (const std::exception& e)
        {
            errors.push_back(config::describePosition(listener.position) + ": " + e.what());
        }
        plan.push_back(std::move(planned));
    }
    if (!errors.empty())
    {
        for (Planned& planned : plan)
            if (planned.opened) net::closeSocket(planned.opened->fd);
        return false;
    }
    attach(*next);
    std::vector<std::unique_ptr<Listening>> listeners;
    for (Planned& planned : plan)
    {
        if (planned.opened)
        {
            if (_started) startAccepting(*planned.opened);
            listeners.push_back(std::move(planned.opened));
            continue;
        }
        std::unique_ptr<Listening> listening = std::move(_listeners[planned.keptFrom]);
        if (planned.tls || listening->tls)
        {
            listening->tls = planned.tls;
            const std::vector<std::shared_ptr<listener::Acceptor>>& acceptors = listening->acceptors;
            const Poco::Net::Context::Ptr tls = planned.tls;
            onEveryLoop(
                [&acceptors, &tls](net::EventLoop& loop)
                {
                    if (loop.index() < acceptors.size()) acceptors[loop.index()]->setTls(tls);
                });
        }
        listeners.push_back(std::move(listening));
    }
    for (auto& listening : _listeners)
    {
        if (!listening) continue; // kept, moved above
        stopAccepting(*listening);
        net::closeSocket(listening->fd);
    }
    _listeners = std::move(listeners);
    _runtime.set(next);
    _retired.push_back(std::move(_current));
    _current = std::move(next);
    // The health checker probes the targets of the current upstreams.
    _healthChecker->stop();
    _healthChecker = std::make_unique<proxy::HealthChecker>(_current->upstreams);
    if (_started) _healthChecker->start();
    reapRetired();
    return true;
}

std::size_t DataPlane::reapRetired()
{
    std::size_t inUse = 0;
    for (auto& retired : _retired)
    {
        // Only this list holds it: no connection, exchange or admin call can reach it any more,
        // and no new one can, so its loop-local parts may go.
        if (retired.use_count() > 1)
        {
            ++inUse;
            continue;
        }
        runtime::Runtime* gone = retired.get();
        if (_started) onEveryLoop([gone](net::EventLoop& loop) { gone->upstreams.closeIdle(loop.index()); });
        retired.reset();
    }
    _retired.erase(std::remove(_retired.begin(), _retired.end(), nullptr), _retired.end());
    return inUse;
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
    for (auto& listening : _listeners)
    {
        stopAccepting(*listening);
        net::closeSocket(listening->fd);
        listening->fd = -1;
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

bool DataPlane::loopsAnswered()
{
    bool all = true;
    for (auto& loop : _loops)
    {
        std::atomic<bool>& heartbeat = _heartbeats[loop->index()];
        all = heartbeat.exchange(false) && all;
        loop->post([&heartbeat] { heartbeat = true; });
    }
    return all;
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
    for (const auto& listening : _listeners)
    {
        ports.push_back(listening->fd >= 0 ? net::localPort(listening->fd) : 0);
    }
    return ports;
}

} // namespace portico::dataplane
