#pragma once

// The admin API of the response store: POST /admin/cache/purge with {} (everything),
// {"route":"NAME"}, {"prefix":"/path"} or both (entries matching both), answering
// {"purged":N} (and with a shared cache "sharedPurged" or "sharedError"); GET /admin/cache with the
// store's entries, bytes, budget and evictions, and the shared cache's counters.

#include "cache/CacheStore.h"
#include "store/ConsumerAdmin.h"

#include <string>

namespace portico::admin
{

store::AdminAnswer purgeCache(cache::CacheStore& store, const std::string& body);
store::AdminAnswer describeCache(const cache::CacheStore& store);

} // namespace portico::admin
