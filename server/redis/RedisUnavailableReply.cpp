#include "redis/RedisUnavailableReply.h"

#include <string>

namespace portico::redis
{

pipeline::LocalReply redisUnavailableReply(std::string_view counted, std::string_view failure)
{
    pipeline::LocalReply answer;
    answer.status = 503;
    answer.detail = "the shared " + std::string(counted) + " store cannot be asked (" + std::string(failure) +
                    "), and this gateway refuses requests it cannot count";
    answer.header("Retry-After", "1");
    return answer;
}

} // namespace portico::redis
