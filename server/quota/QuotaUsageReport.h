#pragma once

// What one consumer used of every quota counted by consumer, for GET /admin/consumers/{name}:
// local quotas from this node's counters, cluster quotas from the shared Redis (asked once per
// Redis server, with the configured timeout; when it cannot be asked, "used" is null and "error"
// says why).

#include <Poco/JSON/Array.h>

#include <string>

namespace portico::quota
{

Poco::JSON::Array consumerQuotaUsage(const std::string& consumer);

} // namespace portico::quota
