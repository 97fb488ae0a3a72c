#include "soap/XsdBuiltin.h"

#include <utility>

namespace portico::soap
{

std::optional<XsdBuiltin> builtinByName(std::string_view localName)
{
    static const std::pair<std::string_view, XsdBuiltin> table[] = {
        {"string", XsdBuiltin::String},
        {"normalizedString", XsdBuiltin::String},
        {"token", XsdBuiltin::String},
        {"language", XsdBuiltin::String},
        {"Name", XsdBuiltin::String},
        {"NCName", XsdBuiltin::String},
        {"NMTOKEN", XsdBuiltin::String},
        {"ID", XsdBuiltin::String},
        {"IDREF", XsdBuiltin::String},
        {"anyURI", XsdBuiltin::String},
        {"QName", XsdBuiltin::String},
        {"duration", XsdBuiltin::String},
        {"gYear", XsdBuiltin::String},
        {"gYearMonth", XsdBuiltin::String},
        {"gMonth", XsdBuiltin::String},
        {"gMonthDay", XsdBuiltin::String},
        {"gDay", XsdBuiltin::String},
        {"anySimpleType", XsdBuiltin::String},
        {"boolean", XsdBuiltin::Boolean},
        {"decimal", XsdBuiltin::Decimal},
        {"integer", XsdBuiltin::Integer},
        {"nonNegativeInteger", XsdBuiltin::NonNegativeInteger},
        {"positiveInteger", XsdBuiltin::PositiveInteger},
        {"nonPositiveInteger", XsdBuiltin::NonPositiveInteger},
        {"negativeInteger", XsdBuiltin::NegativeInteger},
        {"long", XsdBuiltin::Long},
        {"int", XsdBuiltin::Int},
        {"short", XsdBuiltin::Short},
        {"byte", XsdBuiltin::Byte},
        {"unsignedLong", XsdBuiltin::UnsignedLong},
        {"unsignedInt", XsdBuiltin::UnsignedInt},
        {"unsignedShort", XsdBuiltin::UnsignedShort},
        {"unsignedByte", XsdBuiltin::UnsignedByte},
        {"double", XsdBuiltin::Double},
        {"float", XsdBuiltin::Float},
        {"date", XsdBuiltin::Date},
        {"dateTime", XsdBuiltin::DateTime},
        {"time", XsdBuiltin::Time},
        {"base64Binary", XsdBuiltin::Base64Binary},
        {"hexBinary", XsdBuiltin::HexBinary},
    };
    for (const auto& [name, type] : table)
    {
        if (name == localName) return type;
    }
    return std::nullopt;
}

bool isIntegerType(XsdBuiltin type)
{
    switch (type)
    {
    case XsdBuiltin::Integer:
    case XsdBuiltin::NonNegativeInteger:
    case XsdBuiltin::PositiveInteger:
    case XsdBuiltin::NonPositiveInteger:
    case XsdBuiltin::NegativeInteger:
    case XsdBuiltin::Long:
    case XsdBuiltin::Int:
    case XsdBuiltin::Short:
    case XsdBuiltin::Byte:
    case XsdBuiltin::UnsignedLong:
    case XsdBuiltin::UnsignedInt:
    case XsdBuiltin::UnsignedShort:
    case XsdBuiltin::UnsignedByte:
        return true;
    default:
        return false;
    }
}

bool isNumericType(XsdBuiltin type)
{
    return isIntegerType(type) || type == XsdBuiltin::Decimal || type == XsdBuiltin::Double ||
           type == XsdBuiltin::Float;
}

} // namespace portico::soap
