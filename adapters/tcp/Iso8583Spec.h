#pragma once

// An ISO 8583 message definition: the data elements (the ISO 8583:1987 table by default, any of
// them redefined by configuration), how each part is encoded on the wire, and what the reply's
// response code means in HTTP. Parsed once from <iso8583>; immutable and shared afterwards.

#include "tcp/Iso8583Field.h"

#include <portico/config/AdapterReaderContext.h>

#include <pugixml.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>

namespace portico::tcp
{

struct Iso8583Spec
{
    // Digits (the MTI, numeric fields, length prefixes): one character each, or packed two to a
    // byte (BCD, an odd count padded with a leading zero).
    enum class Digits
    {
        Ascii,
        Ebcdic,
        Bcd
    };
    enum class Characters
    {
        Ascii,
        Ebcdic
    };
    enum class Bitmap
    {
        Binary, // 8 bytes per bitmap
        Hex     // 16 hexadecimal characters per bitmap, in the text encoding
    };

    static constexpr int highestField = 128;

    Digits mti = Digits::Ascii;
    Bitmap bitmap = Bitmap::Binary;
    Digits numbers = Digits::Ascii;
    Characters text = Characters::Ascii;
    Digits lengths = Digits::Ascii;
    // Index: the field number (1 is the secondary bitmap, never a value).
    std::array<Iso8583Field, highestField + 1> fields{};

    std::string defaultMti; // sent when the request names none; "" requires it
    int stanField = 11;     // filled in when a request lacks it; 0: none
    int responseCodeField = 39;
    std::map<std::string, int> statusByCode; // the reply's response code -> HTTP status
    int otherwiseStatus = 200;               // for codes not in statusByCode

    // The HTTP status for a reply carrying code (or none, when the field is absent).
    int statusFor(const std::string* code) const;

    // ISO 8583:1987's data elements.
    static const std::array<Iso8583Field, highestField + 1>& iso1987();

    // Parses <iso8583>. Returns nullopt after reporting each problem to context.
    static std::optional<Iso8583Spec> parse(pugi::xml_node element, config::AdapterReaderContext& context);
};

} // namespace portico::tcp
