#include "audit/AuditWriter.h"

#include "log/ServerLog.h"
#include "util/RequestId.h"
#include "util/WallClock.h"

#include <algorithm>
#include <chrono>

namespace portico::audit
{

namespace
{

// How long async rows wait for more before a commit, and how many make waiting pointless.
constexpr auto linger = std::chrono::milliseconds(25);
constexpr std::size_t lingerRows = 2048;
// Rows one retention pass removes at most: a short transaction, so strict answers barely wait.
constexpr std::int64_t maxRemovedPerPass = 10000;
// A spare row keeps a captured body's buffer up to this size; a larger one is released, so the
// spares never hold more than a few KiB each.
constexpr std::size_t keptBodyCapacity = 4096;
// Spare rows kept from one commit: more than the loops take between two commits at any usual
// rate, and a bound on what a burst that filled the queue leaves behind.
constexpr std::size_t maxSpareRows = 4096;

void releaseLargeBody(std::optional<std::string>& body)
{
    if (body && body->capacity() > keptBodyCapacity) body.reset();
}

std::atomic<AuditWriter*> published{nullptr};

pipeline::LocalReply notCommitted()
{
    pipeline::LocalReply answer;
    answer.status = 503;
    answer.detail = "the audit row of this request could not be committed";
    return answer;
}

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
    AuditRecord queued = std::move(row);
    submitRecycling(queued);
}

void AuditWriter::enqueueLocked(AuditRecord& row)
{
    _queue.rows.push_back(std::move(row));
    if (_spares.empty()) _spares.swap(_returned);
    if (_spares.empty()) return;
    row = std::move(_spares.back());
    _spares.pop_back();
}

void AuditWriter::submitRecycling(AuditRecord& row)
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (_queue.rows.size() >= _capacity &&
        !_room.wait_for(lock, std::chrono::seconds(1),
                        [&] { return _queue.rows.size() < _capacity || _stopping; }))
    {
        lock.unlock();
        _lost.fetch_add(1, std::memory_order_relaxed);
        log::serverLog(log::Level::Error, "audit: the queue stayed full for a second; row of request " +
                                              row.requestId + " not written");
        return;
    }
    enqueueLocked(row);
    // Waking the writer costs a system call and a switch: only when it has something new to do
    // (the first row, or enough to stop lingering); otherwise it finds the rows when it looks.
    const bool wake = _queue.rows.size() == 1 || _queue.rows.size() == lingerRows;
    lock.unlock();
    if (wake) _work.notify_one();
}

bool AuditWriter::submitHeld(AuditRecord& row, pipeline::ResumeToken release)
{
    // Never waits: the caller is an event loop, and its other exchanges must go on.
    std::unique_lock<std::mutex> lock(_mutex);
    if (_queue.rows.size() >= _capacity || _stopping)
    {
        lock.unlock();
        _lost.fetch_add(1, std::memory_order_relaxed);
        log::serverLog(log::Level::Error,
                       "audit: the queue is full; request " + row.requestId + " answered 503");
        return false;
    }
    enqueueLocked(row);
    _queue.releases.push_back(std::move(release));
    lock.unlock();
    _work.notify_one();
    return true;
}

void AuditWriter::recycle(std::vector<AuditRecord>& committed)
{
    if (committed.size() > maxSpareRows) committed.resize(maxSpareRows);
    for (AuditRecord& row : committed)
    {
        releaseLargeBody(row.requestBody);
        releaseLargeBody(row.responseBody);
    }
    {
        // The loops take spares from _spares and, once it is empty, swap in _returned: each step
        // under the lock is a swap, never a copy. The smaller set is freed below, outside it.
        std::lock_guard<std::mutex> lock(_mutex);
        if (_returned.size() < committed.size()) _returned.swap(committed);
    }
    committed.clear();
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
    return _queue.rows.size();
}

bool AuditWriter::removeExpired()
{
    std::string cutoff;
    util::appendIsoTimestamp(util::wallClockMicros() - _retentionSeconds * 1000000, cutoff);
    // The removal in the chain itself, naming the anchor the kept rows now start from.
    AuditRecord note;
    util::appendIsoTimestamp(util::wallClockMicros(), note.ts);
    util::newRequestId(note.requestId);
    note.method = "ADMIN";
    AuditSink::Removal removal;
    std::string error;
    if (!_database->removeOlderThan(cutoff, maxRemovedPerPass, std::move(note), removal, error))
    {
        log::serverLog(log::Level::Error,
                       "audit: rows older than " + cutoff + " could not be removed: " + error);
        return false;
    }
    if (removal.removedThrough == 0) return false;
    _written.fetch_add(1, std::memory_order_relaxed); // the note
    return removal.rows >= maxRemovedPerPass;
}

void AuditWriter::run()
{
    Queue taken;
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
            const auto ready = [&] { return !_queue.rows.empty() || _stopping; };
            if (_retentionSeconds > 0)
            {
                if (!_work.wait_until(lock, nextRemoval, ready)) continue;
            }
            else
                _work.wait(lock, ready);
            if (_queue.rows.empty() && _stopping) return;
            // Async rows may wait a few milliseconds for company: one commit of many rows costs
            // far less than many commits of few. A row whose answer waits (strict) goes at once;
            // the rows queued during the commit before it make its group.
            if (_queue.releases.empty() && _queue.rows.size() < lingerRows)
                _work.wait_for(lock, linger,
                               [&] {
                                   return _queue.rows.size() >= lingerRows || _stopping ||
                                          !_queue.releases.empty();
                               });
            // The emptied vectors of the last batch (their capacity kept) become the queue.
            std::swap(taken, _queue);
        }
        _room.notify_all();
        if (_bodies)
        {
            // Masked here, off the request path, and before anything is stored.
            for (AuditRecord& row : taken.rows)
            {
                _bodies->prepare(row.requestBody);
                _bodies->prepare(row.responseBody);
            }
        }
        std::string error;
        bool written = _database->append(taken.rows, error);
        if (!written)
        {
            // Once more after a pause (a reader holding a lock, a full disk being cleared).
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            written = _database->append(taken.rows, error);
        }
        if (written)
        {
            _written.fetch_add(taken.rows.size(), std::memory_order_relaxed);
            countCommit(taken.rows.size());
        }
        else
        {
            _lost.fetch_add(taken.rows.size(), std::memory_order_relaxed);
            log::serverLog(log::Level::Error, "audit: " + std::to_string(taken.rows.size()) +
                                                  " rows could not be written to " + _path + ": " + error);
        }
        // Only now may the answers waiting for these rows go out (or be refused): one wake-up per
        // event loop for the whole group.
        if (written)
            pipeline::ResumeToken::fireAll(taken.releases);
        else
            pipeline::ResumeToken::fireAll(taken.releases, true, notCommitted());
        recycle(taken.rows);
        taken.clear();
    }
}

} // namespace portico::audit
