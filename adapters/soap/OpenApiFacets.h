#pragma once

// The facets of a simple type (SimpleFacets) as OpenAPI 3.0 schema keywords, for OpenApiBuilder.
// Only facets that have a keyword with the same meaning are written: minLength/maxLength for
// strings (OpenAPI counts characters, as XSD does for strings, but not octets of binary values),
// pattern (the checked patterns, anchored), and minimum/maximum with the boolean
// exclusiveMinimum/exclusiveMaximum of OpenAPI 3.0 for numbers. Digit counts have none.

#include "soap/SchemaModel.h"

#include <Poco/JSON/Object.h>

namespace portico::soap
{

// Adds the keywords to schema, replacing a built-in's own minimum/maximum where a facet narrows it.
void describeFacets(const SimpleType& type, Poco::JSON::Object& schema);

} // namespace portico::soap
