#pragma once

// Whether an answer may be stored, and the entry to fill when it may. Stored: a GET's (or an
// allowed POST's) answer from
// the handler (never the gateway's own), with a status RFC 9111 lets a cache keep without an
// explicit permission (200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501), no Set-Cookie,
// no "no-store", "private" or "no-cache" in its Cache-Control, no "Vary: *", a freshness
// lifetime above zero, and a body no larger than the store keeps. The head's end-to-end fields
// are kept; framing, hop-by-hop fields, Age and the gateway's own fields are not.

#include "cache/CacheSettings.h"
#include "cache/CachedResponse.h"
#include "pipeline/Exchange.h"
#include "pipeline/ResponseHead.h"

#include <cstdint>
#include <memory>
#include <string>

namespace portico::cache
{

struct CaptureInput
{
    const pipeline::ResponseHead& head;
    const pipeline::Exchange& exchange;
    const CacheSettings& settings;
    const std::shared_ptr<const std::string>& route;
    std::string key;
    std::int64_t requestTime = 0; // epoch seconds
    std::int64_t now = 0;
    std::size_t maxEntryBytes = 0;
};

// Null when the answer must not be stored. The body is appended as it passes.
std::unique_ptr<CapturedResponse> startCapture(CaptureInput input);

} // namespace portico::cache
