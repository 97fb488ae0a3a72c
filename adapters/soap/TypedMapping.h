#pragma once

// XML -> JSON following the schema (routes with a WSDL). For an element of complex type: its
// attributes become "@name" (typed), simple content or mixed text "#text", and each child
// element a member named after its local name, in schema order; a child whose maxOccurs > 1
// is always an array (empty when absent); a child that repeats although the schema says it
// occurs once also becomes an array, so nothing is lost. Simple values are typed (ScalarMapping.h).
// xsi:nil="true" gives null. Children the schema does not know (a newer service version) are
// mapped untyped, after the known ones (so are an xs:any's elements). An xs:anyType element is
// untyped unless its xsi:type names an XSD built-in; an element whose type has derived ones is
// mapped by the type its xsi:type names, given as "@xsi:type". A value that does not fit its type is an error
// naming the field: the reply does not match the WSDL. The result is appended to json as JSON text
// (JsonText.h); on failure json is incomplete. Pure; thread-safe.

#include "soap/FieldPath.h"
#include "soap/SchemaModel.h"

#include <pugixml.hpp>

#include <string>

namespace portico::soap
{

// The content of element (its attributes, text and children) per type, as a JSON object.
// xsiTypeName, when given, is written first as "@xsi:type" (the type the element names).
bool typedContent(pugi::xml_node element, const ComplexType& type, std::string& json, std::string& error,
                  const FieldPath& path = FieldPath(), int depth = 0, std::string_view xsiTypeName = {});

// The value of element per its declaration.
bool typedValue(pugi::xml_node element, const ElementDecl& decl, std::string& json, std::string& error,
                const FieldPath& path, int depth = 0);

} // namespace portico::soap
