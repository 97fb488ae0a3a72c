#pragma once

// How long a stored response stays fresh and how old it is, as RFC 9111 §4.2 computes them for a
// shared cache: the lifetime from s-maxage, else max-age, else Expires minus Date, else the
// route's ttl (which stands in for a heuristic); the age from the Age and Date the origin sent,
// the request's round trip and the time the response has been stored. Seconds throughout.

#include "cache/CacheControl.h"

#include <cstdint>
#include <optional>

namespace portico::cache
{

struct ResponseTiming
{
    std::int64_t requestTime = 0;        // when the request left for the origin
    std::int64_t responseTime = 0;       // when the response arrived
    std::optional<std::int64_t> date;    // its Date field
    std::optional<std::int64_t> age;     // its Age field
    std::optional<std::int64_t> expires; // its Expires field; an invalid one counts as the past
    bool expiresPresent = false;
};

// §4.2.1. routeTtl is used only when the response says nothing about its freshness.
std::int64_t freshnessLifetime(const CacheControl& control, const ResponseTiming& timing,
                               std::int64_t routeTtl);

// §4.2.3: the age the response had when it was stored (corrected_initial_age).
std::int64_t initialAge(const ResponseTiming& timing);

// §4.2.3: its age now.
inline std::int64_t currentAge(std::int64_t initial, std::int64_t responseTime, std::int64_t now)
{
    return initial + (now > responseTime ? now - responseTime : 0);
}

} // namespace portico::cache
