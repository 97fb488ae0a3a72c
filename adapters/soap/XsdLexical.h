#pragma once

// Lexical checks of XSD simple values (what may be sent in, or read from, an element's text) and
// their JSON number form. Pure functions, thread-safe. Values are checked exactly as written: no
// whitespace is trimmed here (callers trim reply text for non-string types, as XSD's "collapse"
// facet says; request values must already be exact).

#include "soap/XsdBuiltin.h"

#include <string>
#include <string_view>

namespace portico::soap
{

// True when text is a valid lexical value of type. On a value that is well-formed but outside
// the type's range (an xs:int of 3000000000, a 31st of April) reason is set to "out of range" or
// "not a valid date"; otherwise it is left empty.
bool checkLexical(XsdBuiltin type, std::string_view text, std::string& reason);

// Rewrites a valid numeric lexical value as a JSON number with the same value, digit for digit
// ("+007.50" -> "7.50", ".5" -> "0.5", "5." -> "5", "1.E3" -> "1E3"). Returns false for values
// JSON cannot hold (INF, -INF, NaN).
bool toJsonNumber(std::string_view lexical, std::string& json);

// The shortest text that reads back as value; with allowExponent false never uses an exponent
// (for xs:decimal, "0.0000001" rather than "1e-07").
std::string formatDouble(double value, bool allowExponent);

// True when text is valid UTF-8 made only of characters XML 1.0 allows (no control characters
// other than tab, line feed and carriage return; no U+FFFE/U+FFFF; no surrogates).
bool isXmlText(std::string_view text);

} // namespace portico::soap
