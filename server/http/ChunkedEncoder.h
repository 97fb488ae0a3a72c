#pragma once

// Writing the chunked transfer coding (RFC 9112 7.1): a response body of unknown length to an
// HTTP/1.1 client, a chunked request body to an upstream.

#include "util/Buffer.h"

#include <cstddef>
#include <string_view>

namespace portico::http
{

// One chunk around data; nothing for an empty piece, which would read as the end of the body.
void appendChunk(const char* data, std::size_t length, util::Buffer& out);

inline constexpr std::string_view lastChunk = "0\r\n\r\n";

} // namespace portico::http
