#pragma once

// The XML Schema built-in simple types the adapter maps, and what it knows about each. The
// string-like built-ins (token, normalizedString, anyURI, QName, Name, NCName, language, ID,
// IDREF, NMTOKEN, duration and the g* date parts) all map to String: their values pass through
// as strings and are checked only for XML-legal characters.

#include <optional>
#include <string_view>

namespace portico::soap
{

enum class XsdBuiltin
{
    String,
    Boolean,
    Decimal,
    Integer,
    NonNegativeInteger,
    PositiveInteger,
    NonPositiveInteger,
    NegativeInteger,
    Long,
    Int,
    Short,
    Byte,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    Double,
    Float,
    Date,
    DateTime,
    Time,
    Base64Binary,
    HexBinary
};

// The built-in for an XSD type's local name (in the XML Schema namespace), or nullopt when the
// adapter does not map it (anyType, NOTATION, ENTITY, the list types IDREFS/NMTOKENS/ENTITIES…).
// "anySimpleType" maps to String.
std::optional<XsdBuiltin> builtinByName(std::string_view localName);

bool isIntegerType(XsdBuiltin type);
// Integer types, decimal, double and float: emitted as JSON numbers.
bool isNumericType(XsdBuiltin type);

} // namespace portico::soap
