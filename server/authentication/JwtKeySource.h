#pragma once

// Where a <jwt> gets its keys. Fixed keys (a secret, a PEM file, a JWKS file) are read once when
// the configuration loads. A JWKS at an https URL is fetched by the source's own thread, never
// inside a request: first when the configuration goes live, then every refresh interval, and
// sooner when a token names a key id the set does not have (at most every 30 s, or every refresh
// interval if that is shorter), so a rotated key is picked up without waiting. A failed fetch
// keeps the last good set and is retried after 30 s (or the refresh interval). Until the first
// fetch succeeds there are no keys (requests get 503 with Retry-After).

#include "authentication/JwtKeys.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace portico::authentication
{

class JwtKeySource
{
public:
    // Keys known now; nothing to fetch.
    explicit JwtKeySource(KeySet keys);
    // A JWKS fetched from url (https only); caFile adds trust anchors ("" for the system's).
    JwtKeySource(std::string url, std::string caFile, std::chrono::milliseconds refresh);
    ~JwtKeySource();
    JwtKeySource(const JwtKeySource&) = delete;
    JwtKeySource& operator=(const JwtKeySource&) = delete;

    // Starts fetching (remote sources; once, however often it is called).
    void start();

    // Changes whenever the keys do; a reader compares it (one atomic load) before copying current().
    std::uint64_t version() const { return _version.load(std::memory_order_acquire); }
    // The keys, or null before the first successful fetch.
    std::shared_ptr<const KeySet> current() const;

    // A token named a key id the set lacks: fetch again soon (remote sources only).
    void requestRefresh();

    bool remote() const { return !_url.empty(); }
    // What the last fetch failed with ("" after a success), for logs and tests.
    std::string lastError() const;

private:
    void run();
    bool fetch(std::string& error);

    std::string _url;
    std::string _caFile;
    std::chrono::milliseconds _refresh{0};

    mutable std::mutex _mutex;
    std::condition_variable _wake;
    std::shared_ptr<const KeySet> _keys;
    std::string _lastError;
    bool _stopping = false;
    bool _refreshRequested = false;
    std::atomic<std::uint64_t> _version{0};
    std::once_flag _started;
    std::thread _thread;
};

} // namespace portico::authentication
