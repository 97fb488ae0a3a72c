#pragma once

// Where quota counts outlive the process: the quota_usage table of the store database. Every
// <quota> enrolls its counters here when its configuration is built. Once the store is attached
// (at start), the counts of the current periods are read back into the counters, and a thread
// writes the counters charged since its last pass, every second and once more at detach (a clean
// stop), so a restart does not hand out a period's requests twice. A crash can lose at most the
// last second of counts. The request path never waits for it: charges are in memory.

#include "quota/QuotaCounters.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace portico::quota
{

class QuotaLedger
{
public:
    static QuotaLedger& shared();
    ~QuotaLedger();

    void enroll(const std::shared_ptr<QuotaCounters>& counters);
    // The live quotas, for the admin API.
    std::vector<std::shared_ptr<QuotaCounters>> quotas();

    // Opens the table in the store database, reads the current counts back and starts writing.
    bool attach(const std::string& database, std::string& error);
    // Writes what is left and stops.
    void detach();

    // Writes the counters charged since the last write (the thread's work; for tests too).
    void flush();

private:
    QuotaLedger() = default;
    void loadInto(QuotaCounters& counters); // under _mutex, attached
    void run();

    std::mutex _mutex;
    std::vector<std::weak_ptr<QuotaCounters>> _enrolled;
    sqlite3* _db = nullptr;
    std::thread _thread;
    std::condition_variable _wake;
    bool _stopping = false;
};

} // namespace portico::quota
