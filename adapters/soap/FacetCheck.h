#pragma once

// Checks a request value against its simple type's facets (SimpleFacets): lengths, value bounds,
// digit counts and patterns. Called by jsonToLexical after the value is known to be a valid
// lexical value of the type. Pure; thread-safe. A type without facets costs one test; a value that
// passes allocates nothing, unless its whitespace must be normalized for the check or a pattern
// is matched (std::regex allocates its own state).

#include "soap/SchemaModel.h"

#include <Poco/Dynamic/Var.h>

#include <string>

namespace portico::soap
{

// lexical: the value as it will be sent; value: the JSON it came from (for the message). On a
// refusal, problem names the broken facet and the type that declared it, e.g.
// "expected at most 5 characters (maxLength of type 'Code'), got \"abcdefg\" (7 characters)".
bool checkFacets(const std::string& lexical, const SimpleType& type, const Poco::Dynamic::Var& value,
                 std::string& problem);

} // namespace portico::soap
