#include "log/AccessLog.h"

#include "net/EventLoop.h"
#include "pipeline/Exchange.h"
#include "util/JsonEscape.h"
#include "util/WallClock.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace portico::log
{

namespace
{

constexpr std::size_t flushBytes = 32 * 1024;
constexpr util::MonoMillis flushIntervalMs = 200;

void appendField(const char* name, std::string_view value, std::string& out)
{
    out += ",\"";
    out += name;
    out += "\":\"";
    util::appendJsonEscaped(value, out);
    out += '"';
}

} // namespace

AccessLog::AccessLog(const config::AccessLogConfig& config, unsigned loops) : _buffers(loops)
{
    if (config.path == "-")
    {
        _fd = STDOUT_FILENO;
        _ownsFd = false;
    }
    else
    {
        _fd = ::open(config.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (_fd < 0)
        {
            throw std::runtime_error("cannot open access log " + config.path + ": " + std::strerror(errno));
        }
        _ownsFd = true;
    }
}

AccessLog::~AccessLog()
{
    flushAll();
    if (_ownsFd)
    {
        ::close(_fd);
    }
}

void AccessLog::onComplete(const pipeline::Exchange& exchange, util::MonoMillis now)
{
    unsigned loop = net::EventLoop::currentIndex();
    loop = loop < _buffers.size() ? loop : 0;
    std::string& out = _buffers[loop].text;
    out += "{\"ts\":\"";
    util::appendIsoTimestamp(exchange.startedAtWallMicros, out);
    out += '"';
    appendField("requestId", exchange.requestId, out);
    if (exchange.trace.valid) appendField("traceId", exchange.trace.traceIdView(), out);
    appendField("clientIp", exchange.clientIp != nullptr ? std::string_view(*exchange.clientIp) : "", out);
    appendField("method", exchange.request.method, out);
    appendField("path", exchange.normalizedPath.empty() ? exchange.request.target : exchange.normalizedPath,
                out);
    appendField("route", exchange.route != nullptr ? std::string_view(exchange.route->config().name) : "",
                out);
    char numbers[128];
    int length = std::snprintf(numbers, sizeof numbers,
                               ",\"status\":%d,\"durationMs\":%lld,\"bytesIn\":%llu,\"bytesOut\":%llu",
                               exchange.status, static_cast<long long>(now - exchange.startedAt),
                               static_cast<unsigned long long>(exchange.bytesIn),
                               static_cast<unsigned long long>(exchange.bytesOut));
    out.append(numbers, static_cast<std::size_t>(length));
    if (!exchange.upstream.empty())
    {
        appendField("upstream", exchange.upstream, out);
    }
    if (!exchange.error.empty())
    {
        appendField("error", exchange.error, out);
    }
    out += "}\n";
    if (out.size() >= flushBytes || now - _buffers[loop].lastFlush >= flushIntervalMs)
    {
        _buffers[loop].lastFlush = now;
        flush(loop);
    }
}

void AccessLog::flush(unsigned loop)
{
    std::string& text = _buffers[loop].text;
    std::size_t offset = 0;
    while (offset < text.size())
    {
        ssize_t written = ::write(_fd, text.data() + offset, text.size() - offset);
        if (written <= 0)
        {
            if (written < 0 && errno == EINTR)
            {
                continue;
            }
            break; // a full disk must not stop the gateway; the lines are lost
        }
        offset += static_cast<std::size_t>(written);
    }
    text.clear();
}

void AccessLog::flushAll()
{
    for (unsigned i = 0; i < _buffers.size(); ++i)
    {
        flush(i);
    }
}

} // namespace portico::log
