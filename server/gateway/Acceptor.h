#pragma once

// Accepts connections on one listening socket for one event loop. The socket is shared by all
// loops (EPOLLEXCLUSIVE wakes one of them per connection), so new clients spread over the loops
// without a hand-off between threads.

#include "gateway/Runtime.h"
#include "net/EventLoop.h"

#include <Poco/Net/Context.h>

#include <atomic>
#include <memory>

namespace portico::gateway
{

class RuntimeHolder;

class Acceptor final : public net::IoHandler
{
public:
    Acceptor(net::EventLoop& loop, int listenFd, Poco::Net::Context::Ptr tls, const RuntimeHolder& runtime);

    bool open();
    void close(); // stops accepting (drain); the shared socket itself is closed by its owner
    void onIo(std::uint32_t events) override;

private:
    net::EventLoop& _loop;
    int _listenFd;
    Poco::Net::Context::Ptr _tls;
    const RuntimeHolder& _runtime;
    bool _open = false;
};

// The current Runtime, swapped as a whole on reload; connections keep the one they started with.
class RuntimeHolder
{
public:
    std::shared_ptr<const Runtime> get() const { return std::atomic_load(&_runtime); }
    void set(std::shared_ptr<const Runtime> runtime) { std::atomic_store(&_runtime, std::move(runtime)); }

private:
    std::shared_ptr<const Runtime> _runtime;
};

} // namespace portico::gateway
