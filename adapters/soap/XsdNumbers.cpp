#include "soap/XsdNumbers.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace portico::soap
{

namespace
{

int compareMagnitudes(const DecimalDigits& a, const DecimalDigits& b)
{
    if (a.integer.size() != b.integer.size()) return a.integer.size() < b.integer.size() ? -1 : 1;
    if (const int order = a.integer.compare(b.integer)) return order < 0 ? -1 : 1;
    // Fractions without trailing zeros compare as text: "5" > "49", "5" < "51".
    const int order = a.fraction.compare(b.fraction);
    return order < 0 ? -1 : order > 0 ? 1 : 0;
}

int compareDecimals(std::string_view a, std::string_view b)
{
    const DecimalDigits left = decimalDigits(a), right = decimalDigits(b);
    const bool leftNegative = left.negative && !left.isZero();
    const bool rightNegative = right.negative && !right.isZero();
    if (leftNegative != rightNegative) return leftNegative ? -1 : 1;
    const int magnitude = compareMagnitudes(left, right);
    return leftNegative ? -magnitude : magnitude;
}

// XSD writes infinity as INF; an exponent beyond the double range is a value too large or too
// small to hold, which from_chars reports without a value.
double toDouble(std::string_view lexical)
{
    if (lexical == "INF") return std::numeric_limits<double>::infinity();
    if (lexical == "-INF") return -std::numeric_limits<double>::infinity();
    if (lexical == "NaN") return std::numeric_limits<double>::quiet_NaN();
    const bool negative = !lexical.empty() && lexical[0] == '-';
    if (!lexical.empty() && (lexical[0] == '+' || lexical[0] == '-')) lexical.remove_prefix(1);
    double value = 0;
    const std::from_chars_result read =
        std::from_chars(lexical.data(), lexical.data() + lexical.size(), value);
    if (read.ec == std::errc::result_out_of_range)
    {
        const std::size_t e = lexical.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && e + 1 < lexical.size() && lexical[e + 1] == '-';
        value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    }
    return negative ? -value : value;
}

// A double narrowed to xs:float's single precision; beyond its range, the infinity XSD maps it to
// (a plain cast would be undefined there).
double toFloatPrecision(double value)
{
    if (std::isfinite(value) && std::fabs(value) > std::numeric_limits<float>::max())
        return std::copysign(std::numeric_limits<double>::infinity(), value);
    return static_cast<float>(value);
}

} // namespace

DecimalDigits decimalDigits(std::string_view lexical)
{
    DecimalDigits digits;
    if (!lexical.empty() && (lexical[0] == '+' || lexical[0] == '-'))
    {
        digits.negative = lexical[0] == '-';
        lexical.remove_prefix(1);
    }
    const std::size_t dot = lexical.find('.');
    std::string_view integer = lexical.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? std::string_view() : lexical.substr(dot + 1);
    while (!integer.empty() && integer.front() == '0')
        integer.remove_prefix(1);
    while (!fraction.empty() && fraction.back() == '0')
        fraction.remove_suffix(1);
    digits.integer = integer;
    digits.fraction = fraction;
    return digits;
}

std::optional<int> compareNumbers(XsdBuiltin type, std::string_view a, std::string_view b)
{
    if (type != XsdBuiltin::Double && type != XsdBuiltin::Float) return compareDecimals(a, b);
    double left = toDouble(a), right = toDouble(b);
    if (std::isnan(left) || std::isnan(right)) return std::nullopt;
    if (type == XsdBuiltin::Float)
    {
        // xs:float's values are single precision: 0.1 as a float is not 0.1 as a double.
        left = toFloatPrecision(left);
        right = toFloatPrecision(right);
    }
    return left < right ? -1 : left > right ? 1 : 0;
}

} // namespace portico::soap
