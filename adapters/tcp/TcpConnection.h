#pragma once

// One TCP connection to a legacy peer, used from a blocking worker thread: every wait is a poll()
// bounded by the caller's deadline, so no call outlives it. The descriptor is non-blocking and
// close-on-exec; writes never raise SIGPIPE. Not thread-safe: one user at a time (the pool
// guarantees it). POSIX sockets.

#include "tcp/ConfigValues.h"
#include "tcp/Deadline.h"

#include <memory>
#include <string>
#include <string_view>

namespace portico::tcp
{

enum class IoStatus
{
    Ok,
    Closed,   // the peer closed the connection (orderly)
    TimedOut, // the deadline passed
    Failed    // any other socket error (reset, unreachable, …)
};

class TcpConnection
{
public:
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    // Resolves endpoint and connects to its addresses in turn until one answers or the deadline
    // passes. On failure returns nullptr and sets error; timedOut tells whether the deadline ended it.
    static std::unique_ptr<TcpConnection> open(const Endpoint& endpoint, Deadline deadline,
                                               std::string& error, bool& timedOut);

    // Writes all of data. sent tells how many bytes left before a failure.
    IoStatus sendAll(std::string_view data, Deadline deadline, std::size_t& sent, std::string& error);

    // Waits for bytes and replaces chunk with what arrived (at most 64 KiB).
    IoStatus receive(std::string& chunk, Deadline deadline, std::string& error);

    // A non-blocking peek: true when the peer has neither closed the connection nor sent anything
    // since the last exchange, i.e. when the connection can carry a new request.
    bool stillIdle() const;

private:
    explicit TcpConnection(int descriptor) : _descriptor(descriptor) {}

    int _descriptor;
};

} // namespace portico::tcp
