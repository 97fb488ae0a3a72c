#include "soap/JsonValues.h"

#include <Poco/JSON/Stringifier.h>
#include <Poco/JSONString.h>

#include <sstream>

namespace portico::soap
{

Poco::JSON::Object::Ptr newObject()
{
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr newArray()
{
    return new Poco::JSON::Array();
}

bool isJsonObject(const Poco::Dynamic::Var& value)
{
    return value.type() == typeid(Poco::JSON::Object::Ptr);
}

bool isJsonArray(const Poco::Dynamic::Var& value)
{
    return value.type() == typeid(Poco::JSON::Array::Ptr);
}

Poco::JSON::Object::Ptr asJsonObject(const Poco::Dynamic::Var& value)
{
    return isJsonObject(value) ? value.extract<Poco::JSON::Object::Ptr>() : Poco::JSON::Object::Ptr();
}

Poco::JSON::Array::Ptr asJsonArray(const Poco::Dynamic::Var& value)
{
    return isJsonArray(value) ? value.extract<Poco::JSON::Array::Ptr>() : Poco::JSON::Array::Ptr();
}

std::string toJsonText(const Poco::Dynamic::Var& value)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

std::string quoteJson(const std::string& text)
{
    return Poco::toJSON(text, Poco::JSON_WRAP_STRINGS);
}

std::string describeJson(const Poco::Dynamic::Var& value)
{
    if (value.isEmpty()) return "null";
    if (isJsonObject(value)) return "an object";
    if (isJsonArray(value)) return "an array";
    if (value.isString())
    {
        std::string text = value.convert<std::string>();
        if (text.size() > 60) text = text.substr(0, 60) + "...";
        return quoteJson(text);
    }
    return value.convert<std::string>();
}

} // namespace portico::soap
