#pragma once

// <cache ttl vary staleIfError public/> of one route:
// - ttl: how long an answer stays fresh when the origin says nothing about it (its Cache-Control
//   or Expires wins); absent, only answers that state their freshness are stored;
// - vary: request header fields that tell answers apart ("Accept-Language, X-Region"), on top of
//   the origin's own Vary;
// - staleIfError: how long past its freshness an answer may still be served when the back end
//   fails, times out or its circuit breaker is open (X-Cache: STALE);
// - public: an authenticating route's answers are the same for every consumer, so one entry
//   serves them all (by default each consumer has its own);
// - methods: "GET" (the default; HEAD is answered from GET's entries) or "GET,POST", for legacy
//   reads that arrive as POST (a SOAP GetCustomer): a POST is then keyed by its path and its JSON
//   body in canonical form;
// - shared: entries are shared with the other gateways through <redis> (SharedCache).

#include "config/LoadContext.h"

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace portico::cache
{

struct CacheSettings
{
    std::int64_t ttlSeconds = 0;
    std::int64_t staleIfErrorSeconds = 0;
    std::vector<std::string> vary; // field names, lower case, in the order given
    bool sharedAcrossConsumers = false;
    bool post = false;   // POST answers are cached too
    bool shared = false; // through the <redis> every gateway shares, behind the memory store
};

// False with the errors reported at the element.
bool parseCacheSettings(config::LoadContext& context, const pugi::xml_node& element, CacheSettings& settings);

} // namespace portico::cache
