#include "soap/ScalarMapping.h"

#include "soap/FacetCheck.h"
#include "soap/JsonText.h"
#include "soap/JsonValues.h"
#include "soap/XmlNames.h"
#include "soap/XsdLexical.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <typeinfo>
#include <vector>

namespace portico::soap
{

namespace
{

std::string expected(const SimpleType& type, const std::string& got,
                     const std::string& reason = std::string())
{
    return "expected " + type.xsdName + ", got " + got + (reason.empty() ? "" : " (" + reason + ")");
}

bool isStringLike(XsdBuiltin builtin)
{
    return builtin == XsdBuiltin::String || builtin == XsdBuiltin::Date || builtin == XsdBuiltin::DateTime ||
           builtin == XsdBuiltin::Time || builtin == XsdBuiltin::Base64Binary ||
           builtin == XsdBuiltin::HexBinary;
}

bool checkEnumeration(const std::string& lexical, const SimpleType& type, const Poco::Dynamic::Var& value,
                      std::string& problem)
{
    if (type.enumeration.empty()) return true;
    for (const std::string& allowed : type.enumeration)
    {
        if (allowed == lexical) return true;
    }
    std::string values;
    for (const std::string& allowed : type.enumeration)
        values += (values.empty() ? "" : ", ") + quoteJson(allowed);
    problem = "expected one of " + values + " (" + type.name + "), got " +
              (value.isString() ? describeJson(value) : lexical);
    return false;
}

// The decimal text of an integral JSON number. The parser's Int64 and UInt64 are written with
// std::to_chars, which gives the same digits as Poco's conversion without its formatting layers.
std::string integerText(const Poco::Dynamic::Var& value)
{
    char buffer[24];
    std::to_chars_result written{};
    if (value.type() == typeid(Poco::Int64))
        written = std::to_chars(buffer, buffer + sizeof buffer, value.extract<Poco::Int64>());
    else if (value.type() == typeid(Poco::UInt64))
        written = std::to_chars(buffer, buffer + sizeof buffer, value.extract<Poco::UInt64>());
    else
        return value.convert<std::string>();
    return std::string(buffer, written.ptr);
}

// The lexical form of a JSON number for type, or false.
bool numberToLexical(const Poco::Dynamic::Var& value, const SimpleType& type, std::string& lexical,
                     std::string& problem)
{
    const XsdBuiltin builtin = type.builtin;
    const bool floating = value.type() == typeid(double) || value.type() == typeid(float);
    if (!floating)
    {
        lexical = integerText(value); // Int64 / UInt64: exact
    }
    else
    {
        const double number = value.convert<double>();
        if (isIntegerType(builtin))
        {
            if (number != std::floor(number) || std::fabs(number) > 9007199254740992.0)
            {
                problem =
                    expected(type, formatDouble(number, true),
                             number != std::floor(number) ? "not a whole number" : "too large to be exact");
                return false;
            }
            lexical = formatDouble(number, false);
        }
        else
        {
            lexical = formatDouble(number, builtin == XsdBuiltin::Double || builtin == XsdBuiltin::Float ||
                                               builtin == XsdBuiltin::String);
        }
    }
    if (builtin == XsdBuiltin::Boolean || (isStringLike(builtin) && builtin != XsdBuiltin::String))
    {
        problem = expected(type, lexical);
        return false;
    }
    return true;
}

// The items of a list's lexical value: separated by XML white space.
std::vector<std::string_view> listItems(std::string_view text)
{
    std::vector<std::string_view> items;
    std::size_t at = 0;
    while (at < text.size())
    {
        const std::size_t start = text.find_first_not_of(" \t\n\r", at);
        if (start == std::string_view::npos) break;
        const std::size_t end = std::min(text.find_first_of(" \t\n\r", start), text.size());
        items.push_back(text.substr(start, end - start));
        at = end;
    }
    return items;
}

// A list value: a JSON array of items (or their white-space separated text), each checked by the
// item type, sent space-separated; then the list's own facets.
bool listToLexical(const Poco::Dynamic::Var& value, const SimpleType& type, std::string& lexical,
                   std::string& problem)
{
    std::vector<Poco::Dynamic::Var> items;
    if (isJsonArray(value))
    {
        for (const Poco::Dynamic::Var& item : *value.extract<Poco::JSON::Array::Ptr>())
            items.push_back(item);
    }
    else if (value.isString())
    {
        // Named: the views point into it, and a temporary in the range expression would be gone
        // before the loop's first round.
        const std::string text = value.convert<std::string>();
        for (std::string_view item : listItems(text))
            items.emplace_back(std::string(item));
    }
    else
    {
        problem = "expected " + type.xsdName + " (an array), got " + describeJson(value);
        return false;
    }
    lexical.clear();
    std::string item;
    for (std::size_t i = 0; i < items.size(); ++i)
    {
        if (!jsonToLexical(items[i], *type.listItem, item, problem))
        {
            problem = "item " + std::to_string(i) + ": " + problem;
            return false;
        }
        if (item.empty() || item.find_first_of(" \t\n\r") != std::string::npos)
        {
            problem = "item " + std::to_string(i) + ": a list item cannot be empty or hold white space";
            return false;
        }
        if (i > 0) lexical += ' ';
        lexical += item;
    }
    return checkEnumeration(lexical, type, value, problem) && checkFacets(lexical, type, value, problem);
}

} // namespace

bool jsonToLexical(const Poco::Dynamic::Var& value, const SimpleType& type, std::string& lexical,
                   std::string& problem)
{
    if (type.listItem != nullptr) return listToLexical(value, type, lexical, problem);
    if (!type.unionMembers.empty())
    {
        // The first member type that takes the value, as XSD validates a union; then the union's
        // own facets.
        for (const SimpleType* member : type.unionMembers)
        {
            if (jsonToLexical(value, *member, lexical, problem))
                return checkEnumeration(lexical, type, value, problem) &&
                       checkFacets(lexical, type, value, problem);
        }
        problem = "expected " + type.xsdName + ", got " + describeJson(value);
        return false;
    }
    // The description of the value for messages is only made when the value is refused.
    const XsdBuiltin builtin = type.builtin;
    if (value.isEmpty() || isJsonObject(value) || isJsonArray(value))
    {
        problem = expected(type, describeJson(value));
        return false;
    }
    const bool isString = value.isString();
    if (isString)
    {
        lexical =
            value.type() == typeid(std::string) ? value.extract<std::string>() : value.convert<std::string>();
    }
    else if (value.isBoolean())
    {
        if (builtin != XsdBuiltin::Boolean && builtin != XsdBuiltin::String)
        {
            problem = expected(type, describeJson(value));
            return false;
        }
        lexical = value.convert<bool>() ? "true" : "false";
    }
    else if (value.isNumeric())
    {
        if (!numberToLexical(value, type, lexical, problem)) return false;
    }
    else
    {
        problem = expected(type, describeJson(value));
        return false;
    }

    std::string reason;
    if (!checkLexical(builtin, lexical, reason))
    {
        problem = expected(type, isString ? describeJson(value) : lexical, reason);
        return false;
    }
    if (!isXmlText(lexical))
    {
        problem =
            "the value contains a character that XML cannot carry (a control character or invalid UTF-8)";
        return false;
    }
    return checkEnumeration(lexical, type, value, problem) && checkFacets(lexical, type, value, problem);
}

bool lexicalToJsonText(std::string_view text, const SimpleType& type, std::string& json, std::string& problem)
{
    if (type.listItem != nullptr)
    {
        json += '[';
        bool first = true;
        for (std::string_view item : listItems(text))
        {
            if (!first) json += ',';
            first = false;
            if (!lexicalToJsonText(item, *type.listItem, json, problem)) return false;
        }
        json += ']';
        return true;
    }
    if (!type.unionMembers.empty())
    {
        // The first member whose lexical space holds the text gives its JSON form.
        for (const SimpleType* member : type.unionMembers)
        {
            std::string value;
            if (lexicalToJsonText(text, *member, value, problem))
            {
                json += value;
                return true;
            }
        }
        problem = "expected " + type.xsdName + ", got " + quoteJson(std::string(text));
        return false;
    }
    const XsdBuiltin builtin = type.builtin;
    if (builtin == XsdBuiltin::String)
    {
        appendJsonString(json, text);
        return true;
    }
    const std::string_view collapsed = trimXmlSpace(text);
    std::string reason;
    if (!checkLexical(builtin, collapsed, reason))
    {
        problem = expected(type, quoteJson(std::string(collapsed)), reason);
        return false;
    }
    if (builtin == XsdBuiltin::Boolean)
    {
        json += collapsed == "true" || collapsed == "1" ? "true" : "false";
        return true;
    }
    if (isNumericType(builtin))
    {
        std::string number;
        if (toJsonNumber(collapsed, number))
            json += number;
        else
            appendJsonString(json, collapsed); // INF, -INF, NaN
        return true;
    }
    appendJsonString(json, collapsed);
    return true;
}

} // namespace portico::soap
