#pragma once

// One request's cluster-scope check in flight: sent to the loop's Redis connection, it resumes the
// paused exchange with the script's verdict. Admitted: on to the next policy, with the RateLimit-*
// numbers of the tightest limit. Refused: 429, and the route's local limits get back what they
// took. Redis failed (unreachable, slow, an error): counted, then admitted or answered 503 as
// <redis failure> says. A server that has not seen the script yet is sent its text once.

#include "pipeline/ResumeToken.h"
#include "ratelimit/RouteLimits.h"
#include "redis/RespReply.h"

#include <memory>
#include <string>
#include <string_view>

namespace portico::ratelimit
{

struct ClusterCall
{
    std::shared_ptr<const RouteLimits> limits;
    pipeline::ResumeToken token;
    RouteLimits::Charges charges{};
    pipeline::RateLimitStatus local; // the local limits' tightest status
    std::string keysAndArguments;    // the script's keys and arguments, as RESP bulk strings
    Micros now = 0;
    bool sentText = false;

    // Sends the call on this loop's connection (EVALSHA, or EVAL once the server asked for it).
    void send();
    void operator()(const redis::RespReply* reply, std::string_view failure);

private:
    void withoutRedis(std::string_view failure);
};

} // namespace portico::ratelimit
