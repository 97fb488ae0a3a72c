#include "audit/AuditWriter.h"

#include "util/RequestId.h"
#include "util/WallClock.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

namespace portico::audit
{

namespace
{

constexpr std::size_t maxBatch = 2048;
// How long async rows wait for more before a commit, and how many make waiting pointless.
constexpr auto linger = std::chrono::milliseconds(10);
constexpr std::size_t lingerRows = 512;
// Rows one retention pass removes at most: a short transaction, so strict answers barely wait.
constexpr std::int64_t maxRemovedPerPass = 10000;

std::atomic<AuditWriter*> published{nullptr};

} // namespace

void AuditWriter::publish(AuditWriter* writer)
{
    published.store(writer, std::memory_order_release);
}

AuditWriter* AuditWriter::live()
{
    return published.load(std::memory_order_acquire);
}

AuditWriter::AuditWriter(std::unique_ptr<AuditSink> database, std::string path,
                         std::unique_ptr<AuditBodies> bodies, std::int64_t retentionSeconds,
                         std::size_t capacity)
    : _database(std::move(database)), _path(std::move(path)), _bodies(std::move(bodies)),
      _retentionSeconds(retentionSeconds), _capacity(capacity)
{
    _thread = std::thread([this] { run(); });
}

AuditWriter::~AuditWriter()
{
    stop();
}

void AuditWriter::submit(AuditRecord&& row)
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (_queue.size() >= _capacity && !_room.wait_for(lock, std::chrono::seconds(1),
                                                      [&] { return _queue.size() < _capacity || _stopping; }))
    {
        lock.unlock();
        _lost.fetch_add(1, std::memory_order_relaxed);
        std::cerr << "porticod: audit: the queue stayed full for a second; row of request " << row.requestId
                  << " not written" << std::endl;
        return;
    }
    _queue.push_back(Queued{std::move(row), pipeline::ResumeToken()});
    // Waking the writer costs a system call and a switch: only when it has something new to do
    // (the first row, or enough to stop lingering); otherwise it finds the rows when it looks.
    const bool wake = _queue.size() == 1 || _queue.size() == lingerRows;
    lock.unlock();
    if (wake) _work.notify_one();
}

bool AuditWriter::submitHeld(AuditRecord&& row, pipeline::ResumeToken release)
{
    // Never waits: the caller is an event loop, and its other exchanges must go on.
    std::unique_lock<std::mutex> lock(_mutex);
    if (_queue.size() >= _capacity || _stopping)
    {
        lock.unlock();
        _lost.fetch_add(1, std::memory_order_relaxed);
        std::cerr << "porticod: audit: the queue is full; request " << row.requestId << " answered 503"
                  << std::endl;
        return false;
    }
    _queue.push_back(Queued{std::move(row), std::move(release)});
    lock.unlock();
    _work.notify_one();
    return true;
}

void AuditWriter::countCommit(std::size_t rows)
{
    _commits.fetch_add(1, std::memory_order_relaxed);
    _rowsInCommits.fetch_add(rows, std::memory_order_relaxed);
    std::size_t bound = 0;
    while (bound + 1 < batchBounds.size() && batchBounds[bound] < rows)
        ++bound;
    _commitsUpTo[bound].fetch_add(1, std::memory_order_relaxed);
}

void AuditWriter::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_stopping) return;
        _stopping = true;
    }
    _work.notify_all();
    _room.notify_all();
    if (_thread.joinable()) _thread.join();
}

std::size_t AuditWriter::queueDepth() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _queue.size();
}

bool AuditWriter::removeExpired()
{
    std::string cutoff;
    util::appendIsoTimestamp(util::wallClockMicros() - _retentionSeconds * 1000000, cutoff);
    AuditSink::Removal removal;
    std::string error;
    if (!_database->removeOlderThan(cutoff, maxRemovedPerPass, removal, error))
    {
        std::cerr << "porticod: audit: rows older than " << cutoff << " could not be removed: " << error
                  << std::endl;
        return false;
    }
    if (removal.removedThrough == 0) return false;
    // The removal in the chain itself, naming the anchor the kept rows now start from.
    AuditRecord note;
    util::appendIsoTimestamp(util::wallClockMicros(), note.ts);
    util::newRequestId(note.requestId);
    note.method = "ADMIN";
    note.path = "RETENTION removed " + std::to_string(removal.rows) + " rows older than " + cutoff + ", " +
                retentionNote(removal.removedThrough, removal.anchorHash);
    std::vector<AuditRecord> rows;
    rows.push_back(std::move(note));
    if (!_database->append(rows, error))
    {
        _lost.fetch_add(1, std::memory_order_relaxed);
        std::cerr << "porticod: audit: the retention note could not be written: " << error << std::endl;
    }
    else
        _written.fetch_add(1, std::memory_order_relaxed);
    return removal.rows >= maxRemovedPerPass;
}

void AuditWriter::run()
{
    std::vector<Queued> taken;
    std::vector<AuditRecord> batch;
    // Retention runs between commits, a few times per retention period (at most every 10 minutes).
    using Clock = std::chrono::steady_clock;
    const auto retentionEvery = std::chrono::seconds(std::clamp<std::int64_t>(_retentionSeconds / 4, 1, 600));
    auto nextRemoval = Clock::now();
    for (;;)
    {
        if (_retentionSeconds > 0 && Clock::now() >= nextRemoval)
            nextRemoval = Clock::now() + (removeExpired() ? std::chrono::seconds(0) : retentionEvery);
        {
            std::unique_lock<std::mutex> lock(_mutex);
            const auto ready = [&] { return !_queue.empty() || _stopping; };
            if (_retentionSeconds > 0)
            {
                if (!_work.wait_until(lock, nextRemoval, ready)) continue;
            }
            else
                _work.wait(lock, ready);
            if (_queue.empty() && _stopping) return;
            // Async rows may wait a few milliseconds for company: one commit of many rows costs
            // far less than many commits of few. A row whose answer waits (strict) goes at once;
            // the rows queued during the commit before it make its group.
            if (!_queue.back().release.valid() && _queue.size() < lingerRows)
                _work.wait_for(lock, linger,
                               [&] {
                                   return _queue.size() >= lingerRows || _stopping ||
                                          _queue.back().release.valid();
                               });
            while (!_queue.empty() && taken.size() < maxBatch)
            {
                taken.push_back(std::move(_queue.front()));
                _queue.pop_front();
            }
        }
        for (Queued& queued : taken)
        {
            batch.push_back(std::move(queued.row));
            if (!_bodies) continue;
            // Masked here, off the request path, and before anything is stored.
            _bodies->prepare(batch.back().requestBody);
            _bodies->prepare(batch.back().responseBody);
        }
        _room.notify_all();
        std::string error;
        bool written = _database->append(batch, error);
        if (!written)
        {
            // Once more after a pause (a reader holding a lock, a full disk being cleared).
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            written = _database->append(batch, error);
        }
        if (written)
        {
            _written.fetch_add(batch.size(), std::memory_order_relaxed);
            countCommit(batch.size());
        }
        else
        {
            _lost.fetch_add(batch.size(), std::memory_order_relaxed);
            std::cerr << "porticod: audit: " << batch.size() << " rows could not be written to " << _path
                      << ": " << error << std::endl;
        }
        // Only now may the answers waiting for these rows go out (or be refused).
        for (Queued& queued : taken)
        {
            if (!queued.release.valid()) continue;
            if (written)
                queued.release.next();
            else
                queued.release.reply(503, "the audit row of this request could not be committed");
        }
        taken.clear();
        batch.clear();
    }
}

} // namespace portico::audit
