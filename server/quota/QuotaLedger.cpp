#include "quota/QuotaLedger.h"

#include "log/ServerLog.h"
#include "util/WallClock.h"

#include "util/LiveObjects.h"

#include <sqlite3.h>

#include <chrono>

namespace portico::quota
{

namespace
{

} // namespace

QuotaLedger& QuotaLedger::shared()
{
    static QuotaLedger ledger;
    return ledger;
}

QuotaLedger::~QuotaLedger()
{
    detach();
}

void QuotaLedger::enroll(const std::shared_ptr<QuotaCounters>& counters)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _enrolled.push_back(counters);
    if (_db != nullptr) loadInto(*counters);
}

std::vector<std::shared_ptr<QuotaCounters>> QuotaLedger::quotas()
{
    std::lock_guard<std::mutex> lock(_mutex);
    return util::takeLive(_enrolled);
}

bool QuotaLedger::attach(const std::string& database, std::string& error)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_db != nullptr) return true;
    if (sqlite3_open_v2(database.c_str(), &_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK)
    {
        error = "cannot open the store database '" + database + "' for quotas: " + sqlite3_errmsg(_db);
        sqlite3_close(_db);
        _db = nullptr;
        return false;
    }
    sqlite3_busy_timeout(_db, 5000);
    char* message = nullptr;
    // The table belongs to the store file's schema, brought up to date by ConsumerStore::open,
    // which runs first.
    if (sqlite3_exec(_db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; SELECT 1 FROM quota_usage LIMIT 1",
                     nullptr, nullptr, &message) != SQLITE_OK)
    {
        error = std::string("cannot prepare the quota table: ") + (message ? message : "");
        sqlite3_free(message);
        sqlite3_close(_db);
        _db = nullptr;
        return false;
    }
    for (const std::weak_ptr<QuotaCounters>& entry : _enrolled)
        if (std::shared_ptr<QuotaCounters> counters = entry.lock()) loadInto(*counters);
    _stopping = false;
    _thread = std::thread([this] { run(); });
    return true;
}

void QuotaLedger::loadInto(QuotaCounters& counters)
{
    const std::uint32_t period = periodIndex(counters.period(), util::wallClockSeconds());
    const std::string label = periodLabel(counters.period(), period);
    sqlite3_stmt* select = nullptr;
    if (sqlite3_prepare_v2(_db, "SELECT key, used FROM quota_usage WHERE quota = ? AND period = ?", -1,
                           &select, nullptr) != SQLITE_OK)
        return;
    sqlite3_bind_text(select, 1, counters.id().c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(select, 2, label.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(select) == SQLITE_ROW)
    {
        const unsigned char* key = sqlite3_column_text(select, 0);
        counters.seed(key != nullptr ? reinterpret_cast<const char*>(key) : "", period,
                      static_cast<std::uint64_t>(sqlite3_column_int64(select, 1)));
    }
    sqlite3_finalize(select);
}

void QuotaLedger::flush()
{
    std::vector<std::shared_ptr<QuotaCounters>> live = quotas();
    std::lock_guard<std::mutex> lock(_mutex);
    if (_db == nullptr) return;
    sqlite3_stmt* upsert = nullptr;
    if (sqlite3_prepare_v2(_db,
                           "INSERT INTO quota_usage (quota, key, period, used) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (quota, key, period) DO UPDATE SET used = max(used, excluded.used)",
                           -1, &upsert, nullptr) != SQLITE_OK)
        return;
    sqlite3_exec(_db, "BEGIN", nullptr, nullptr, nullptr);
    bool failed = false;
    std::vector<std::pair<QuotaCounters*, std::string>> written;
    for (const std::shared_ptr<QuotaCounters>& counters : live)
    {
        for (const QuotaCounters::Usage& usage : counters->takeCharged())
        {
            written.emplace_back(counters.get(), usage.key);
            const std::string label = periodLabel(counters->period(), usage.period);
            sqlite3_bind_text(upsert, 1, counters->id().c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(upsert, 2, usage.key.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(upsert, 3, label.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(upsert, 4, static_cast<sqlite3_int64>(usage.used));
            failed |= sqlite3_step(upsert) != SQLITE_DONE;
            sqlite3_reset(upsert);
        }
    }
    if (failed || sqlite3_exec(_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    {
        // Loud, not silent: the counts stay in memory, marked again for the next pass.
        log::serverLog(log::Level::Error,
                       std::string("quota counts could not be written to the store: ") + sqlite3_errmsg(_db));
        sqlite3_exec(_db, "ROLLBACK", nullptr, nullptr, nullptr);
        for (const auto& [counters, key] : written)
            counters->counter(key).dirty.store(true, std::memory_order_release);
    }
    sqlite3_finalize(upsert);
}

void QuotaLedger::run()
{
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping)
    {
        _wake.wait_for(lock, std::chrono::seconds(1));
        lock.unlock();
        flush();
        lock.lock();
    }
}

void QuotaLedger::detach()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_db == nullptr) return;
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable()) _thread.join();
    flush();
    std::lock_guard<std::mutex> lock(_mutex);
    sqlite3_close(_db);
    _db = nullptr;
}

} // namespace portico::quota
