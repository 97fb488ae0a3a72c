#include "tcp/FieldFormatter.h"

#include "tcp/DecimalNumber.h"
#include "tcp/Utf8.h"

namespace portico::tcp
{

namespace
{

std::u32string padded(const FixedField& field, const std::u32string& text)
{
    const std::u32string padding(field.length - text.size(), field.pad);
    return field.align == FixedField::Align::Left ? text + padding : padding + text;
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
    const std::u32string body(digits.begin(), digits.end());
    if (negative && field.pad == U'0' && field.align == FixedField::Align::Right)
    {
        out = U"-" + std::u32string(field.length - needed, U'0') + body;
    }
    else
    {
        out = padded(field, (negative ? U"-" : U"") + body);
    }
    return true;
}

bool formatText(const FixedField& field, const FieldValue& value, std::u32string& out, std::string& problem)
{
    std::u32string text;
    std::size_t bad = 0;
    if (!Utf8::decode(value.text, text, bad))
    {
        problem = "is not valid UTF-8 (at byte " + std::to_string(bad) + ")";
        return false;
    }
    if (text.size() > field.length)
    {
        problem = "is " + std::to_string(text.size()) + " characters long, more than its length of " +
                  std::to_string(field.length);
        return false;
    }
    out = padded(field, text);
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
