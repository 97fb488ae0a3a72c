#include "tcp/FieldParser.h"

#include "tcp/ConfigReader.h"
#include "tcp/FieldFormatter.h"
#include "tcp/Utf8.h"

namespace portico::tcp
{

namespace
{

bool readPad(ConfigReader& reader, FixedField& field)
{
    const std::optional<std::string> written = reader.attribute("pad");
    if (!written)
    {
        // '0' would read as digits after a left-aligned number, so that one is padded with blanks.
        field.pad = field.numeric() && field.align == FixedField::Align::Right ? U'0' : U' ';
        return true;
    }
    std::u32string pad;
    std::size_t bad = 0;
    if (!Utf8::decode(*written, pad, bad) || pad.size() != 1)
    {
        reader.error("pad=\"" + *written + "\" must be exactly one character");
        return false;
    }
    field.pad = pad.front();
    if (field.numeric())
    {
        // A pad that reads as part of a number would change the number.
        const bool digit = field.pad >= U'1' && field.pad <= U'9';
        if (digit || field.pad == U'-' || field.pad == U'+' || field.pad == U'.')
        {
            reader.error("pad=\"" + *written + "\" cannot pad a number: use '0', a blank or another symbol");
            return false;
        }
        if (field.pad == U'0' && field.align == FixedField::Align::Left)
        {
            reader.error("a left-aligned number cannot be padded with '0' (the pad would read as digits)");
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<FixedField> FieldParser::parse(pugi::xml_node element, const Charset& charset,
                                             std::vector<std::string>& errors)
{
    const std::size_t errorsBefore = errors.size();
    ConfigReader reader(element, errors);
    FixedField field;
    field.name = reader.attribute("name", "");
    if (!field.name.empty())
    {
        reader.setLabel("<field name=\"" + field.name + "\">");
    }
    reader.allowAttributes({"name", "length", "type", "scale", "align", "pad", "value"});
    reader.expectEmpty();
    if (field.name.empty())
    {
        reader.error("name is required");
        return std::nullopt;
    }
    if (!reader.attribute("length"))
    {
        reader.error("length is required");
    }
    const std::optional<std::uint64_t> length = reader.number("length", 1, 1, maxLength);
    const std::optional<std::string> type = reader.choice("type", "string", {"string", "int", "decimal"});
    if (!length || !type)
    {
        return std::nullopt;
    }
    field.length = static_cast<std::size_t>(*length);
    field.type = *type == "int"       ? FixedField::Type::Int
                 : *type == "decimal" ? FixedField::Type::Decimal
                                      : FixedField::Type::String;
    if (reader.attribute("scale") && field.type != FixedField::Type::Decimal)
    {
        reader.error("scale applies to decimal fields only");
    }
    const std::optional<std::uint64_t> scale = reader.number("scale", 0, 0, field.length);
    const std::optional<std::string> align =
        reader.choice("align", field.numeric() ? "right" : "left", {"left", "right"});
    if (!scale || !align)
    {
        return std::nullopt;
    }
    field.scale = static_cast<unsigned>(*scale);
    field.align = *align == "left" ? FixedField::Align::Left : FixedField::Align::Right;
    if (!readPad(reader, field))
    {
        return std::nullopt;
    }
    std::string encoded;
    std::size_t bad = 0;
    if (!charset.encode(std::u32string(1, field.pad), encoded, bad))
    {
        reader.error("the pad " + charset.unmappedPhrase(field.pad));
    }
    if (const std::optional<std::string> value = reader.attribute("value"))
    {
        std::string problem;
        if (!FieldFormatter::format(field, {FieldValue::Kind::Text, *value}, field.constantText, problem))
        {
            reader.error("value \"" + *value + "\" " + problem);
        }
        else if (!charset.encode(field.constantText, field.constantBytes, bad))
        {
            reader.error("value \"" + *value + "\": " + charset.unmappedPhrase(field.constantText[bad]));
        }
        field.constant = true;
    }
    if (errors.size() != errorsBefore)
    {
        return std::nullopt;
    }
    return field;
}

} // namespace portico::tcp
