#pragma once

// GET /metrics: the request series (RequestMetrics) and the audit writer's state in Prometheus'
// text format (version 0.0.4), as `promtool check metrics` accepts it: every family with HELP and
// TYPE, label values escaped, histogram buckets cumulative and ending at +Inf.

#include <string>

namespace portico::metrics
{

inline constexpr const char* expositionContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string exposition();

} // namespace portico::metrics
