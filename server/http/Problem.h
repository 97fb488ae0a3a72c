#pragma once

// Errors made by the gateway are application/problem+json (RFC 9457) with type, title,
// status, detail and requestId.

#include "util/Buffer.h"

#include <string_view>

namespace portico::http
{

struct ProblemResponse
{
    int status = 500;
    std::string_view detail;
    std::string_view requestId;
    std::string_view extraHeaders; // complete "Name: value\r\n" lines, e.g. "Allow: GET\r\n"
    std::string_view
        extensionMembers;  // extra JSON members (valid JSON, no braces), e.g. "\"faultcode\":\"Client\""
    bool close = false;    // adds "Connection: close"
    bool headOnly = false; // answer to HEAD: same headers, no body
};

// Appends the problem document (the body alone) to out.
void writeProblemBody(int status, std::string_view detail, std::string_view requestId,
                      std::string_view extensionMembers, util::Buffer& out);

// Appends a complete HTTP/1.1 response (head and body) to out.
void writeProblem(const ProblemResponse& problem, util::Buffer& out);

// Appends s to out as the inside of a JSON string (quotes, backslashes, control bytes escaped).
void appendJsonEscaped(std::string_view s, util::Buffer& out);

} // namespace portico::http
