#include "app/ControlSignals.h"

#if !defined(_WIN32)
#include <csignal>
#include <ctime>
#include <pthread.h>
#endif

#include <thread>

namespace portico::app
{

#if !defined(_WIN32)

namespace
{

sigset_t controlSet()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGHUP);
    return set;
}

} // namespace

void ControlSignals::block()
{
    const sigset_t set = controlSet();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ControlSignals::Received ControlSignals::wait(std::chrono::milliseconds timeout)
{
    const sigset_t set = controlSet();
    timespec limit{};
    limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    limit.tv_nsec = static_cast<long>(timeout.count() % 1000) * 1000000L;
    const int received = sigtimedwait(&set, nullptr, &limit);
    if (received == SIGHUP) return Received::Reload;
    if (received < 0) return Received::Nothing; // timed out, or interrupted by another signal
    return Received::Stop;
}

#else

void ControlSignals::block() {}

ControlSignals::Received ControlSignals::wait(std::chrono::milliseconds timeout)
{
    std::this_thread::sleep_for(timeout);
    return Received::Nothing;
}

#endif

} // namespace portico::app
