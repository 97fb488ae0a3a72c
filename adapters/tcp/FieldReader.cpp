#include "tcp/FieldReader.h"

#include "tcp/DecimalNumber.h"
#include "tcp/Utf8.h"

#include <Poco/JSONString.h>

namespace portico::tcp
{

namespace
{

std::u32string_view withoutPad(const FixedField& field, std::u32string_view text)
{
    if (field.align == FixedField::Align::Left)
    {
        while (!text.empty() && text.back() == field.pad)
        {
            text.remove_suffix(1);
        }
    }
    else
    {
        while (!text.empty() && text.front() == field.pad)
        {
            text.remove_prefix(1);
        }
    }
    return text;
}

std::u32string_view withoutBlanks(std::u32string_view text)
{
    while (!text.empty() && text.front() == U' ')
    {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == U' ')
    {
        text.remove_suffix(1);
    }
    return text;
}

bool readNumber(const FixedField& field, std::u32string_view text, std::string& json, std::string& problem)
{
    const unsigned scale = field.type == FixedField::Type::Decimal ? field.scale : 0;
    std::u32string_view rest = withoutBlanks(withoutPad(field, text));
    if (rest.empty())
    {
        json = field.pad == U'0' ? DecimalNumber::jsonNumber(false, "0", scale) : "null";
        return true;
    }
    bool negative = false;
    if (rest.front() == U'-' || rest.front() == U'+')
    {
        negative = rest.front() == U'-';
        rest.remove_prefix(1);
    }
    std::string digits;
    for (char32_t c : rest)
    {
        if (c < U'0' || c > U'9')
        {
            digits.clear();
            break;
        }
        digits.push_back(static_cast<char>(c));
    }
    if (digits.empty())
    {
        problem = "is not a number: \"" + Utf8::encode(text) + "\"";
        return false;
    }
    json = DecimalNumber::jsonNumber(negative, digits, scale);
    return true;
}

} // namespace

bool FieldReader::read(const FixedField& field, std::u32string_view text, std::string& json,
                       std::string& problem)
{
    if (field.numeric())
    {
        return readNumber(field, text, json, problem);
    }
    json = Poco::toJSON(Utf8::encode(withoutPad(field, text)), Poco::JSON_WRAP_STRINGS);
    return true;
}

} // namespace portico::tcp
