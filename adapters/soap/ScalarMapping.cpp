#include "soap/ScalarMapping.h"

#include "soap/JsonValues.h"
#include "soap/XsdLexical.h"

#include <cmath>

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

bool checkEnumeration(const std::string& lexical, const SimpleType& type, const std::string& got,
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
    problem = "expected one of " + values + " (" + type.name + "), got " + got;
    return false;
}

// The lexical form of a JSON number for type, or false.
bool numberToLexical(const Poco::Dynamic::Var& value, const SimpleType& type, std::string& lexical,
                     std::string& problem)
{
    const XsdBuiltin builtin = type.builtin;
    const bool floating = value.type() == typeid(double) || value.type() == typeid(float);
    if (!floating)
    {
        lexical = value.convert<std::string>(); // Int64 / UInt64: exact
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

} // namespace

bool jsonToLexical(const Poco::Dynamic::Var& value, const SimpleType& type, std::string& lexical,
                   std::string& problem)
{
    const XsdBuiltin builtin = type.builtin;
    const std::string got = describeJson(value);
    if (value.isEmpty() || isJsonObject(value) || isJsonArray(value))
    {
        problem = expected(type, got);
        return false;
    }
    if (value.isString())
    {
        lexical = value.convert<std::string>();
    }
    else if (value.isBoolean())
    {
        if (builtin != XsdBuiltin::Boolean && builtin != XsdBuiltin::String)
        {
            problem = expected(type, got);
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
        problem = expected(type, got);
        return false;
    }

    std::string reason;
    if (!checkLexical(builtin, lexical, reason))
    {
        problem = expected(type, value.isString() ? got : lexical, reason);
        return false;
    }
    if (!isXmlText(lexical))
    {
        problem =
            "the value contains a character that XML cannot carry (a control character or invalid UTF-8)";
        return false;
    }
    return checkEnumeration(lexical, type, value.isString() ? got : lexical, problem);
}

bool lexicalToJson(const std::string& text, const SimpleType& type, Poco::Dynamic::Var& value,
                   std::string& problem)
{
    const XsdBuiltin builtin = type.builtin;
    if (builtin == XsdBuiltin::String)
    {
        value = text;
        return true;
    }
    const std::size_t begin = text.find_first_not_of(" \t\r\n");
    const std::size_t end = text.find_last_not_of(" \t\r\n");
    const std::string collapsed =
        begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
    std::string reason;
    if (!checkLexical(builtin, collapsed, reason))
    {
        problem = expected(type, quoteJson(collapsed), reason);
        return false;
    }
    if (builtin == XsdBuiltin::Boolean)
    {
        value = collapsed == "true" || collapsed == "1";
        return true;
    }
    if (isNumericType(builtin))
    {
        std::string number;
        if (toJsonNumber(collapsed, number))
            value = JsonNumber{number};
        else
            value = collapsed; // INF, -INF, NaN
        return true;
    }
    value = collapsed;
    return true;
}

} // namespace portico::soap
