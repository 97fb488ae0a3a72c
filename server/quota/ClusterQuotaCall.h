#pragma once

// One request's cluster quota charge in flight: sent on the loop's Redis connection, it resumes
// the paused exchange with the script's verdict. Admitted: on to the next policy. Refused: 429
// with Retry-After until the period ends. Redis failed (unreachable, slow, an error): counted,
// then admitted or answered 503 as <redis failure> says. A server that has not seen the script
// yet is sent its text once.

#include "pipeline/ResumeToken.h"
#include "quota/ClusterQuota.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace portico::quota
{

struct ClusterQuotaCall
{
    std::shared_ptr<const ClusterQuota> quota;
    pipeline::ResumeToken token;
    std::string keyAndArguments; // the script's key and arguments, as RESP bulk strings
    std::int64_t periodEnds = 0; // epoch seconds
    std::int64_t now = 0;        // epoch seconds
    bool sentText = false;

    void send();
    void operator()(const redis::RespReply* reply, std::string_view failure);

private:
    void withoutRedis(std::string_view failure);
};

} // namespace portico::quota
