#pragma once

// The one writer of the audit log: the request path hands rows to a bounded queue; this thread
// takes everything queued (swapping the queue's vectors for its own emptied ones, so no row is
// copied and the lock is held for a moment) and appends it in one transaction (the hash chain
// computed here, in commit order), and writes what is left when stopped.
// - async rows (submit): the request path goes on at once. A full queue makes it wait (up to a
//   second) rather than drop.
// - held rows (submitHeld, <audit mode="strict">): each comes with the token that releases its
//   answer, fired once the transaction holding the row has committed, or fired with a 503 when it
//   could not be. Exchanges on every loop queue meanwhile, so one commit carries many rows (group
//   commit); the batch sizes are counted for /metrics.
// A row that cannot be queued, or a batch the database refuses twice, is counted and reported on
// standard error, never lost silently.

#include "audit/AuditBodies.h"
#include "audit/AuditRecord.h"
#include "audit/AuditSink.h"
#include "pipeline/ResumeToken.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portico::audit
{

class AuditWriter
{
public:
    static constexpr std::size_t defaultCapacity = 65536;

    // bodies: what becomes of captured bodies before they are stored (null: no bodies kept).
    // retentionSeconds > 0: rows older than that are removed on this thread between commits (see
    // AuditDatabase::removeOlderThan), each removal noted as an ADMIN row in the chain.
    AuditWriter(std::unique_ptr<AuditSink> database, std::string path,
                std::unique_ptr<AuditBodies> bodies = nullptr, std::int64_t retentionSeconds = 0,
                std::size_t capacity = defaultCapacity);
    ~AuditWriter(); // stop()

    void submit(AuditRecord&& row);
    // As submit, and row then holds a committed row (or none) whose strings keep their buffers:
    // an event loop refilling the same record every time allocates nothing per request, and the
    // writer frees nothing the loops allocated.
    void submitRecycling(AuditRecord& row);
    // The row of an answer that waits for it: release fires after the commit. False (nothing
    // queued, nothing fired) when the queue is full: the caller answers 503 itself. On success
    // row holds a committed row to refill, as after submitRecycling.
    bool submitHeld(AuditRecord& row, pipeline::ResumeToken release);
    // Writes every row queued so far and stops the thread.
    void stop();

    const std::string& path() const { return _path; }
    // The chain this gateway writes in a shared (PostgreSQL) store; empty for a SQLite file.
    const std::string& node() const { return _node; }
    void setNode(std::string node) { _node = std::move(node); }
    // The process's live writer, for the admin API (null when audit is off).
    static void publish(AuditWriter* writer);
    static AuditWriter* live();
    std::size_t queueDepth() const;
    std::uint64_t written() const { return _written.load(std::memory_order_relaxed); }
    std::uint64_t lost() const { return _lost.load(std::memory_order_relaxed); }

    // Rows per commit: commitsUpTo[i] counts commits of at most batchBounds[i] rows (not
    // cumulative; the last bound is the queue's default capacity, the largest batch).
    static constexpr std::array<std::size_t, 14> batchBounds{1,   2,   4,   8,    16,   32,   64,
                                                             128, 256, 512, 1024, 2048, 8192, 65536};
    std::uint64_t commitsUpTo(std::size_t bound) const
    {
        return _commitsUpTo[bound].load(std::memory_order_relaxed);
    }
    std::uint64_t commits() const { return _commits.load(std::memory_order_relaxed); }
    std::uint64_t rowsInCommits() const { return _rowsInCommits.load(std::memory_order_relaxed); }

private:
    // Rows in queue order, and the answers waiting for some of them (strict rows), all released
    // by the commit that carries the rows.
    struct Queue
    {
        std::vector<AuditRecord> rows;
        std::vector<pipeline::ResumeToken> releases;
        void clear()
        {
            rows.clear();
            releases.clear();
        }
    };

    void run();
    // Queues row under the lock (the caller holds it) and hands the caller a committed one.
    void enqueueLocked(AuditRecord& row);
    // Committed rows become spares for the loops to refill, their bodies' large buffers released.
    void recycle(std::vector<AuditRecord>& committed);
    void countCommit(std::size_t rows);
    // One retention pass; true when it removed as many rows as one pass may (more are due).
    bool removeExpired();

    std::unique_ptr<AuditSink> _database;
    std::string _path;
    std::string _node;
    std::unique_ptr<AuditBodies> _bodies;
    std::int64_t _retentionSeconds;
    std::size_t _capacity;
    mutable std::mutex _mutex;
    std::condition_variable _work;
    std::condition_variable _room;
    Queue _queue;
    std::vector<AuditRecord> _spares;   // committed rows whose buffers the loops reuse
    std::vector<AuditRecord> _returned; // the last commit's rows, next in line as spares
    bool _stopping = false;
    std::atomic<std::uint64_t> _written{0};
    std::atomic<std::uint64_t> _lost{0};
    std::atomic<std::uint64_t> _commits{0};
    std::atomic<std::uint64_t> _rowsInCommits{0};
    std::array<std::atomic<std::uint64_t>, batchBounds.size()> _commitsUpTo{};
    std::thread _thread;
};

} // namespace portico::audit
