#pragma once

// Failed sign-ins per client address, shared by every loop of one <auth>: after maxFailures
// within failureWindow an address is refused (429) until the window ends, so guessing passwords
// is slowed to a few attempts a minute whichever connection or loop the guesses arrive on. Only
// the paths that already cost a PBKDF2 check touch it, so its lock is off the fast path. Bounded:
// a flood of distinct addresses cannot grow it past maxTrackedAddresses.

#include "util/Clock.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace portico::authentication
{

class SignInThrottle
{
public:
    static constexpr util::MonoMillis failureWindow = 60'000;
    static constexpr unsigned maxFailures = 10;
    static constexpr std::size_t maxTrackedAddresses = 4096;

    static constexpr unsigned maxChecksInFlight = 2;

    // True when the address has failed too often lately; retryAfter then says when it may try again.
    bool throttled(const std::string& address, util::MonoMillis now, util::MonoMillis& retryAfter) const;
    void recordFailure(const std::string& address, util::MonoMillis now);

    // A password check for the address starts; false when it already has maxChecksInFlight
    // waiting (so one address cannot queue a burst of guesses before its failures count, nor
    // fill the verifier's queue for everyone). Each started check ends with endCheck().
    bool startCheck(const std::string& address);
    void endCheck(const std::string& address);

    // The text failures are counted under: the address, or for IPv6 its /64 (one host's share,
    // so walking through a subnet does not escape the count).
    static std::string clientKey(const std::string& address);

private:
    struct Failures
    {
        unsigned count = 0;
        util::MonoMillis windowStart = 0;
    };

    mutable std::mutex _mutex;
    std::unordered_map<std::string, Failures> _failures;
    std::unordered_map<std::string, unsigned> _inFlight;
};

} // namespace portico::authentication
