#pragma once

// The values a fixed record is made from: the request body's JSON object (a blank body is {})
// merged with the path parameters and the query parameters, which arrive as strings. A name given
// in two places, or a query parameter given twice, is refused rather than silently resolved.
//
// Only a body is parsed: the parameters are read where the request holds them, so a GET with its
// fields in the path allocates nothing here. Borrows from the RequestData it was merged from:
// never keep one past that call.

#include "tcp/FieldFormatter.h"
#include "tcp/RequestData.h"

#include <Poco/JSON/Object.h>
#include <boost/container/small_vector.hpp>

#include <functional>
#include <string>

namespace portico::tcp
{

class RequestFields
{
public:
    enum class Lookup
    {
        Missing, // not given
        Found,   // given; the value is filled
        Invalid, // given as something no field can hold (an array, an object); problem says so
    };

    // Returns false with a message for a 400 answer ("the request body is not valid JSON: …").
    // Only the path parameters isPathField accepts are merged: a route's template may bind names
    // that are not fields.
    bool merge(const RequestData& request, const std::function<bool(const std::string& name)>& isPathField,
               std::string& error);

    Lookup find(const std::string& name, FieldValue& value, std::string& problem) const;
    // The first name given that known refuses, or null.
    const std::string* unknownName(const std::function<bool(const std::string& name)>& known) const;

private:
    bool given(const std::string& name) const;

    Poco::JSON::Object::Ptr _body; // null for a blank body
    // Name and value of each merged parameter, as the request holds them.
    boost::container::small_vector<std::pair<const std::string*, const std::string*>, 8> _parameters;
};

} // namespace portico::tcp
