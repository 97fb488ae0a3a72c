#pragma once

// The answer of a gateway whose <redis failure="closed"> check could not be made: 503, with a
// short Retry-After (Redis outages the gateways notice are usually short), naming the failure.

#include "pipeline/LocalReply.h"

#include <string_view>

namespace portico::redis
{

// counted: what the shared store counts ("rate-limit", "quota").
pipeline::LocalReply redisUnavailableReply(std::string_view counted, std::string_view failure);

} // namespace portico::redis
