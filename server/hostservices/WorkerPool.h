#pragma once

// A fixed pool of threads for blocking work (adapter back-end calls, file reads), so that the
// event loops never wait. Tasks run in submission order; submit() never blocks.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace portico::hostservices
{

class WorkerPool
{
public:
    explicit WorkerPool(unsigned threads);
    ~WorkerPool(); // runs what was queued, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void submit(std::function<void()> task);
    std::size_t queued() const;

private:
    void run();

    mutable std::mutex _mutex;
    std::condition_variable _wake;
    std::deque<std::function<void()>> _tasks;
    bool _stopping = false;
    std::vector<std::thread> _threads;
};

} // namespace portico::hostservices
