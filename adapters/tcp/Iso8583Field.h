#pragma once

// One data element of an ISO 8583 message definition: what its characters may be, and how its
// length is carried. Plain value.

#include <cstddef>
#include <string>

namespace portico::tcp
{

struct Iso8583Field
{
    // The standard's attribute classes. Numeric fields are digits (packed two to a byte in BCD);
    // the text classes differ only in the characters they allow; binary fields are raw bytes,
    // written as hexadecimal in JSON.
    enum class Type
    {
        N,   // digits
        A,   // letters (and spaces)
        AN,  // letters and digits (and spaces)
        ANS, // printable characters
        NS,  // digits and printable special characters
        Z,   // track 2 or 3 code set: digits, '=' and 'D'
        XN,  // 'C' (credit) or 'D' (debit), then digits
        B    // bytes
    };
    enum class Prefix
    {
        Fixed,
        LL, // up to 99, the length in two digits before the value
        LLL // up to 999, in three
    };

    bool defined = false;
    Type type = Type::ANS;
    Prefix prefix = Prefix::Fixed;
    // The fixed length, or the largest a variable field may be: in characters (digits for N, and
    // for XN counting its sign), in bytes for B.
    std::size_t size = 0;

    // As the standard writes it: "n 12", "ans ..999", "b 8" (bytes).
    std::string notation() const;

    static const char* typeName(Type type);
};

} // namespace portico::tcp
