#pragma once

// One ISO 8583 message as the codecs see it, and its wire form under a message definition.
// Values are kept as JSON shows them: digits for numeric fields, the characters for text fields,
// hexadecimal for binary ones. pack() and unpack() are pure; thread-safe.

#include "tcp/Iso8583Spec.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace portico::tcp
{

struct Iso8583Message
{
    std::string mti;
    // Index: the field number; field 1 (the secondary bitmap) is never set: pack() adds it.
    std::array<std::optional<std::string>, Iso8583Spec::highestField + 1> values{};

    // Checks every value against its definition (fixed numeric values shorter than the field are
    // padded with leading zeros, fixed text values with trailing spaces) and appends the message
    // to out. False with problem naming the field ("field 4 (n 12): …").
    bool pack(const Iso8583Spec& spec, std::string& out, std::string& problem) const;

    // Reads a message from bytes, up to and including field lastField (the whole message by
    // default). False with problem saying what and where ("field 35 (z ..37) at byte 48: …");
    // bytes left after the last field are a problem too when the whole message is read.
    bool unpack(const Iso8583Spec& spec, std::string_view bytes, std::string& problem,
                int lastField = Iso8583Spec::highestField);

    // The match key of a packed message: its STAN field's value ("" when it has none, or when the
    // message cannot be read).
    static std::string matchKey(const Iso8583Spec& spec, std::string_view bytes);

    // Checks one value against field's definition as pack() would, padding a short fixed value.
    static bool normalise(const Iso8583Field& field, std::string& value, std::string& problem);
};

} // namespace portico::tcp
