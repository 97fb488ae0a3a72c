#pragma once

// An exact decimal number, kept as its digits and a power of ten, so that a JSON value or a
// record field goes through the adapter without ever becoming a binary floating-point number.
// Plain value; thread-safe.

#include <string>
#include <string_view>

namespace portico::tcp
{

class DecimalNumber
{
public:
    // Parses [+-]digits[.digits][(e|E)[+-]digits] with at least one digit (".5" and "5." are
    // accepted; exponents are limited to +/-1000). Returns false for anything else.
    static bool parse(std::string_view text, DecimalNumber& number);

    // The shortest decimal text that reads back as value (e.g. 12.34 -> "12.34").
    static std::string fromDouble(double value);

    bool negative() const { return _negative; }
    bool zero() const { return _digits.empty(); }

    // The digits of |value| x 10^scale, without leading zeros ("0" for zero). Returns false when
    // that is not a whole number (the value has more than scale decimal places).
    bool scaledDigits(unsigned scale, std::string& digits) const;

    // A JSON number for digits (ASCII 0-9, leading zeros allowed) read with scale implied decimal
    // places: ("000001234567", 2) -> "12345.67"; ("5000", 2, negative) -> "-50.00". Zero is
    // never negative.
    static std::string jsonNumber(bool negative, std::string_view digits, unsigned scale);

private:
    bool _negative = false;
    std::string _digits; // significant digits, no leading or trailing zeros; empty for zero
    int _exponent = 0;   // value = digits x 10^exponent
};

} // namespace portico::tcp
