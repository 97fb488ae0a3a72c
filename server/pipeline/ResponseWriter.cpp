#include "pipeline/ResponseWriter.h"

#include "http/HeaderRules.h"
#include "http/StatusText.h"

namespace portico::pipeline
{

ClientFraming writeResponseHead(const ResponseHead& head, const http::HttpHead& request, bool isHead,
                                std::string_view requestId, bool keepAlive, util::Buffer& out)
{
    ClientFraming framing;
    out.append("HTTP/1.1 ");
    out.appendDecimal(static_cast<std::uint64_t>(head.status));
    out.append(' ');
    out.append(head.reason.empty() ? http::reasonPhrase(head.status) : head.reason);
    out.append("\r\n");
    for (const http::HeaderField& field : head.fields)
    {
        out.append(field.name);
        out.append(": ");
        out.append(field.value);
        out.append("\r\n");
    }
    bool statusHasNoBody = head.status == 204 || head.status == 304 || head.status < 200;
    framing.noBody = isHead || statusHasNoBody || head.bodyLength == BodyLength::None;
    if (head.status == 204 || head.status < 200)
    {
        // never a Content-Length (RFC 9110 8.6)
    }
    else if (head.bodyLength == BodyLength::Known)
    {
        // Also on HEAD and 304, where it describes the body a GET would get.
        out.append("Content-Length: ");
        out.appendDecimal(head.contentLength);
        out.append("\r\n");
    }
    else if (head.bodyLength == BodyLength::None && !statusHasNoBody && !isHead)
    {
        out.append("Content-Length: 0\r\n");
    }
    else if (!framing.noBody)
    {
        if (request.versionMinor >= 1)
        {
            framing.chunked = true;
            out.append("Transfer-Encoding: chunked\r\n");
        }
        else
        {
            framing.close = true; // an HTTP/1.0 client learns the end of the body from the close
        }
    }
    out.append("X-Request-Id: ");
    out.append(requestId);
    out.append("\r\n");
    framing.close = framing.close || !keepAlive;
    out.append(http::responseConnectionField(request, !framing.close));
    out.append("\r\n");
    return framing;
}

} // namespace portico::pipeline
