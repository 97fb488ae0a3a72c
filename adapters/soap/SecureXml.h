#pragma once

// The one way the adapter parses XML (WSDLs, schemas, SOAP replies, its own configuration).
// pugixml with default flags silently skips a DOCTYPE and leaves entity references as text; this
// parses with parse_doctype and refuses any document that has one, so no DTD, internal subset or
// entity (billion laughs, external entities) is ever half-processed. Thread-safe (no state).

#include <pugixml.hpp>

#include <string>

namespace portico::soap
{

// Parses text into doc. On failure returns false and sets error to a one-line reason
// ("not well-formed XML at line 3: …" or "a DOCTYPE declaration is not allowed …").
// Whitespace-only text is kept when it is an element's only content.
bool parseXml(const std::string& text, pugi::xml_document& doc, std::string& error);

// The 1-based line of a byte offset in text.
int lineAt(const std::string& text, std::ptrdiff_t offset);

} // namespace portico::soap
