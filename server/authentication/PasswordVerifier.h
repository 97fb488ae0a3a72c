#pragma once

// Checks Basic-authentication passwords off the event loops. PBKDF2 is slow on purpose (tens of
// milliseconds at 600,000 iterations), so each check runs on the verifier's own thread, one at a
// time: a stream of guesses can take at most that one core, never the loops. The queue is
// bounded; when it is full a check is refused at once (the caller answers 503) rather than queued
// without end. One verifier serves the whole process; its thread starts with the first check.

#include "crypto/PasswordHash.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace portico::authentication
{

class PasswordVerifier
{
public:
    static constexpr std::size_t maxQueued = 64;

    static PasswordVerifier& shared();

    PasswordVerifier() = default;
    ~PasswordVerifier();
    PasswordVerifier(const PasswordVerifier&) = delete;
    PasswordVerifier& operator=(const PasswordVerifier&) = delete;

    // Calls done(matches) on the verifier's thread. Without a hash the check never matches but
    // takes as long (an unknown user must not answer faster than a wrong password). The hash is
    // copied: the configuration it came from may be replaced meanwhile.
    // False, without calling done, when the queue is full.
    bool submit(std::optional<crypto::PasswordHash> hash, std::string password,
                std::function<void(bool)> done);

private:
    struct Check
    {
        std::optional<crypto::PasswordHash> hash;
        std::string password;
        std::function<void(bool)> done;
    };

    void run();

    std::mutex _mutex;
    std::condition_variable _wake;
    std::deque<Check> _queue;
    bool _stopping = false;
    std::thread _thread;
};

} // namespace portico::authentication
