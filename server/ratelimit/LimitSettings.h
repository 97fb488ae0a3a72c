#pragma once

// One <rateLimit> element as read from the configuration, and the reading of a route's elements.

#include "ratelimit/Gcra.h"

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace portico::config
{
class LoadContext;
struct RedisConfig;
} // namespace portico::config

namespace portico::ratelimit
{

enum class KeyKind
{
    Consumer, // the authenticated consumer's name
    Ip,       // the client's address
    Route,    // one bucket for the whole route
    Header,   // a request header's value (absent: one bucket for all requests without it)
};

struct LimitSettings
{
    std::uint64_t requests = 0;
    Micros per = 0;
    std::uint64_t burst = 0;
    KeyKind key = KeyKind::Ip;
    std::string header; // for KeyKind::Header
    std::size_t keys = 10000;
    bool cluster = false;    // scope="cluster": shared through Redis
    std::string description; // "5 requests per 1s", for the 429's detail
};

// Reads one <rateLimit>; false after reporting its errors. redis says whether scope="cluster" can work.
bool parseLimitSettings(config::LoadContext& context, const pugi::xml_node& element,
                        const config::RedisConfig& redis, LimitSettings& limit);

} // namespace portico::ratelimit
