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
    head.bodyLength = BodyLength::Known;
    head.contentLength = body.size();
    head.closeAfter = reply.closeConnection;
}

} // namespace portico::pipeline
