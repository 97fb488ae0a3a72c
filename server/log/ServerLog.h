#pragma once

// The gateway's own messages (started, stopping, reloaded, a background write that failed, what
// plugins report), through POCO's logging as <logging> says: to standard error (the default, which
// systemd sends to the journal), to a file rotated by size, or to syslog. Every message keeps its
// "porticod: " prefix on the console. Any thread may log. Errors in the configuration itself are
// printed before this is configured, to standard error.

#include "config/Config.h"

#include <string>

namespace portico::log
{

enum class Level
{
    Debug,
    Info,
    Warning,
    Error
};

// Replaces the console default; throws std::runtime_error when the log file cannot be opened.
void configureServerLog(const config::LoggingConfig& logging);
void serverLog(Level level, const std::string& message);

} // namespace portico::log
