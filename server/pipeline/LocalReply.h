#pragma once

// An answer the gateway makes itself instead of the handler: a refusal (401, 403, 429, …) as
// problem+json, or a complete normal response (a cache hit, a CORS preflight). It goes through
// the response hooks of the policies that already ran, and the one response writer.

#include "pipeline/ResponseHead.h"
#include "util/Buffer.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::pipeline
{

struct LocalReply
{
    int status = 0;
    // problem+json "detail" when body is empty (and the answer is a problem document).
    std::string detail;
    // Extra JSON members of the problem document, valid JSON without braces ("\"a\":1").
    std::string extensionMembers;
    std::vector<std::pair<std::string, std::string>> headers;
    // A normal answer: when contentType is set the body is sent as it is, not as a problem.
    std::string contentType;
    std::string body;
    // The connection closes after it (the request's framing could not be trusted).
    bool closeConnection = false;

    LocalReply& header(std::string name, std::string value)
    {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    bool isProblem() const { return contentType.empty(); }
};

// The reply as a response head and its body: a problem document (RFC 9457: type, title, status,
// detail, requestId and the extension members) for an error without a body of its own, else the
// body as given. The one writer then serialises the head like any other.
void describeLocalReply(const LocalReply& reply, std::string_view requestId, ResponseHead& head,
                        util::Buffer& body);

} // namespace portico::pipeline
