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

// The names never change, so every reply reuses their quoted form.
std::vector<std::string> jsonKeys(const RecordLayout& layout)
{
    std::vector<std::string> keys;
    keys.reserve(layout.fields.size());
    for (const FixedField& field : layout.fields)
    {
        keys.push_back(Poco::toJSON(field.name, Poco::JSON_WRAP_STRINGS));
    }
    return keys;
}

// What a reply's JSON usually takes: every key, every field's length and the punctuation. A value
// that escapes characters or drops padding changes that a little; the string grows if it must.
std::size_t usualJsonLength(const RecordLayout& layout, const std::vector<std::string>& keys)
{
    std::size_t length = 2;
    for (std::size_t i = 0; i < keys.size(); ++i)
        length += keys[i].size() + layout.fields[i].length + 4; // ':', '"' twice, ','
    return length;
}

} // namespace

FixedResponseCodec::FixedResponseCodec(RecordLayout layout, const Charset& charset)
    : _layout(std::move(layout)), _charset(charset), _recordLength(_layout.length()),
      _jsonKeys(jsonKeys(_layout)), _usualJsonLength(usualJsonLength(_layout, _jsonKeys))
{
}

Answer FixedResponseCodec::decode(std::string_view payload) const
{
    const std::string unit = _charset.singleByte() ? " bytes" : " characters";
    // The decoded record, reused by every reply this thread decodes.
    thread_local std::u32string text;
    text.clear();
    std::size_t bad = 0;
    if (!_charset.decode(payload, text, bad))
    {
        const FixedField* field = _charset.singleByte() ? fieldAt(_layout, bad) : nullptr;
        return Answer::problem(
            502, "the peer's reply cannot be read: " + _charset.undecodablePhrase(payload, bad) +
                     (field != nullptr ? " (field '" + field->name + "')" : ""));
    }
    if (text.size() != _recordLength)
    {
        return Answer::problem(502, "the peer's reply is " + std::to_string(text.size()) + unit +
                                        " long; the response record has " + std::to_string(_recordLength));
    }
    std::string json;
    json.reserve(_usualJsonLength);
    json += '{';
    std::string value;
    std::string problem;
    std::size_t start = 0;
    for (std::size_t i = 0; i < _layout.fields.size(); ++i)
    {
        const FixedField& field = _layout.fields[i];
        const std::u32string_view slice = std::u32string_view(text).substr(start, field.length);
        start += field.length;
        if (field.constant && slice != field.constantText)
        {
            return Answer::problem(502, "field '" + field.name + "' of the peer's reply holds \"" +
                                            Utf8::encode(slice) + "\", not its constant \"" +
                                            Utf8::encode(field.constantText) + "\"");
        }
        value.clear();
        if (!FieldReader::read(field, slice, value, problem))
        {
            return Answer::problem(502, "field '" + field.name + "' of the peer's reply " + problem);
        }
        if (i > 0) json += ',';
        json += _jsonKeys[i];
        json += ':';
        json += value;
    }
    json += '}';
    return Answer::ok("application/json", std::move(json));
}

} // namespace portico::tcp
