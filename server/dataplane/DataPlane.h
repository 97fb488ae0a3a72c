#pragma once

// The running data plane: event loops (one per core by default), the public listeners shared
// by them, the current Runtime, the access log and the active health checker. start() and
// stop() are called from the application's main thread.

#include "listener/Acceptor.h"
#include "log/AccessLog.h"
#include "net/EventLoop.h"
#include "proxy/HealthChecker.h"
#include "runtime/RuntimeHolder.h"

#include <Poco/Net/Context.h>

#include <memory>
#include <vector>

namespace portico::dataplane
{

class DataPlane
{
public:
    // runtime comes from buildRuntime(). Throws std::runtime_error when a listener cannot be
    // bound or a TLS file cannot be loaded.
    explicit DataPlane(std::shared_ptr<runtime::Runtime> runtime);
    ~DataPlane();

    void start();
    // Stops accepting, lets in-flight requests finish (at most drainTimeout), stops the loops.
    // Returns the number of client connections that were still open when the wait ended.
    std::size_t stop();

    // The ports the listeners are bound to, in configuration order (useful with port 0).
    std::vector<std::uint16_t> listenerPorts() const;
    const runtime::RuntimeHolder& runtime() const { return _runtime; }
    std::vector<net::EventLoop*> loops() const;

private:
    std::shared_ptr<runtime::Runtime> _current;
    runtime::RuntimeHolder _runtime;
    // Declared before the loops: connections still open when the loops are destroyed log their
    // exchange on the way out.
    std::unique_ptr<log::AccessLog> _accessLog;
    std::vector<std::unique_ptr<net::EventLoop>> _loops;
    std::vector<int> _listenFds;
    std::vector<Poco::Net::Context::Ptr> _listenerTls;
    std::vector<std::unique_ptr<listener::Acceptor>> _acceptors;
    std::unique_ptr<proxy::HealthChecker> _healthChecker;
    bool _started = false;
};

} // namespace portico::dataplane
