#pragma once

// Small helpers over Poco::JSON for the request side and the OpenAPI document: ordered objects,
// a number that is written exactly as given (so an xs:decimal "12345678901234567.89" keeps every
// digit instead of passing through a double), and value descriptions for error messages.

#include <Poco/Dynamic/Var.h>
#include <Poco/Dynamic/VarHolder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace portico::soap
{

// A JSON number kept as its text. The text must already be valid JSON number syntax
// (toJsonNumber() makes sure of that).
struct JsonNumber
{
    std::string text;
};

// An object that keeps its members in insertion order (schema order).
Poco::JSON::Object::Ptr newObject();
Poco::JSON::Array::Ptr newArray();

bool isJsonObject(const Poco::Dynamic::Var& value);
bool isJsonArray(const Poco::Dynamic::Var& value);
Poco::JSON::Object::Ptr asJsonObject(const Poco::Dynamic::Var& value); // nullptr when not an object
Poco::JSON::Array::Ptr asJsonArray(const Poco::Dynamic::Var& value);   // nullptr when not an array

// Compact JSON text of a value (objects keep their order).
std::string toJsonText(const Poco::Dynamic::Var& value);

// A short description for messages: "abc" quoted (cut at 60 characters), numbers and literals as
// written, "an object", "an array".
std::string describeJson(const Poco::Dynamic::Var& value);

// A JSON string literal of text (quotes and escapes included).
std::string quoteJson(const std::string& text);

} // namespace portico::soap

namespace Poco::Dynamic
{

// Lets a JsonNumber sit in a Poco::JSON::Object: the stringifier writes whatever convert() to
// string gives for types that are neither strings nor numbers, i.e. the number's text, unquoted.
template <> class VarHolderImpl<portico::soap::JsonNumber> : public VarHolder
{
public:
    explicit VarHolderImpl(const portico::soap::JsonNumber& value) : _value(value) {}
    const std::type_info& type() const override { return typeid(portico::soap::JsonNumber); }
    VarHolder* clone(Placeholder<VarHolder>* holder = nullptr) const override
    {
        return cloneHolder(holder, _value);
    }
    void convert(std::string& value) const override { value = _value.text; }
    const portico::soap::JsonNumber& value() const { return _value; }

private:
    portico::soap::JsonNumber _value;
};

} // namespace Poco::Dynamic
