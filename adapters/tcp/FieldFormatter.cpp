#include "tcp/FieldFormatter.h"

#include "tcp/DecimalNumber.h"
#include "tcp/Utf8.h"

namespace portico::tcp
{

namespace
{

// Pads out, which holds the field's text, to the field's length on the side its alignment
// leaves free: in place, so a caller reusing out allocates nothing once it has grown.
void padInPlace(const FixedField& field, std::u32string& out)
{
    const std::size_t padding = field.length - out.size();
    if (field.align == FixedField::Align::Left)
        out.append(padding, field.pad);
    else
        out.insert(0, padding, field.pad);
}

bool formatNumber(const FixedField& field, const FieldValue& value, std::u32string& out, std::string& problem)
{
    DecimalNumber number;
    if (!DecimalNumber::parse(value.text, number))
    {
        problem = "is not a number: \"" + value.text + "\"";
        return false;
    }
    std::string digits;
    const unsigned scale = field.type == FixedField::Type::Decimal ? field.scale : 0;
    if (!number.scaledDigits(scale, digits))
    {
        problem = field.type == FixedField::Type::Int
                      ? "is not a whole number: " + value.text
                      : "has more than " + std::to_string(field.scale) + " decimal places: " + value.text;
        return false;
    }
    const bool negative = number.negative() && !number.zero();
    const std::size_t needed = digits.size() + (negative ? 1 : 0);
    if (needed > field.length)
    {
        problem = "needs " + std::to_string(needed) + " characters for " + value.text +
                  ", more than its length of " + std::to_string(field.length);
        return false;
    }
    out.clear();
    if (negative) out.push_back(U'-');
    if (negative && field.pad == U'0' && field.align == FixedField::Align::Right)
        out.append(field.length - needed, U'0'); // the sign first, as COBOL's SIGN LEADING SEPARATE
    out.append(digits.begin(), digits.end());
    padInPlace(field, out);
    return true;
}

bool formatText(const FixedField& field, const FieldValue& value, std::u32string& out, std::string& problem)
{
    std::size_t bad = 0;
    out.clear(); // decode appends
    if (!Utf8::decode(value.text, out, bad))
    {
        problem = "is not valid UTF-8 (at byte " + std::to_string(bad) + ")";
        return false;
    }
    if (out.size() > field.length)
    {
        problem = "is " + std::to_string(out.size()) + " characters long, more than its length of " +
                  std::to_string(field.length);
        return false;
    }
    padInPlace(field, out);
    return true;
}

} // namespace

bool FieldFormatter::format(const FixedField& field, const FieldValue& value, std::u32string& out,
                            std::string& problem)
{
    if (value.kind == FieldValue::Kind::Null)
    {
        out.assign(field.length, field.pad);
        return true;
    }
    if (field.numeric())
    {
        return formatNumber(field, value, out, problem);
    }
    return formatText(field, value, out, problem);
}

} // namespace portico::tcp
