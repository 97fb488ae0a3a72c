#include "app/ControlSignals.h"

#include <condition_variable>
#include <mutex>

namespace portico::app
{

namespace
{

std::mutex stopMutex;
std::condition_variable stopAsked;
bool stopRequested = false;

} // namespace

// Windows has no signals to block: the service manager's stop arrives through POCO's
// ServerApplication, whose waiting thread calls requestStop().
void ControlSignals::block() {}

ControlSignals::Received ControlSignals::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(stopMutex);
    return stopAsked.wait_for(lock, timeout, [] { return stopRequested; }) ? Received::Stop
                                                                           : Received::Nothing;
}

void ControlSignals::requestStop()
{
    {
        std::lock_guard<std::mutex> lock(stopMutex);
        stopRequested = true;
    }
    stopAsked.notify_all();
}

} // namespace portico::app
