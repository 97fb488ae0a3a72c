#pragma once

// The caller's part of a Redis key (a consumer, an address, a header value): "=" and the value
// itself while it is short, "#" and its SHA-256 when it is long, so a client cannot make the
// gateways store arbitrarily long keys in Redis.

#include "util/Buffer.h"

#include <string>
#include <string_view>

namespace portico::redis
{

std::string boundedKeyPart(std::string_view value);

// Appends prefix, the caller's bounded part and suffix as one RESP bulk string, with no string
// made on the way (the request path writes one per cluster check).
void appendKeyBulk(util::Buffer& out, std::string_view prefix, std::string_view caller,
                   std::string_view suffix);

} // namespace portico::redis
