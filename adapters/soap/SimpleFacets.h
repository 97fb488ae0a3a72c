#pragma once

// The constraining facets of a simple type other than enumeration (XSD Part 2, 4.3): the lengths,
// pattern, value bounds and digit counts. They are gathered along the whole derivation chain when
// the schema is linked (FacetDerivation), so a type carries its ancestors' facets as well as its
// own, and checked on request values (FacetCheck). Immutable once linked; shared read-only
// between threads.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::soap
{

class XsdPattern;

// How a value's whitespace is normalized before its facets are checked (the value itself is sent
// as given).
enum class WhiteSpace
{
    Preserve,
    Replace,
    Collapse
};

// Every facet remembers the type that declared it ("type 'Code'"), so a refusal can name where
// the rule comes from even when it was inherited.
struct LengthFacet
{
    std::uint64_t value = 0; // characters for strings, octets for hexBinary/base64Binary
    std::string declaredBy;
};

struct DigitsFacet
{
    std::uint32_t value = 0;
    std::string declaredBy;
};

struct BoundFacet
{
    std::string value; // a valid lexical value of the type's built-in
    bool exclusive = false;
    std::string declaredBy;
};

// The pattern facets of one restriction step. XSD lets a value match any pattern of a step, and
// requires every step to be satisfied, so each step is kept apart.
struct PatternFacet
{
    std::vector<std::string> patterns;          // as written in the schema, for messages
    std::shared_ptr<const XsdPattern> compiled; // nullptr when the step is not checked
    std::string notChecked;                     // why, when compiled is nullptr
    std::string declaredBy;
};

struct SimpleFacets
{
    WhiteSpace whiteSpace = WhiteSpace::Preserve;
    std::optional<LengthFacet> length;
    std::optional<LengthFacet> minLength;
    std::optional<LengthFacet> maxLength;
    std::optional<BoundFacet> lower; // minInclusive or minExclusive (numeric types only)
    std::optional<BoundFacet> upper; // maxInclusive or maxExclusive (numeric types only)
    std::optional<DigitsFacet> totalDigits;
    std::optional<DigitsFacet> fractionDigits;
    std::vector<PatternFacet> patterns; // base type's steps first
    // Whether a request value has anything above to be checked against: lets the common case,
    // a type without facets, skip the check at the cost of one test.
    bool constrains = false;
};

} // namespace portico::soap
