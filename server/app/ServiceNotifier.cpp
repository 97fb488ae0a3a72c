#include "app/ServiceNotifier.h"

#if defined(PORTICO_HAVE_SYSTEMD)
#include <systemd/sd-daemon.h>
#endif

#include <chrono>

namespace portico::app
{

namespace
{

void notify(const std::string& state)
{
#if defined(PORTICO_HAVE_SYSTEMD)
    // unset_environment=0: children (none today) would see the socket too; a failure is no error,
    // since the gateway serves the same with or without a manager listening.
    sd_notify(0, state.c_str());
#else
    (void)state;
#endif
}

} // namespace

void ServiceNotifier::ready(const std::string& status)
{
    notify("READY=1\nSTATUS=" + status);
}

void ServiceNotifier::reloading(const std::string& status)
{
    // steady_clock is CLOCK_MONOTONIC on Linux, the clock the field is read against.
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(micros) + "\nSTATUS=" + status);
}

void ServiceNotifier::stopping(const std::string& status)
{
    notify("STOPPING=1\nSTATUS=" + status);
}

void ServiceNotifier::watchdog()
{
#if defined(PORTICO_HAVE_SYSTEMD)
    static const bool wanted = sd_watchdog_enabled(0, nullptr) > 0;
    if (wanted) notify("WATCHDOG=1");
#endif
}

} // namespace portico::app
