#pragma once

// At most `size` connections to one peer, each carrying one request at a time. A caller takes a
// Lease (a slot, and an idle connection if there is one), waiting while all slots are busy, for
// no longer than its deadline. A connection goes back to the idle list only when the lease says
// the exchange ended cleanly (markReusable()); a broken, timed-out or out-of-step connection is
// closed when its lease ends. Thread-safe.

#include "tcp/Deadline.h"
#include "tcp/TcpConnection.h"

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace portico::tcp
{

class ConnectionPool
{
public:
    // One slot of the pool, held for a whole request and reply. Move-only.
    class Lease
    {
    public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();

        // The connection, or nullptr: then open one and attach() it.
        TcpConnection* connection() const { return _connection.get(); }
        bool reused() const { return _reused; }
        void attach(std::unique_ptr<TcpConnection> connection);

        // Closes the connection now; the slot stays held.
        void discard();

        // The exchange ended cleanly: the connection returns to the pool when the lease ends.
        void markReusable() { _reusable = true; }

    private:
        friend class ConnectionPool;
        Lease(ConnectionPool& pool, std::unique_ptr<TcpConnection> connection);

        ConnectionPool* _pool;
        std::unique_ptr<TcpConnection> _connection;
        bool _reused;
        bool _reusable = false;
    };

    explicit ConnectionPool(std::size_t size);
    ~ConnectionPool(); // closes the idle connections; no lease may outlive the pool

    // Waits until a slot is free or deadline passes (then nullopt). The lease carries the most
    // recently used idle connection, if any.
    std::optional<Lease> acquire(Deadline deadline);

    std::size_t size() const { return _size; }
    std::size_t idleCount() const;
    std::size_t busyCount() const;

private:
    void release(std::unique_ptr<TcpConnection> connection);

    const std::size_t _size;
    mutable std::mutex _mutex;
    std::condition_variable _slotFreed;
    std::size_t _busy = 0;
    std::vector<std::unique_ptr<TcpConnection>> _idle;
};

} // namespace portico::tcp
