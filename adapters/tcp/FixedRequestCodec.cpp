#include "tcp/FixedRequestCodec.h"

#include "tcp/DecimalNumber.h"
#include "tcp/FieldFormatter.h"
#include "tcp/RequestFields.h"
#include "tcp/Utf8.h"

#include <Poco/Exception.h>

namespace portico::tcp
{

namespace
{

bool toFieldValue(const Poco::Dynamic::Var& var, FieldValue& value, std::string& problem)
{
    if (var.isEmpty())
    {
        value.kind = FieldValue::Kind::Null;
    }
    else if (var.isString())
    {
        value.kind = FieldValue::Kind::Text;
        value.text = var.extract<std::string>();
    }
    else if (var.isBoolean())
    {
        value.kind = FieldValue::Kind::Text;
        value.text = var.convert<bool>() ? "true" : "false";
    }
    else if (var.isNumeric())
    {
        value.kind = FieldValue::Kind::Number;
        if (var.isInteger())
        {
            value.text = var.isSigned() ? std::to_string(var.convert<Poco::Int64>())
                                        : std::to_string(var.convert<Poco::UInt64>());
        }
        else
        {
            value.text = DecimalNumber::fromDouble(var.convert<double>());
        }
    }
    else
    {
        problem = "must be a string, a number or null";
        return false;
    }
    return true;
}

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
    Poco::JSON::Object::Ptr values;
    if (!RequestFields::merge(request.body, request.pathParams, isField, request.queryParams, values,
                              problem))
    {
        return false;
    }
    for (const auto& member : *values)
    {
        if (_layout.find(member.first) == nullptr)
        {
            problem = "unknown field '" + member.first + "' (the record has " + fieldNames(_layout) + ")";
            return false;
        }
    }
    payload.clear();
    payload.reserve(_recordLength);
    for (const FixedField& field : _layout.fields)
    {
        std::u32string text;
        std::string phrase;
        if (values->has(field.name))
        {
            FieldValue value;
            if (!toFieldValue(values->get(field.name), value, phrase) ||
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
        else if (!field.constant)
        {
            problem = "field '" + field.name + "' is missing";
            return false;
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
