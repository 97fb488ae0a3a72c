#include "tcp/RequestFields.h"

#include "tcp/DecimalNumber.h"

#include <Poco/Exception.h>
#include <portico/codec/JsonBodyParser.h>
#include <portico/codec/JsonIntegers.h>

namespace portico::tcp
{

namespace
{

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

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

} // namespace

bool RequestFields::merge(const RequestData& request,
                          const std::function<bool(const std::string& name)>& isPathField, std::string& error)
{
    _body = nullptr;
    _parameters.clear();
    if (!blank(request.body))
    {
        if (codec::holdsIntegerBeyond64Bits(request.body))
        {
            error = "the request body holds an integer beyond 64 bits, which cannot be read exactly";
            return false;
        }
        Poco::Dynamic::Var parsed;
        try
        {
            parsed = codec::jsonBodyParser(true).parse(request.body);
        }
        catch (const Poco::Exception& e)
        {
            error = "the request body is not valid JSON: " + e.message();
            return false;
        }
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        {
            error = "the request body must be a JSON object";
            return false;
        }
        _body = parsed.extract<Poco::JSON::Object::Ptr>();
    }
    for (const auto& [name, value] : request.pathParams)
    {
        if (!isPathField(name)) continue;
        if (given(name))
        {
            error = "field '" + name + "' is given both in the path and in the body";
            return false;
        }
        _parameters.emplace_back(&name, &value);
    }
    const std::size_t fromPath = _parameters.size();
    for (const auto& [name, value] : request.queryParams)
    {
        for (std::size_t i = fromPath; i < _parameters.size(); ++i)
        {
            if (*_parameters[i].first == name)
            {
                error = "query parameter '" + name + "' is given more than once";
                return false;
            }
        }
        if (given(name))
        {
            error = "field '" + name + "' is given both as a query parameter and in the path or body";
            return false;
        }
        _parameters.emplace_back(&name, &value);
    }
    return true;
}

bool RequestFields::given(const std::string& name) const
{
    if (_body && _body->has(name)) return true;
    for (const auto& [parameter, value] : _parameters)
    {
        if (*parameter == name) return true;
    }
    return false;
}

RequestFields::Lookup RequestFields::find(const std::string& name, FieldValue& value,
                                          std::string& problem) const
{
    for (const auto& [parameter, text] : _parameters)
    {
        if (*parameter != name) continue;
        value.kind = FieldValue::Kind::Text;
        value.text = *text;
        return Lookup::Found;
    }
    if (!_body || !_body->has(name)) return Lookup::Missing;
    return toFieldValue(_body->get(name), value, problem) ? Lookup::Found : Lookup::Invalid;
}

const std::string* RequestFields::unknownName(const std::function<bool(const std::string& name)>& known) const
{
    if (_body)
    {
        for (const auto& member : *_body)
        {
            if (!known(member.first)) return &member.first;
        }
    }
    for (const auto& [parameter, value] : _parameters)
    {
        if (!known(*parameter)) return parameter;
    }
    return nullptr;
}

} // namespace portico::tcp
