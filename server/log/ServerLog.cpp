#include "log/ServerLog.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Exception.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#if defined(POCO_OS_FAMILY_UNIX)
#include <Poco/SyslogChannel.h>
#endif

#include <iostream>
#include <stdexcept>

namespace portico::log
{

namespace
{

int pocoLevel(const std::string& level)
{
    if (level == "debug") return Poco::Message::PRIO_DEBUG;
    if (level == "warning") return Poco::Message::PRIO_WARNING;
    if (level == "error") return Poco::Message::PRIO_ERROR;
    return Poco::Message::PRIO_INFORMATION;
}

// Reference-counted throughout: POCO's channels take AutoPtrs and share what they are given.
Poco::AutoPtr<Poco::Channel> formatted(const Poco::AutoPtr<Poco::Channel>& channel,
                                       const std::string& pattern)
{
    Poco::AutoPtr<Poco::Formatter> formatter(new Poco::PatternFormatter(pattern));
    formatter->setProperty("times", "UTC");
    return Poco::AutoPtr<Poco::Channel>(new Poco::FormattingChannel(formatter, channel));
}

Poco::AutoPtr<Poco::Channel> console()
{
    // std::clog: standard error, unbuffered line by line like the messages before it.
    return formatted(Poco::AutoPtr<Poco::Channel>(new Poco::ConsoleChannel(std::clog)), "porticod: %t");
}

// The console at info until configureServerLog() says otherwise.
Poco::Logger& logger()
{
    static Poco::Logger& configured = []() -> Poco::Logger&
    {
        Poco::Logger& made = Poco::Logger::get("porticod");
        made.setChannel(console());
        made.setLevel(Poco::Message::PRIO_INFORMATION);
        return made;
    }();
    return configured;
}

} // namespace

void configureServerLog(const config::LoggingConfig& logging)
{
    Poco::AutoPtr<Poco::Channel> channel;
    if (logging.to == "file")
    {
        Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(logging.path));
        file->setProperty("rotation", std::to_string(logging.rotateBytes / 1024) + " K");
        file->setProperty("archive", "number");
        file->setProperty("purgeCount", std::to_string(logging.keep));
        file->setProperty("flush", "true");
        try
        {
            file->open();
        }
        catch (const Poco::Exception& e)
        {
            throw std::runtime_error("cannot open the log file " + logging.path + ": " + e.displayText());
        }
        channel = formatted(Poco::AutoPtr<Poco::Channel>(file), "%Y-%m-%dT%H:%M:%S.%iZ %p %t");
    }
#if defined(POCO_OS_FAMILY_UNIX)
    else if (logging.to == "syslog")
    {
        channel =
            formatted(Poco::AutoPtr<Poco::Channel>(new Poco::SyslogChannel(
                          "porticod", Poco::SyslogChannel::SYSLOG_PID, Poco::SyslogChannel::SYSLOG_DAEMON)),
                      "%t");
    }
#endif
    else
        channel = console();
    logger().setChannel(channel);
    logger().setLevel(pocoLevel(logging.level));
}

void serverLog(Level level, const std::string& message)
{
    switch (level)
    {
    case Level::Debug:
        logger().debug(message);
        break;
    case Level::Info:
        logger().information(message);
        break;
    case Level::Warning:
        logger().warning(message);
        break;
    case Level::Error:
        logger().error(message);
        break;
    }
}

} // namespace portico::log
