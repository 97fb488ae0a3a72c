#pragma once

// What GET /admin/routes and GET /admin/upstreams answer: the live configuration's routes (their
// match, handler and policies in slot order) and each upstream target's health as the balancers
// see it now. JSON text; read on the admin listener's threads from the running Runtime.

#include "runtime/Runtime.h"
#include "util/Clock.h"

#include <string>

namespace portico::admin
{

std::string describeRoutes(const runtime::Runtime& runtime);
std::string describeUpstreams(const runtime::Runtime& runtime, util::MonoMillis now);

} // namespace portico::admin
