#include "hostservices/WorkerPool.h"

namespace portico::hostservices
{

WorkerPool::WorkerPool(unsigned threads)
{
    for (unsigned i = 0; i < threads; ++i)
    {
        _threads.emplace_back([this] { run(); });
    }
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    for (std::thread& thread : _threads)
    {
        thread.join();
    }
}

void WorkerPool::submit(std::function<void()> task)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _tasks.push_back(std::move(task));
    }
    _wake.notify_one();
}

std::size_t WorkerPool::queued() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _tasks.size();
}

void WorkerPool::run()
{
    while (true)
    {
        std::function<void()> task;
        {
            std::unique_lock<std::mutex> lock(_mutex);
            _wake.wait(lock, [this] { return _stopping || !_tasks.empty(); });
            if (_tasks.empty())
            {
                return; // stopping and drained
            }
            task = std::move(_tasks.front());
            _tasks.pop_front();
        }
        try
        {
            task();
        }
        catch (...)
        {
            // A task's failure is its own business; the worker goes on.
        }
    }
}

} // namespace portico::hostservices
