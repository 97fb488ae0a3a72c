#include "tcp/FieldParser.h"

#include "tcp/FieldFormatter.h"
#include "tcp/Utf8.h"

#include <portico/config/ElementReader.h>

#include <algorithm>

namespace portico::tcp
{

namespace
{

using config::ElementReader;

bool readPad(ElementReader& reader, FixedField& field)
{
    const std::optional<std::string> written = reader.text("pad");
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
        reader.invalid("pad", *written, "expected exactly one character");
        return false;
    }
    field.pad = pad.front();
    if (field.numeric())
    {
        // A pad that reads as part of a number would change the number.
        const bool digit = field.pad >= U'1' && field.pad <= U'9';
        if (digit || field.pad == U'-' || field.pad == U'+' || field.pad == U'.')
        {
            reader.invalid("pad", *written, "cannot pad a number: use '0', a blank or another symbol");
            return false;
        }
        if (field.pad == U'0' && field.align == FixedField::Align::Left)
        {
            reader.error(
                "pad",
                reader.tag() +
                    ": a left-aligned number cannot be padded with '0' (the pad would read as digits)");
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<FixedField> FieldParser::parse(pugi::xml_node element, const Charset& charset,
                                             config::AdapterReaderContext& context)
{
    const std::size_t errorsBefore = context.errorCount();
    FixedField field;
    field.name = element.attribute("name").value();
    ElementReader reader(context, element,
                         field.name.empty() ? "<field>" : "<field name=\"" + field.name + "\">",
                         {"name", "length", "type", "scale", "align", "pad", "value"});
    reader.expectEmpty();
    if (!reader.required("name")) return std::nullopt;
    std::uint64_t length = 1;
    if (!reader.required("length") || !reader.number("length", length, 1, maxLength)) return std::nullopt;
    field.length = static_cast<std::size_t>(length);
    reader.choice<FixedField::Type>("type", field.type,
                                    {{"string", FixedField::Type::String},
                                     {"int", FixedField::Type::Int},
                                     {"decimal", FixedField::Type::Decimal}});
    if (reader.has("scale") && field.type != FixedField::Type::Decimal)
        reader.error("scale", "'scale' on " + reader.tag() + " applies to decimal fields only");
    unsigned scale = 0;
    reader.number("scale", scale, 0, static_cast<unsigned>(std::min<std::size_t>(field.length, 0xFFFFFFFFu)));
    field.scale = scale;
    field.align = field.numeric() ? FixedField::Align::Right : FixedField::Align::Left;
    reader.choice<FixedField::Align>(
        "align", field.align, {{"left", FixedField::Align::Left}, {"right", FixedField::Align::Right}});
    if (context.errorCount() != errorsBefore || !readPad(reader, field)) return std::nullopt;
    std::string encoded;
    std::size_t bad = 0;
    if (!charset.encode(std::u32string(1, field.pad), encoded, bad))
        reader.error("pad", reader.tag() + ": the pad " + charset.unmappedPhrase(field.pad));
    if (const std::optional<std::string> value = reader.text("value"))
    {
        std::string problem;
        if (!FieldFormatter::format(field, {FieldValue::Kind::Text, *value}, field.constantText, problem))
            reader.error("value", reader.tag() + ": value \"" + *value + "\" " + problem);
        else if (!charset.encode(field.constantText, field.constantBytes, bad))
            reader.error("value", reader.tag() + ": value \"" + *value +
                                      "\": " + charset.unmappedPhrase(field.constantText[bad]));
        field.constant = true;
    }
    if (context.errorCount() != errorsBefore) return std::nullopt;
    return field;
}

} // namespace portico::tcp
