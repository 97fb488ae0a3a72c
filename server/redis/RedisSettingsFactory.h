#pragma once

// The <redis> element as the Redis clients use it: resolved once, when the configuration loads,
// so a call never resolves a name on an event loop.

#include "config/Config.h"
#include "config/LoadContext.h"
#include "redis/RedisConnection.h"

#include <memory>

namespace portico::redis
{

// Null, with the error reported at <redis>, when its address does not resolve.
std::shared_ptr<const RedisSettings> redisSettingsFor(const config::RedisConfig& redis,
                                                      config::LoadContext& context);

} // namespace portico::redis
