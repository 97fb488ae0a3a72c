#pragma once

// One fixed-width field of a reply into one JSON value: a string loses its pad on the side its
// alignment pads; an int or decimal becomes a JSON number written from its digits, so a decimal
// keeps every digit and its scale ("000001234567" at scale 2 is 12345.67, "-00005000" is -50.00).
// A number may carry a leading '-' or '+' (before or after zero padding) and blanks around it; a
// number field that is all pad is 0 when the pad is '0' and null otherwise. Stateless; thread-safe.

#include "tcp/RecordLayout.h"

#include <string>
#include <string_view>

namespace portico::tcp
{

class FieldReader
{
public:
    // Sets json to the value's JSON text. On failure returns false and sets problem to a phrase
    // that follows the field's name: "is not a number: \"12A\"".
    static bool read(const FixedField& field, std::u32string_view text, std::string& json,
                     std::string& problem);
};

} // namespace portico::tcp
