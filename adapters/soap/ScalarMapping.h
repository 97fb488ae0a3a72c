#pragma once

// Conversion of single values between JSON and XSD simple types, both ways. Pure; thread-safe.
//
// JSON -> XSD (requests). A value is accepted when it denotes a valid value of the type:
// - JSON numbers for numeric types: integers must be whole and in range (5.0 is 5; 5.5 is refused);
//   doubles are written in their shortest exact form (decimals without an exponent). JSON numbers
//   with more than 17 significant digits lose precision in the JSON parser: send exact decimals
//   as strings.
// - JSON strings for any type, if the string is exactly a valid lexical value: "5" for an xs:int,
//   "true" or "1" for xs:boolean, "2024-02-29" for xs:date. No trimming: " 5" is refused.
// - JSON booleans for xs:boolean; booleans and numbers for string types (written as in JSON).
// - objects, arrays and null never (the caller handles null / nil).
// Then strings must be XML-legal UTF-8, and the enumeration and the other facets of the type are
// checked (FacetCheck).
//
// XSD -> JSON (replies): integer and decimal/double/float values become JSON numbers written
// from the lexical value (exact); INF/-INF/NaN stay strings; booleans become true/false;
// everything else a string. Whitespace around non-string values is ignored.

#include "soap/SchemaModel.h"

#include <Poco/Dynamic/Var.h>

#include <string>
#include <string_view>

namespace portico::soap
{

// On failure, problem is the whole message without the field path, e.g.
// "expected xs:int, got \"abc\"".
bool jsonToLexical(const Poco::Dynamic::Var& value, const SimpleType& type, std::string& lexical,
                   std::string& problem);

// Appends the JSON value of text to json (written straight as JSON text: see JsonText.h). On
// failure, problem is e.g. "expected xs:int, got \"abc\"".
bool lexicalToJsonText(std::string_view text, const SimpleType& type, std::string& json,
                       std::string& problem);

} // namespace portico::soap
