#pragma once

// The answers made from a stored entry: a hit (X-Cache: HIT), a 304 to a conditional request the
// entry satisfies, and a stale answer when the back end failed (X-Cache: STALE). Each carries the
// entry's end-to-end fields and its Age.

#include "cache/CachedResponse.h"
#include "http/HttpHead.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"

#include <cstdint>

namespace portico::cache
{

pipeline::LocalReply replyFromEntry(const CachedResponse& entry, std::int64_t now, const char* xCache);

// True when the request's If-None-Match (or, without one, If-Modified-Since) is satisfied by the
// entry's validators (RFC 9110 §13.1.2, §13.1.3; weak comparison for If-None-Match).
bool satisfiesConditional(const http::HttpHead& request, const CachedResponse& entry);

// The 304 for such a request: the entry's validators and caching fields, no body.
pipeline::LocalReply notModifiedFromEntry(const CachedResponse& entry, std::int64_t now);

// A fresh entry's answer to request: 304 when its conditional is satisfied, else the hit.
pipeline::LocalReply answerFromEntry(const http::HttpHead& request, const CachedResponse& entry,
                                     std::int64_t now);

// The edit a paused exchange is resumed with when it is answered from an entry found for it
// elsewhere (its leader's, or the shared store's): it counts as a hit.
void markAnsweredFromStore(pipeline::Exchange& exchange);

// True when request has the values of the fields the origin's Vary named that the entry was stored with.
bool varyMatches(const CachedResponse& entry, const http::HttpHead& request);

} // namespace portico::cache
