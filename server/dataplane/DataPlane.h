#pragma once

// The running data plane: event loops (one per core by default), the public listeners shared
// by them, the current Runtime, the access log and the active health checker. start(), stop(),
// replace() and reapRetired() are called from one control thread at a time (the application's
// main thread, or the reload that holds the reloader's lock).

#include "listener/Acceptor.h"
#include "log/AccessLog.h"
#include "net/EventLoop.h"
#include "proxy/HealthChecker.h"
#include "runtime/RuntimeHolder.h"

#include <Poco/Net/Context.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
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

    // Makes next (built from a reloaded configuration, not yet attached to the loops) the current
    // Runtime: listeners whose address stayed keep their socket (a TLS one takes the new
    // certificate), new ones are opened and removed ones closed; new connections and every
    // connection's next exchange use next, exchanges under way finish on the Runtime they began
    // with, which is retired. False, nothing changed, with errors set when a new listener cannot
    // be opened.
    bool replace(std::shared_ptr<runtime::Runtime> next, std::vector<std::string>& errors);
    // Frees retired Runtimes no connection uses any more: each loop first closes its idle upstream
    // connections of theirs. Returns how many are still in use.
    std::size_t reapRetired();

    // True when every loop ran the heartbeat the previous call posted (a loop stuck in one task
    // since then gives itself away); posts the next. For the service manager's watchdog.
    bool loopsAnswered();

    // The ports the listeners are bound to, in configuration order (useful with port 0).
    std::vector<std::uint16_t> listenerPorts() const;
    const runtime::RuntimeHolder& runtime() const { return _runtime; }
    std::vector<net::EventLoop*> loops() const;

private:
    // One listening socket, shared by every loop, each with its own acceptor.
    struct Listening
    {
        std::string host;
        std::uint16_t port = 0;
        int fd = -1;
        Poco::Net::Context::Ptr tls;
        std::vector<std::shared_ptr<listener::Acceptor>> acceptors; // by loop index, once started
    };

    // Binds a listener's socket and loads its certificate; throws std::runtime_error.
    static std::unique_ptr<Listening> openListening(const config::ListenerConfig& listener);
    // Gives a Runtime its loop-local parts and the access log.
    void attach(runtime::Runtime& runtime);
    // Runs task on every loop, one call each with its index, and waits (bounded) until all ran.
    void onEveryLoop(const std::function<void(net::EventLoop&)>& task);
    void startAccepting(Listening& listening);
    void stopAccepting(Listening& listening);

    std::shared_ptr<runtime::Runtime> _current;
    std::vector<std::shared_ptr<runtime::Runtime>> _retired; // replaced, maybe still in use
    runtime::RuntimeHolder _runtime;
    // Declared before the loops: connections still open when the loops are destroyed log their
    // exchange on the way out.
    std::unique_ptr<log::AccessLog> _accessLog;
    // One flag per loop, set by the loop when it runs loopsAnswered()'s task; outlives the loops.
    std::unique_ptr<std::atomic<bool>[]> _heartbeats;
    std::vector<std::unique_ptr<net::EventLoop>> _loops;
    std::vector<std::unique_ptr<Listening>> _listeners; // in the current configuration's order
    std::unique_ptr<proxy::HealthChecker> _healthChecker;
    bool _started = false;
};

} // namespace portico::dataplane
