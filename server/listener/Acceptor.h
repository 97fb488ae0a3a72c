#pragma once

// Accepts connections on one listening socket for one event loop. The socket is shared by all
// loops (the poller wakes one of them per connection), so new clients spread over the loops
// without a hand-off between threads.

#include "net/EventLoop.h"
#include "runtime/RuntimeHolder.h"

#include <Poco/Net/Context.h>

#include <atomic>
#include <memory>

namespace portico::listener
{

class Acceptor final : public net::IoHandler
{
public:
    Acceptor(net::EventLoop& loop, int listenFd, Poco::Net::Context::Ptr tls,
             const runtime::RuntimeHolder& runtime);

    bool open();
    void close(); // stops accepting (drain); the shared socket itself is closed by its owner
    // A reloaded certificate: connections accepted from now on use it (on the loop's thread).
    void setTls(Poco::Net::Context::Ptr tls) { _tls = std::move(tls); }
    void onIo(std::uint32_t events) override;

private:
    net::EventLoop& _loop;
    int _listenFd;
    Poco::Net::Context::Ptr _tls;
    const runtime::RuntimeHolder& _runtime;
    bool _open = false;
};

} // namespace portico::listener
