#include "support/PacedLoad.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace portico::test
{

std::uint64_t runPacedLoad(const PacedLoad& load)
{
    using Clock = std::chrono::steady_clock;
    const auto interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(static_cast<double>(load.workers) / load.rate));
    const Clock::time_point start = Clock::now();
    const Clock::time_point end = start + load.duration;
    std::atomic<std::uint64_t> sent{0};
    std::vector<std::thread> workers;
    for (int worker = 0; worker < load.workers; ++worker)
    {
        workers.emplace_back(
            [&, worker]
            {
                std::unique_ptr<RawHttpClient> client;
                // Workers start spread over one interval, so the load is even rather than in waves.
                Clock::time_point due = start + interval * worker / load.workers;
                for (std::uint64_t round = 0; due < end; ++round, due += interval)
                {
                    std::this_thread::sleep_until(due);
                    if (!client || !client->connected())
                        client = std::make_unique<RawHttpClient>("127.0.0.1", load.port);
                    const std::uint64_t sequence =
                        round * static_cast<std::uint64_t>(load.workers) + static_cast<std::uint64_t>(worker);
                    const HttpResponse answer = client->request(load.request(sequence));
                    sent.fetch_add(1, std::memory_order_relaxed);
                    load.answered(sequence, answer);
                    if (answer.status == 0 || answer.closed) client.reset();
                    // Behind schedule: the next request goes at once, the missed slots are dropped.
                    const Clock::time_point now = Clock::now();
                    if (now > due + interval) due = now - interval;
                }
            });
    }
    for (std::thread& thread : workers)
        thread.join();
    return sent.load();
}

} // namespace portico::test
