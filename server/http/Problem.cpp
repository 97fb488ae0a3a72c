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

} // namespace portico::http
