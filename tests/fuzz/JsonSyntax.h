#pragma once

// A strict reader of JSON text for the fuzz targets' properties: RFC 8259 grammar, strings of valid
// UTF-8 with no raw control characters, numbers of any length. POCO's parser is not enough to say
// "this is JSON": it refuses an integer beyond 64 bits, which the soap adapter writes on purpose
// (decimals keep every digit of the lexical value).

#include <string>
#include <string_view>
#include <vector>

namespace portico::fuzz
{

// True when text is one JSON value with optional surrounding whitespace; otherwise false with a
// reason. When the value is an object and names is not null, names receives its members' names
// as written (escapes not decoded).
bool readJson(std::string_view text, std::string& error, std::vector<std::string>* names = nullptr);

} // namespace portico::fuzz
