#pragma once

// The circuit breaker of one upstream target, shared by every event loop (atomics only). Closed,
// requests flow and failures are counted: `consecutive` failures in a row, or at least `ratio` of
// the requests of a `window` (once it saw `minRequests`), open it. Open, no request is sent to the
// target for `openFor`; then it is half-open and lets one request through as a probe (one at a
// time across the loops; a probe that never reports is replaced after `openFor`). The probe's
// success closes the breaker, its failure opens it again. So a failing back end gets room to
// recover instead of a steady stream of requests that time out, and comes back on its own.
//
// Failures are what the proxy counts as the target's fault: no connection, a timeout, a broken or
// malformed response, or a 502/503/504 answer.

#include "util/Clock.h"

#include <atomic>
#include <cstdint>

namespace portico::proxy
{

class CircuitBreaker
{
public:
    enum class State
    {
        Closed,
        Open,
        HalfOpen,
    };

    struct Settings
    {
        unsigned consecutive = 3; // 0: consecutive failures never open it
        util::MonoMillis openFor = 10'000;
        double ratio = 0; // 0: off
        util::MonoMillis window = 10'000;
        unsigned minRequests = 20;
    };

    // Whether a request could be sent now (for choosing among targets; takes nothing).
    bool admits(const Settings& settings, util::MonoMillis now) const;
    // Takes the right to send one request: always when closed; the probe when half-open (or open
    // and due). False when another loop holds the probe or the breaker is open.
    bool acquire(const Settings& settings, util::MonoMillis now);
    void onSuccess();
    void onFailure(const Settings& settings, util::MonoMillis now);

    State state(util::MonoMillis now) const;
    static const char* stateName(State state); // "closed", "open", "half-open"
    // Seconds until the breaker lets a probe through (Retry-After), at least 1.
    std::int64_t retryAfterSeconds(util::MonoMillis now) const
    {
        return util::retryAfterSeconds(openUntil() - now);
    }
    util::MonoMillis openUntil() const { return _openUntil.load(std::memory_order_relaxed); }
    std::uint64_t timesOpened() const { return _opened.load(std::memory_order_relaxed); }

private:
    void open(const Settings& settings, util::MonoMillis now);
    bool probeFree(const Settings& settings, util::MonoMillis now) const;

    std::atomic<State> _state{State::Closed};
    std::atomic<util::MonoMillis> _openUntil{0};
    std::atomic<unsigned> _consecutive{0};
    std::atomic<util::MonoMillis> _windowStart{0};
    std::atomic<unsigned> _windowRequests{0};
    std::atomic<unsigned> _windowFailures{0};
    std::atomic<util::MonoMillis> _probeStartedAt{-1}; // -1: no probe in flight
    std::atomic<std::uint64_t> _opened{0};
};

} // namespace portico::proxy
