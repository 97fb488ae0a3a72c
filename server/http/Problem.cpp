#include "http/Problem.h"

#include "http/StatusText.h"
#include "util/JsonEscape.h"

#include <cstdio>

namespace portico::http
{

void appendJsonEscaped(std::string_view s, util::Buffer& out)
{
    util::appendJsonEscaped(s, out);
}

void writeProblemBody(int status, std::string_view detail, std::string_view requestId,
                      std::string_view extensionMembers, util::Buffer& body)
{
    std::string_view title = reasonPhrase(status);
    char number[16];
    int numberLength = std::snprintf(number, sizeof number, "%d", status);
    body.append("{\"type\":\"about:blank\",\"title\":\"");
    appendJsonEscaped(title, body);
    body.append("\",\"status\":");
    body.append(number, static_cast<std::size_t>(numberLength));
    body.append(",\"detail\":\"");
    appendJsonEscaped(detail, body);
    body.append("\",\"requestId\":\"");
    appendJsonEscaped(requestId, body);
    body.append('"');
    if (!extensionMembers.empty())
    {
        body.append(',');
        body.append(extensionMembers);
    }
    body.append('}');
}

void writeProblem(const ProblemResponse& problem, util::Buffer& out)
{
    util::Buffer body;
    writeProblemBody(problem.status, problem.detail, problem.requestId, problem.extensionMembers, body);
    std::string_view title = reasonPhrase(problem.status);
    char head[256];
    int headLength = std::snprintf(head, sizeof head,
                                   "HTTP/1.1 %d %.*s\r\nContent-Type: application/problem+json\r\n"
                                   "Content-Length: %zu\r\nX-Request-Id: ",
                                   problem.status, static_cast<int>(title.size()), title.data(), body.size());
    out.append(head, static_cast<std::size_t>(headLength));
    out.append(problem.requestId);
    out.append("\r\n");
    out.append(problem.extraHeaders);
    if (problem.close)
    {
        out.append("Connection: close\r\n");
    }
    out.append("\r\n");
    if (!problem.headOnly)
    {
        out.append(body.view());
    }
}

} // namespace portico::http
