#pragma once

// The parts of an HTTP request a request codec reads, independent of the plugin ABI so that the
// codecs can be tested without the gateway. Plain value.

#include <string>
#include <utility>
#include <vector>

namespace portico::tcp
{

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct RequestData
{
    std::string body;
    NameValues pathParams;  // bound by the route's path template, decoded
    NameValues queryParams; // in order, decoded
};

} // namespace portico::tcp
