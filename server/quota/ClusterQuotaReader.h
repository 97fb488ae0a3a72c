#pragma once

// Reads what callers used of cluster quotas, for the admin API: one blocking connection to the
// shared Redis per admin request (the admin listener has threads of its own; event loops never
// come here), with the configured timeout for connecting and for the answer.

#include "quota/ClusterQuota.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portico::quota
{

struct ClusterQuotaRead
{
    std::string key;                   // the Redis key asked for
    std::optional<std::uint64_t> used; // unset when Redis could not be asked
};

// The counts of keys (ClusterQuota::redisKey) on the Redis of settings, in keys' order; error says
// why they could not be read (then every used is unset). A key Redis does not have counts 0.
std::vector<ClusterQuotaRead> readClusterCounts(const redis::RedisSettings& settings,
                                                const std::vector<std::string>& keys, std::string& error);

} // namespace portico::quota
