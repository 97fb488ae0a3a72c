#pragma once

// The one writer of the audit log (<audit mode="async">): the request path hands rows to a
// bounded queue and goes on; this thread takes what has queued and appends it in one transaction
// (the hash chain computed here, in commit order), and writes what is left when stopped. A full
// queue makes the request path wait (up to a second) rather than drop; a row that still cannot be
// queued, or a batch the database refuses twice, is counted and reported on standard error, never
// lost silently.

#include "audit/AuditDatabase.h"
#include "audit/AuditRecord.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace portico::audit
{

class AuditWriter
{
public:
    static constexpr std::size_t defaultCapacity = 65536;

    AuditWriter(std::unique_ptr<AuditDatabase> database, std::string path,
                std::size_t capacity = defaultCapacity);
    ~AuditWriter(); // stop()

    void submit(AuditRecord&& row);
    // Writes every row queued so far and stops the thread.
    void stop();

    const std::string& path() const { return _path; }
    // The process's live writer, for the admin API (null when audit is off).
    static void publish(AuditWriter* writer);
    static AuditWriter* live();
    std::size_t queueDepth() const;
    std::uint64_t written() const { return _written.load(std::memory_order_relaxed); }
    std::uint64_t lost() const { return _lost.load(std::memory_order_relaxed); }

private:
    void run();

    std::unique_ptr<AuditDatabase> _database;
    std::string _path;
    std::size_t _capacity;
    mutable std::mutex _mutex;
    std::condition_variable _work;
    std::condition_variable _room;
    std::deque<AuditRecord> _queue;
    bool _stopping = false;
    std::atomic<std::uint64_t> _written{0};
    std::atomic<std::uint64_t> _lost{0};
    std::thread _thread;
};

} // namespace portico::audit
