#pragma once

// One value into one fixed-width field: checked against the field's type, padded to its length on
// the side its alignment leaves free. Numbers are exact (DecimalNumber): an int takes whole numbers
// only, a decimal at most `scale` decimal places, written without the point ("12.34" at scale 2 is
// "1234"). A negative number carries a leading '-' inside the field's length: right next to the
// digits, or, when the pad is '0', in the first position ("-000005000"), as COBOL's
// SIGN LEADING SEPARATE does. Stateless; thread-safe.

#include "tcp/RecordLayout.h"

#include <string>

namespace portico::tcp
{

struct FieldValue
{
    enum class Kind
    {
        Null,   // JSON null: the field is all pad
        Text,   // UTF-8 text (a JSON string, a path or query parameter)
        Number, // a number's decimal text ("12.34", "-5", "1e3")
    };

    Kind kind = Kind::Null;
    std::string text;
};

class FieldFormatter
{
public:
    // On success out holds exactly field.length characters. On failure returns false and sets
    // problem to a phrase that follows the field's name: "is 12 characters long, more than its
    // length of 10".
    static bool format(const FixedField& field, const FieldValue& value, std::u32string& out,
                       std::string& problem);
};

} // namespace portico::tcp
