#pragma once

// Tells the service manager what porticod is doing (systemd's Type=notify: sd_notify over the
// socket named by NOTIFY_SOCKET): READY=1 once every listener accepts connections (and again after
// each reload, which RELOADING=1 announced), STOPPING=1
// when the drain begins, with a one-line STATUS= for `systemctl status`. Without a service manager
// (NOTIFY_SOCKET unset, --daemon, a terminal, Windows) every call does nothing.

#include <string>

namespace portico::app
{

class ServiceNotifier
{
public:
    static void ready(const std::string& status);
    // A reload begins (RELOADING=1 with the monotonic clock systemd asks for); ready() ends it.
    static void reloading(const std::string& status);
    static void stopping(const std::string& status);
    // WATCHDOG=1, when the unit asks for it (WatchdogSec=); the caller pings only while the
    // gateway is healthy, so a hung one is restarted.
    static void watchdog();
};

} // namespace portico::app
