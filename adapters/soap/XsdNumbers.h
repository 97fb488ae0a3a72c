#pragma once

// Exact order and digit counts of XSD numeric lexical values, read in place: no conversion to a
// binary number that could round a long xs:decimal, and no allocation. Used by the value-bound
// and digit facets (FacetDerivation at load time, FacetCheck per request). Pure; thread-safe.

#include "soap/XsdBuiltin.h"

#include <optional>
#include <string_view>

namespace portico::soap
{

// A valid xs:decimal or integer lexical value, as views into it: the integer digits without
// leading zeros and the fraction digits without trailing zeros ("-007.50" -> "7", "5").
struct DecimalDigits
{
    bool negative = false;
    std::string_view integer;
    std::string_view fraction;

    bool isZero() const { return integer.empty() && fraction.empty(); }
};

DecimalDigits decimalDigits(std::string_view lexical);

// The order of two valid lexical values of a numeric built-in: negative, zero or positive.
// Decimals and integers compare exactly; doubles and floats compare as their binary values.
// nullopt when either is NaN, which XSD leaves unordered.
std::optional<int> compareNumbers(XsdBuiltin type, std::string_view a, std::string_view b);

} // namespace portico::soap
