#include "app/ControlSignals.h"

#include <csignal>
#include <ctime>
#include <pthread.h>
#include <unistd.h>

namespace portico::app
{

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

void ControlSignals::requestStop()
{
    // Blocked in every thread, so it waits for wait() on the main thread like one from outside.
    ::kill(::getpid(), SIGTERM);
}

} // namespace portico::app
