#include "log/AccessLog.h"

#include "net/EventLoop.h"
#include "pipeline/Exchange.h"
#include "util/JsonEscape.h"
#include "util/WallClock.h"

#include <cstdio>

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

AccessLog::AccessLog(const config::AccessLogConfig& config, unsigned loops)
    : _buffers(loops), _file(config.path, "access log")
{
}

AccessLog::~AccessLog()
{
    flushAll();
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
    _file.append(text.data(), text.size()); // on a full disk the lines are lost, the gateway goes on
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
