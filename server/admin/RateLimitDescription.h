#pragma once

// GET /admin/ratelimits: each rate-limited route's limits (scope, key, the numbers), how many of its
// requests were decided without Redis because it failed (admitted when failure="open", refused when
// "closed"), and the process's Redis calls and failures.

#include "runtime/Runtime.h"

#include <string>

namespace portico::admin
{

std::string describeRateLimits(const runtime::Runtime& runtime);

} // namespace portico::admin
