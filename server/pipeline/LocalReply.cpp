#include "pipeline/LocalReply.h"

#include "http/Problem.h"

namespace portico::pipeline
{

void describeLocalReply(const LocalReply& reply, std::string_view requestId, ResponseHead& head,
                        util::Buffer& body)
{
    head.clear();
    head.status = reply.status;
    body.clear();
    if (reply.isProblem() && reply.status >= 400)
    {
        http::writeProblemBody(reply.status, reply.detail, requestId, reply.extensionMembers, body);
        head.addView("Content-Type", "application/problem+json");
    }
    else
    {
        body.append(reply.body);
        if (!reply.contentType.empty())
        {
            head.add("Content-Type", reply.contentType);
        }
    }
    for (const auto& [name, value] : reply.headers)
    {
        head.add(name, value);
    }
    // A 204 or 304 has no body, so no length to state (RFC 9110 8.6).
    const bool bodiless = reply.status == 204 || reply.status == 304;
    head.bodyLength = bodiless ? BodyLength::None : BodyLength::Known;
    head.contentLength = bodiless ? 0 : body.size();
    head.closeAfter = reply.closeConnection;
}

} // namespace portico::pipeline
