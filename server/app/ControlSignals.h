#pragma once

// The signals that steer a running gateway (CONTRACT §1): SIGTERM, SIGINT and SIGQUIT stop it,
// SIGHUP reloads its configuration. They are blocked in every thread and taken by the main
// thread alone, so none can arrive in the middle of a loop's work or kill the process with its
// default action (SIGHUP's is to terminate). On Windows the service manager (or Ctrl+C) stops the
// gateway through requestStop(), and reloads come through the admin API. One implementation per
// system: app/posix/, app/windows/.

#include <chrono>

namespace portico::app
{

class ControlSignals
{
public:
    enum class Received
    {
        Stop,
        Reload,
        Nothing // the wait timed out
    };

    // Blocks them in the calling thread and every thread started from it afterwards: call first,
    // before any thread exists.
    static void block();
    static Received wait(std::chrono::milliseconds timeout);
    // Any thread: the next wait() returns Stop.
    static void requestStop();
};

} // namespace portico::app
