#pragma once

// The store key of a request on a cached route: the route, the method a hit answers (HEAD is
// answered from GET's entry), the Host, the normalised path and the raw query, the values of the
// route's vary fields, the consumer unless the route's answers are public, and for a POST the
// SHA-256 of its body's canonical JSON. Fields are
// separated by '\n', which no request line or field value can hold, so two requests never make
// one key by shifting bytes between fields.

#include "cache/CacheSettings.h"
#include "pipeline/Exchange.h"

#include <string>

namespace portico::cache
{

// bodyDigest: empty for GET and HEAD.
void buildCacheKey(const std::string& route, const pipeline::Exchange& exchange,
                   const CacheSettings& settings, std::string_view bodyDigest, std::string& key);

} // namespace portico::cache
