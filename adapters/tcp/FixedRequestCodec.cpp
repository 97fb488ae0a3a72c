#include "tcp/FixedRequestCodec.h"

#include "tcp/FieldFormatter.h"
#include "tcp/RequestFields.h"
#include "tcp/Utf8.h"

namespace portico::tcp
{

namespace
{

std::string fieldNames(const RecordLayout& layout)
{
    std::string names;
    for (const FixedField& field : layout.fields)
    {
        names += (names.empty() ? "" : ", ") + field.name;
    }
    return names;
}

} // namespace

FixedRequestCodec::FixedRequestCodec(RecordLayout layout, const Charset& charset)
    : _layout(std::move(layout)), _charset(charset), _recordLength(_layout.length())
{
}

bool FixedRequestCodec::encode(const RequestData& request, std::string& payload, std::string& problem) const
{
    const auto isField = [this](const std::string& name) { return _layout.find(name) != nullptr; };
    RequestFields values;
    if (!values.merge(request, isField, problem)) return false;
    if (const std::string* unknown = values.unknownName(isField))
    {
        problem = "unknown field '" + *unknown + "' (the record has " + fieldNames(_layout) + ")";
        return false;
    }
    payload.clear();
    payload.reserve(_recordLength);
    // Reused from field to field, and the text from record to record on this thread: a record
    // costs no allocation per field.
    FieldValue value;
    thread_local std::u32string text;
    std::string phrase;
    for (const FixedField& field : _layout.fields)
    {
        const RequestFields::Lookup lookup = values.find(field.name, value, phrase);
        if (lookup == RequestFields::Lookup::Missing)
        {
            if (!field.constant)
            {
                problem = "field '" + field.name + "' is missing";
                return false;
            }
        }
        else
        {
            if (lookup == RequestFields::Lookup::Invalid ||
                !FieldFormatter::format(field, value, text, phrase))
            {
                problem = "field '" + field.name + "' " + phrase;
                return false;
            }
            if (field.constant && text != field.constantText)
            {
                problem = "field '" + field.name + "' is the constant \"" + Utf8::encode(field.constantText) +
                          "\" and cannot be set to \"" + Utf8::encode(text) + "\"";
                return false;
            }
        }
        if (field.constant)
        {
            // Given or not, a constant holds its own text, encoded once at configuration.
            payload += field.constantBytes;
            continue;
        }
        std::size_t bad = 0;
        if (!_charset.encode(text, payload, bad))
        {
            problem = "field '" + field.name + "': " + _charset.unmappedPhrase(text[bad]);
            return false;
        }
    }
    return true;
}

} // namespace portico::tcp
