#include "tcp/FixedResponseCodec.h"

#include "tcp/FieldReader.h"
#include "tcp/Utf8.h"

#include <Poco/JSONString.h>

namespace portico::tcp
{

namespace
{

// The field that holds character index, for messages.
const FixedField* fieldAt(const RecordLayout& layout, std::size_t index)
{
    std::size_t start = 0;
    for (const FixedField& field : layout.fields)
    {
        if (index < start + field.length)
        {
            return &field;
        }
        start += field.length;
    }
    return nullptr;
}

} // namespace

FixedResponseCodec::FixedResponseCodec(RecordLayout layout, const Charset& charset)
    : _layout(std::move(layout)), _charset(charset)
{
}

Answer FixedResponseCodec::decode(std::string_view payload) const
{
    const std::string unit = _charset.singleByte() ? " bytes" : " characters";
    std::u32string text;
    std::size_t bad = 0;
    if (!_charset.decode(payload, text, bad))
    {
        const FixedField* field = _charset.singleByte() ? fieldAt(_layout, bad) : nullptr;
        return Answer::problem(
            502, "the peer's reply cannot be read: " + _charset.undecodablePhrase(payload, bad) +
                     (field != nullptr ? " (field '" + field->name + "')" : ""));
    }
    if (text.size() != _layout.length())
    {
        return Answer::problem(502, "the peer's reply is " + std::to_string(text.size()) + unit +
                                        " long; the response record has " + std::to_string(_layout.length()));
    }
    std::string json = "{";
    std::size_t start = 0;
    for (const FixedField& field : _layout.fields)
    {
        const std::u32string_view slice = std::u32string_view(text).substr(start, field.length);
        start += field.length;
        if (field.constant && slice != field.constantText)
        {
            return Answer::problem(502, "field '" + field.name + "' of the peer's reply holds \"" +
                                            Utf8::encode(slice) + "\", not its constant \"" +
                                            Utf8::encode(field.constantText) + "\"");
        }
        std::string value;
        std::string problem;
        if (!FieldReader::read(field, slice, value, problem))
        {
            return Answer::problem(502, "field '" + field.name + "' of the peer's reply " + problem);
        }
        json +=
            (json.size() > 1 ? "," : "") + Poco::toJSON(field.name, Poco::JSON_WRAP_STRINGS) + ":" + value;
    }
    json += "}";
    return Answer::ok("application/json", std::move(json));
}

} // namespace portico::tcp
