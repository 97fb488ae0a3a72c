#pragma once

// The fixed, named places a policy can take in a route's chain. Request hooks run in this order,
// response hooks in the reverse one; inside a slot, policies keep the order the configuration
// gives. Fixed slots keep the order readable in one place instead of in priority numbers spread
// over modules (is an IP filter before authentication? does a cache hit count against a limit?).

#include <cstddef>
#include <string_view>

namespace portico::pipeline
{

enum class Slot : unsigned char
{
    Edge,           // IP allow/deny, CORS preflight
    Authentication, // mTLS, API key, Basic, JWT: sets the consumer
    Authorization,  // groups, scopes
    Admission,      // rate limits, concurrency
    Quota,          // quotas: counted only for requests every admission check let through
    Transforms,     // request and response rewriting (<headers>)
    Cache,          // answers from the store, or stores the handler's answer
    Guard,          // circuit breaker, right before the handler
};

inline constexpr std::size_t slotCount = 8;

inline std::string_view slotName(Slot slot)
{
    static constexpr std::string_view names[slotCount] = {
        "edge", "authentication", "authorization", "admission", "quota", "transforms", "cache", "guard"};
    return names[static_cast<std::size_t>(slot)];
}

} // namespace portico::pipeline
