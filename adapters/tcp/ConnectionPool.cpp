#include "tcp/ConnectionPool.h"

namespace portico::tcp
{

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<TcpConnection> connection)
    : _pool(&pool), _connection(std::move(connection)), _reused(_connection != nullptr)
{
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : _pool(other._pool), _connection(std::move(other._connection)), _reused(other._reused),
      _reusable(other._reusable)
{
    other._pool = nullptr;
}

ConnectionPool::Lease::~Lease()
{
    if (_pool == nullptr)
    {
        return;
    }
    std::unique_ptr<TcpConnection> keep;
    if (_reusable)
    {
        keep = std::move(_connection);
    }
    _pool->release(std::move(keep));
}

void ConnectionPool::Lease::attach(std::unique_ptr<TcpConnection> connection)
{
    _connection = std::move(connection);
    _reused = false;
    _reusable = false;
}

void ConnectionPool::Lease::discard()
{
    _connection.reset();
    _reused = false;
    _reusable = false;
}

ConnectionPool::ConnectionPool(std::size_t size) : _size(size == 0 ? 1 : size) {}

ConnectionPool::~ConnectionPool() = default;

std::optional<ConnectionPool::Lease> ConnectionPool::acquire(Deadline deadline)
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (!_slotFreed.wait_until(lock, deadline, [this] { return _busy < _size; }))
    {
        return std::nullopt;
    }
    ++_busy;
    std::unique_ptr<TcpConnection> connection;
    if (!_idle.empty())
    {
        connection = std::move(_idle.back());
        _idle.pop_back();
    }
    return Lease(*this, std::move(connection));
}

void ConnectionPool::release(std::unique_ptr<TcpConnection> connection)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (connection != nullptr)
        {
            _idle.push_back(std::move(connection));
        }
        --_busy;
    }
    _slotFreed.notify_one();
}

std::size_t ConnectionPool::idleCount() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _idle.size();
}

std::size_t ConnectionPool::busyCount() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _busy;
}

} // namespace portico::tcp
