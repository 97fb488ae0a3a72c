#pragma once

// The parts of an HTTP request a request codec reads, independent of the plugin ABI so that the
// codecs can be tested without the gateway.
//
// A view, not a copy: the members refer to the request's own storage, which outlives the
// synchronous encoding that reads them, so nothing is copied per request. Never keep one past
// the call it was made for.

#include <string>
#include <utility>
#include <vector>

namespace portico::tcp
{

// The same type as plugin::Parameters, so the request's vectors bind without conversion.
using NameValues = std::vector<std::pair<std::string, std::string>>;

struct RequestData
{
    const std::string& body;
    const NameValues& pathParams;  // bound by the route's path template, decoded
    const NameValues& queryParams; // in order, decoded
};

} // namespace portico::tcp
