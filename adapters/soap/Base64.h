#pragma once

// Base64 (RFC 4648, with padding) for WS-Security tokens and MTOM attachments, which travel as
// raw bytes on the wire but as base64 text in XML and JSON. Pure; thread-safe.

#include <string>
#include <string_view>

namespace portico::soap
{

std::string encodeBase64(std::string_view bytes);

// Decodes text, ignoring XML white space between the characters (xs:base64Binary allows it).
// Returns false when text is not base64.
bool decodeBase64(std::string_view text, std::string& bytes);

} // namespace portico::soap
