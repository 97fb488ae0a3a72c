#pragma once

// One connection of a StreamPool, holding one of the pool's slots for its whole life: the object is
// created when a slot is reserved and gives the slot back when it is destroyed. Its socket may be
// closed and opened again in between (a retry keeps the slot). While idle it sits in its loop's
// share of the pool; while busy one StreamExchange drives it. Owned by one event loop at a time (a
// LoopMember) and used only on that loop's thread; an idle one may move to another loop whose
// exchanges wait (leaveLoop, then joinLoop there), so the peer never sees a new connection where an
// open one was free. Plain TCP.

#include "net/BufferedSocket.h"
#include "net/EventLoop.h"
#include "net/SocketOps.h"
#include "net/Transport.h"
#include "util/Buffer.h"

#include <memory>
#include <string>

namespace portico::hostservices
{

class StreamPoolCore;

class StreamConnection final : public net::LoopMember, public net::IoHandler
{
public:
    class User
    {
    public:
        virtual void onStreamConnected() = 0;
        virtual void onStreamReadable() = 0;
        virtual void onStreamWritten() = 0; // everything queued has been written
        // The connect failed, or writing failed after the connect: the socket is unusable; the user
        // closes the connection or connects it again.
        virtual void onStreamFailed(bool connecting, const std::string& reason) = 0;

    protected:
        ~User() = default;
    };

    StreamConnection(net::EventLoop& loop, std::shared_ptr<StreamPoolCore> core);
    ~StreamConnection() override;
    StreamConnection(const StreamConnection&) = delete;
    StreamConnection& operator=(const StreamConnection&) = delete;

    // Starts a non-blocking connect. False, with error set, when it failed at once.
    bool connect(const net::Endpoint& endpoint, std::string& error);
    // Closes the socket and keeps the slot, for one more connect.
    void disconnect();
    // Closes the socket and gives the slot back: the connection retires.
    void close();

    // A new user starts a new exchange: sentBytes() counts from here.
    void attach(User* user);
    User* user() const { return _user; }
    bool connected() const { return _connected; }
    bool open() const { return _fd >= 0; }

    // Writes what it can now and queues the rest (written as the socket allows). False, with error
    // set, when the socket failed; sentBytes() tells whether anything had left before that.
    bool send(const char* data, std::size_t length, std::string& error);
    std::size_t sentBytes() const { return _io.sentBytes(); }
    bool hasPendingOutput() const { return _io.hasPendingOutput(); }
    // Open, with nothing unread or unsent, and no end of stream seen: fit for the next request.
    bool reusable() const
    {
        return _fd >= 0 && _connected && !_io.peerClosed() && !_io.hasUnreadInput() &&
               !_io.hasPendingOutput();
    }

    // Reads what is there into input(): Done, WouldBlock, Closed or Failed (error set).
    net::IoResult receive(std::string& error);
    util::Buffer& input() { return _io.input(); }
    // After a Done: whether the socket may hold more (a short read on a plain socket drained it).
    bool mayHaveMore() const { return _io.mayHaveMore(); }

    // Moving to another loop, socket and slot and all, while idle: leaveLoop() on the old loop
    // (unwatched there; events still in that loop's batch are ignored), joinLoop() on the new one
    // once it owns the object (false when the socket cannot be watched there).
    void leaveLoop();
    bool joinLoop(net::EventLoop& loop);

    // Called when the connection goes back to its pool's idle list.
    void markIdle();
    // True when the peer has neither closed the connection nor sent anything since the last
    // exchange: the connection can carry a new request. A close or a byte that came while it was
    // watched and idle has already closed it (onIo); one that may have come since the loop last
    // waited is checked with a non-blocking peek, a system call that most reuses, one wait or more
    // after the connection went idle, do without.
    bool stillIdle() const;

    void onIo(std::uint32_t events) override;
    void onTick(util::MonoMillis now) override;
    void onDrain() override;
    void onLoopEnd() override;

private:
    bool flush(std::string& error);
    void closeSocket();
    void fail(bool connecting, const std::string& reason);

    net::EventLoop* _loop;
    const std::shared_ptr<StreamPoolCore> _core;
    int _fd = -1;
    std::unique_ptr<net::PlainTransport> _transport;
    User* _user = nullptr;
    net::BufferedSocket _io;
    // Counts sockets: a callback that closed this one and opened another must not be followed by
    // the old socket's event bits.
    unsigned _socketGeneration = 0;
    bool _connected = false;
    bool _retired = false;
    bool _loopEnding = false;
    std::uint64_t _idleSinceWait = 0; // the loop's completeWaits() when it went idle
    bool _moving = false;             // between leaveLoop() and joinLoop(): no loop watches the socket
};

} // namespace portico::hostservices
