#pragma once

// The JSON object a SOAP request is made from: the request body (empty means {}) merged with the
// route's path parameters (except the one that selects the operation) and the query parameters.
// Parameters arrive as strings; a query parameter given several times becomes an array. A name
// given in two places (body and query, path and body, …) is refused rather than silently
// resolved. Pure; thread-safe.

#include <Poco/JSON/Object.h>

#include <string>
#include <utility>
#include <vector>

namespace portico::soap
{

using NameValues = std::vector<std::pair<std::string, std::string>>;

// Returns false with a message for a 400 answer ("invalid JSON in the request body: …").
bool mergeRequestFields(const std::string& body, const NameValues& pathParams,
                        const std::string& selectorParam, const NameValues& queryParams,
                        Poco::JSON::Object::Ptr& fields, std::string& error);

} // namespace portico::soap
