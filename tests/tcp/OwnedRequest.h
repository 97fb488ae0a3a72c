#pragma once

// Storage for the parts of a request a test feeds to a codec or route: RequestData only refers
// to them, as the adapter's does to the gateway's request.

#include "tcp/RequestData.h"

#include <string>

namespace portico::tcp::test
{

struct OwnedRequest
{
    std::string body;
    NameValues pathParams;
    NameValues queryParams;

    // Valid while this object lives; a temporary lives to the end of the full expression.
    RequestData view() const { return RequestData{body, pathParams, queryParams}; }
};

} // namespace portico::tcp::test
