#pragma once

// The JSON object a fixed record is made from: the request body (empty means {}) merged with the
// path parameters and the query parameters, which arrive as strings. A name given in two places,
// or a query parameter given twice, is refused rather than silently resolved. Pure; thread-safe.

#include "tcp/RequestData.h"

#include <Poco/JSON/Object.h>

#include <functional>
#include <string>

namespace portico::tcp
{

class RequestFields
{
public:
    // Returns false with a message for a 400 answer ("the request body is not valid JSON: …").
    // Only the path parameters isPathField accepts are merged: a route's template may bind names
    // that are not fields, and filtering here spares the caller a copy of the rest.
    static bool merge(const std::string& body, const NameValues& pathParams,
                      const std::function<bool(const std::string& name)>& isPathField,
                      const NameValues& queryParams, Poco::JSON::Object::Ptr& fields, std::string& error);
};

} // namespace portico::tcp
