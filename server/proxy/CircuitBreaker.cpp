#include "proxy/CircuitBreaker.h"

namespace portico::proxy
{

bool CircuitBreaker::probeFree(const Settings& settings, util::MonoMillis now) const
{
    const util::MonoMillis started = _probeStartedAt.load(std::memory_order_acquire);
    return started < 0 || now - started >= settings.openFor;
}

bool CircuitBreaker::admits(const Settings& settings, util::MonoMillis now) const
{
    switch (_state.load(std::memory_order_acquire))
    {
    case State::Closed:
        return true;
    case State::Open:
        return now >= _openUntil.load(std::memory_order_relaxed);
    case State::HalfOpen:
        return probeFree(settings, now);
    }
    return false;
}

bool CircuitBreaker::acquire(const Settings& settings, util::MonoMillis now)
{
    State state = _state.load(std::memory_order_acquire);
    if (state == State::Closed)
    {
        // A tumbling window for the failure ratio (statistics: a race at its turn costs nothing).
        if (settings.ratio > 0)
        {
            if (now - _windowStart.load(std::memory_order_relaxed) >= settings.window)
            {
                _windowStart.store(now, std::memory_order_relaxed);
                _windowRequests.store(0, std::memory_order_relaxed);
                _windowFailures.store(0, std::memory_order_relaxed);
            }
            _windowRequests.fetch_add(1, std::memory_order_relaxed);
        }
        return true;
    }
    if (state == State::Open)
    {
        if (now < _openUntil.load(std::memory_order_relaxed)) return false;
        _state.compare_exchange_strong(state, State::HalfOpen, std::memory_order_acq_rel);
    }
    // Half-open: one probe at a time.
    util::MonoMillis started = _probeStartedAt.load(std::memory_order_acquire);
    if (started >= 0 && now - started < settings.openFor) return false;
    return _probeStartedAt.compare_exchange_strong(started, now, std::memory_order_acq_rel);
}

void CircuitBreaker::onSuccess()
{
    if (_state.load(std::memory_order_acquire) != State::Closed)
    {
        _state.store(State::Closed, std::memory_order_release);
        _probeStartedAt.store(-1, std::memory_order_release);
        _windowRequests.store(0, std::memory_order_relaxed);
        _windowFailures.store(0, std::memory_order_relaxed);
    }
    // Written only when it changes: every loop's successes touch this cache line.
    if (_consecutive.load(std::memory_order_relaxed) != 0) _consecutive.store(0, std::memory_order_relaxed);
}

void CircuitBreaker::onFailure(const Settings& settings, util::MonoMillis now)
{
    const State state = _state.load(std::memory_order_acquire);
    if (state == State::HalfOpen)
    {
        open(settings, now); // the probe failed
        return;
    }
    if (state == State::Open) return; // a request sent before it opened
    const unsigned inRow = _consecutive.fetch_add(1, std::memory_order_relaxed) + 1;
    if (settings.consecutive > 0 && inRow >= settings.consecutive)
    {
        open(settings, now);
        return;
    }
    if (settings.ratio > 0)
    {
        const unsigned failed = _windowFailures.fetch_add(1, std::memory_order_relaxed) + 1;
        const unsigned requests = _windowRequests.load(std::memory_order_relaxed);
        if (requests >= settings.minRequests && failed >= settings.ratio * requests) open(settings, now);
    }
}

void CircuitBreaker::open(const Settings& settings, util::MonoMillis now)
{
    _openUntil.store(now + settings.openFor, std::memory_order_relaxed);
    _consecutive.store(0, std::memory_order_relaxed);
    _windowRequests.store(0, std::memory_order_relaxed);
    _windowFailures.store(0, std::memory_order_relaxed);
    _probeStartedAt.store(-1, std::memory_order_release);
    if (_state.exchange(State::Open, std::memory_order_acq_rel) != State::Open)
        _opened.fetch_add(1, std::memory_order_relaxed);
}

const char* CircuitBreaker::stateName(State state)
{
    switch (state)
    {
    case State::Closed:
        return "closed";
    case State::Open:
        return "open";
    case State::HalfOpen:
        return "half-open";
    }
    return "";
}

CircuitBreaker::State CircuitBreaker::state(util::MonoMillis now) const
{
    const State state = _state.load(std::memory_order_acquire);
    if (state == State::Open && now >= _openUntil.load(std::memory_order_relaxed)) return State::HalfOpen;
    return state;
}

} // namespace portico::proxy
