#pragma once

// XML -> JSON without a schema (routes without a WSDL, and SOAP fault details): every leaf value
// is a string, repeated sibling elements become arrays, attributes become "@name" (namespace
// declarations and xsi:* attributes are dropped), text beside child elements becomes "#text",
// xsi:nil="true" becomes null, an empty element with no attributes becomes "". Namespace
// prefixes are dropped. The result is appended to json as JSON text (JsonText.h). Pure;
// thread-safe.

#include <pugixml.hpp>

#include <string>

namespace portico::soap
{

// Elements nested deeper than this are refused (a reply is not allowed to exhaust the stack).
inline constexpr int maxReplyDepth = 128;

// The value of one element. Returns false (error set) when the reply nests too deeply; json is
// then incomplete.
bool untypedValue(pugi::xml_node element, std::string& json, std::string& error, int depth = 0);

// The attributes, children and text of element as an object (even when it holds only text).
bool untypedContent(pugi::xml_node element, std::string& json, std::string& error, int depth = 0);

// True for attributes that carry no data: xmlns declarations and xsi:* (nil, type, schemaLocation).
bool isMarkupAttribute(pugi::xml_node owner, pugi::xml_attribute attribute);

} // namespace portico::soap
