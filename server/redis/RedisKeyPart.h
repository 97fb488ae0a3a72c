#pragma once

// The caller's part of a Redis key (a consumer, an address, a header value): "=" and the value
// itself while it is short, "#" and its SHA-256 when it is long, so a client cannot make the
// gateways store arbitrarily long keys in Redis.

#include <string>
#include <string_view>

namespace portico::redis
{

std::string boundedKeyPart(std::string_view value);

} // namespace portico::redis
