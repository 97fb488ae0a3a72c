#pragma once

// One non-blocking connection to an upstream target. Owned by its event loop (a LoopMember);
// while idle it sits in its target's ConnectionPool, while busy one ProxyHandler drives it.

#include "net/BufferedSocket.h"
#include "net/EventLoop.h"
#include "net/Transport.h"
#include "proxy/TargetState.h"
#include "util/Buffer.h"

#include <memory>
#include <string>

namespace portico::proxy
{

class ConnectionPool;

class UpstreamConnection final : public net::LoopMember, public net::IoHandler
{
public:
    class User
    {
    public:
        virtual void onUpstreamConnected() = 0;
        virtual void onUpstreamReadable() = 0;
        virtual void onUpstreamWritable() = 0;
        virtual void onUpstreamFailed(const char* reason) = 0;

    protected:
        ~User() = default;
    };

    UpstreamConnection(net::EventLoop& loop, TargetState& target, ConnectionPool& pool, int fd,
                       std::unique_ptr<net::Transport> transport);
    ~UpstreamConnection() override;

    TargetState& target() const { return _target; }
    bool connected() const { return _connected; }
    bool reused() const { return _reused; }

    void attach(User* user) { _user = user; }
    // Hands the connection back: to the pool when reusable, else it is closed.
    void release(bool reusable);
    void close();

    // Writes what it can now and keeps the rest; false when the connection failed.
    bool send(const char* data, std::size_t length);
    bool hasPendingOutput() const { return _io.hasPendingOutput(); }
    // Reads what is available into input(); returns Done (something read), WouldBlock, Closed
    // or Failed.
    net::IoResult receive() { return _io.receive(); }
    util::Buffer& input() { return _io.input(); }
    // After receive() returned Done: whether the socket may hold more.
    bool mayHaveMore() const { return _io.mayHaveMore(); }

    void onIo(std::uint32_t events) override;
    void onTick(util::MonoMillis now) override;
    void onDrain() override;

    util::MonoMillis idleSince() const { return _idleSince; }

private:
    net::EventLoop& _loop;
    TargetState& _target;
    ConnectionPool& _pool;
    int _fd;
    std::unique_ptr<net::Transport> _transport;
    User* _user = nullptr;
    // Its peerClosed(): the FIN was reported, so the connection must not go back to the pool.
    net::BufferedSocket _io;
    bool _connected = false;
    bool _reused = false;
    bool _closed = false;
    util::MonoMillis _idleSince = 0;
};

} // namespace portico::proxy
