#pragma once

// The 400 answer of an admin call whose query the gateway cannot take (its detail says which
// parameter and what it accepts).

#include "store/ConsumerAdmin.h"

#include <string>

namespace portico::admin
{

inline store::AdminAnswer badRequest(std::string detail)
{
    store::AdminAnswer answer;
    answer.status = 400;
    answer.detail = std::move(detail);
    return answer;
}

} // namespace portico::admin
