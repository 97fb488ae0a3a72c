#include "proxy/ForwardedHeadWriter.h"

#include "http/HeaderRules.h"
#include "http/StatusText.h"

namespace portico::proxy
{

namespace
{

// Fields the gateway writes itself, so the client's (or upstream's) copies are dropped.
bool replacedOnRequest(std::string_view name)
{
    // Asked for every forwarded field: the length picks the candidates.
    switch (name.size())
    {
    case 4:
        return util::equalsIgnoreCase(name, "host");
    case 6:
        return util::equalsIgnoreCase(name, "expect");
    case 11:
        return util::equalsIgnoreCase(name, "traceparent");
    case 12:
        return util::equalsIgnoreCase(name, "x-request-id");
    case 14:
        return util::equalsIgnoreCase(name, "content-length");
    case 15:
        return util::equalsIgnoreCase(name, "x-forwarded-for");
    case 16:
        return util::equalsIgnoreCase(name, "x-forwarded-host");
    case 17:
        return util::equalsIgnoreCase(name, "x-forwarded-proto");
    default:
        return false;
    }
}

bool replacedOnResponse(std::string_view name)
{
    return util::equalsIgnoreCase(name, "content-length") || util::equalsIgnoreCase(name, "x-request-id");
}

void appendField(std::string_view name, std::string_view value, util::Buffer& out)
{
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
}

} // namespace

void writeUpstreamRequestHead(const pipeline::Exchange& exchange, std::string_view path,
                              std::string_view host, util::Buffer& out, UpstreamBodyFraming& framing)
{
    const http::HttpHead& request = exchange.request;
    out.append(request.method);
    out.append(' ');
    out.append(path);
    out.append(" HTTP/1.1\r\n");
    appendField("Host", host, out);

    const http::ForwardingFilter hopByHop(request);
    std::string_view priorForwardedFor;
    for (const http::HeaderField& field : request.headers)
    {
        if (util::equalsIgnoreCase(field.name, "x-forwarded-for"))
        {
            priorForwardedFor = field.value; // only the last one counts; proxies append to it
        }
        if (replacedOnRequest(field.name) || hopByHop.drops(field.name) ||
            (exchange.trace.startedHere() && util::equalsIgnoreCase(field.name, "tracestate")))
        {
            continue;
        }
        appendField(field.name, field.value, out);
    }
    appendField("X-Request-Id", exchange.requestId, out);
    if (exchange.trace.valid)
    {
        // The gateway's span is the upstream's parent.
        char traceparent[55];
        exchange.trace.formatForUpstream(traceparent);
        appendField("traceparent", std::string_view(traceparent, sizeof traceparent), out);
    }
    out.append("X-Forwarded-For: ");
    if (!priorForwardedFor.empty())
    {
        out.append(priorForwardedFor);
        out.append(", ");
    }
    // The address this hop received the request from; behind trusted proxies the chain then
    // still shows every hop.
    out.append(*exchange.peerIp);
    out.append("\r\n");
    appendField("X-Forwarded-Proto", exchange.secure ? "https" : "http", out);
    if (!exchange.host.empty())
    {
        appendField("X-Forwarded-Host", exchange.host, out);
    }
    if (request.chunked)
    {
        framing = UpstreamBodyFraming::Chunked;
        out.append("Transfer-Encoding: chunked\r\n");
    }
    else if (request.hasContentLength)
    {
        framing = UpstreamBodyFraming::ContentLength;
        out.append("Content-Length: ");
        out.appendDecimal(request.contentLength);
        out.append("\r\n");
    }
    else
    {
        framing = UpstreamBodyFraming::None;
    }
    out.append("\r\n");
}

void describeUpstreamResponse(const http::HttpHead& response, bool requestIsHead,
                              pipeline::ResponseHead& head)
{
    head.status = response.status;
    head.reason = response.reason;
    const http::ForwardingFilter hopByHop(response);
    for (const http::HeaderField& field : response.headers)
    {
        if (replacedOnResponse(field.name) || hopByHop.drops(field.name))
        {
            continue;
        }
        head.addView(field.name, field.value);
    }
    bool noBody = requestIsHead || response.status == 204 || response.status == 304 ||
                  (response.status >= 100 && response.status < 200);
    if (response.hasContentLength)
    {
        head.bodyLength = pipeline::BodyLength::Known;
        head.contentLength = response.contentLength;
    }
    else
    {
        head.bodyLength = noBody ? pipeline::BodyLength::None : pipeline::BodyLength::Unknown;
    }
}

} // namespace portico::proxy
