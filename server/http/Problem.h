#pragma once

// Errors made by the gateway are application/problem+json (RFC 9457) with type, title,
// status, detail and requestId.

#include "util/Buffer.h"

#include <string_view>

namespace portico::http
{

// Appends the problem document (the body alone) to out.
void writeProblemBody(int status, std::string_view detail, std::string_view requestId,
                      std::string_view extensionMembers, util::Buffer& out);

// Appends s to out as the inside of a JSON string (quotes, backslashes, control bytes escaped).
void appendJsonEscaped(std::string_view s, util::Buffer& out);

} // namespace portico::http
