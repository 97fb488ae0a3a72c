#pragma once

// The running data plane: event loops (one per core by default), the public listeners shared
// by them, the current Runtime, the access log and the active health checker. start() and
// stop() are called from the application's main thread.

#include "gateway/Acceptor.h"
#include "gateway/Runtime.h"
#include "log/AccessLog.h"
#include "net/EventLoop.h"
#include "proxy/HealthChecker.h"

#include <Poco/Net/Context.h>

#include <memory>
#include <vector>

namespace portico::gateway
{

class Gateway
{
public:
    // runtime comes from buildRuntime(). Throws std::runtime_error when a listener cannot be
    // bound or a TLS file cannot be loaded.
    explicit Gateway(std::shared_ptr<Runtime> runtime);
    ~Gateway();

    void start();
    // Stops accepting, lets in-flight requests finish (at most drainTimeout), stops the loops.
    // Returns the number of client connections that were still open when the wait ended.
    std::size_t stop();

    // The ports the listeners are bound to, in configuration order (useful with port 0).
    std::vector<std::uint16_t> listenerPorts() const;
    const RuntimeHolder& runtime() const { return _runtime; }
    std::vector<net::EventLoop*> loops() const;

private:
    std::shared_ptr<Runtime> _current;
    RuntimeHolder _runtime;
    // Declared before the loops: connections still open when the loops are destroyed log their
    // exchange on the way out.
    std::unique_ptr<log::AccessLog> _accessLog;
    std::vector<std::unique_ptr<net::EventLoop>> _loops;
    std::vector<int> _listenFds;
    std::vector<Poco::Net::Context::Ptr> _listenerTls;
    std::vector<std::unique_ptr<Acceptor>> _acceptors;
    std::unique_ptr<proxy::HealthChecker> _healthChecker;
    bool _started = false;
};

} // namespace portico::gateway
