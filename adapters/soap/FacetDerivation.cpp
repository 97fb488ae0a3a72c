#include "soap/FacetDerivation.h"

#include "soap/XmlNames.h"

#include "soap/XsdLexical.h"
#include "soap/XsdNumbers.h"
#include "soap/XsdPattern.h"
#include "soap/XsdTemporal.h"

namespace portico::soap
{

namespace
{

bool parseCount(std::string_view text, std::uint64_t& value)
{
    text = trimXmlSpace(text); // collapsed like any attribute value of a non-string XSD type
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
    value = 0;
    for (char c : text)
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    return true;
}

// Length facets count characters of strings and octets of binary values; XSD gives none to the
// other built-ins, and lets QName ignore them (a QName's length depends on its prefix).
bool hasLengthFacets(const SimpleType& type)
{
    return (type.builtin == XsdBuiltin::String && type.xsdName != "xs:QName") ||
           type.builtin == XsdBuiltin::HexBinary || type.builtin == XsdBuiltin::Base64Binary;
}

bool hasDigitFacets(XsdBuiltin builtin)
{
    return builtin == XsdBuiltin::Decimal || isIntegerType(builtin);
}

// Whether candidate is a tighter bound than current: a value allowed by candidate is then also
// allowed by current, so keeping the tighter one keeps both restrictions.
bool tighter(XsdBuiltin builtin, const BoundFacet& candidate, const BoundFacet& current, bool lower)
{
    const std::optional<int> order = isTemporalType(builtin)
                                         ? compareTemporal(builtin, candidate.value, current.value)
                                         : compareNumbers(builtin, candidate.value, current.value);
    if (!order) return true;
    if (*order == 0) return candidate.exclusive && !current.exclusive;
    return lower ? *order > 0 : *order < 0;
}

void tightenLength(std::optional<LengthFacet>& current, const LengthFacet& candidate, bool isMinimum)
{
    if (!current || (isMinimum ? candidate.value > current->value : candidate.value < current->value))
        current = candidate;
}

void tightenDigits(std::optional<DigitsFacet>& current, const DigitsFacet& candidate)
{
    if (!current || candidate.value < current->value) current = candidate;
}

std::optional<WhiteSpace> whiteSpaceRule(std::string_view value)
{
    if (value == "preserve") return WhiteSpace::Preserve;
    if (value == "replace") return WhiteSpace::Replace;
    if (value == "collapse") return WhiteSpace::Collapse;
    return std::nullopt;
}

class Deriver
{
public:
    Deriver(const std::string& where, SimpleType& type) : _where(where), _type(type) {}

    void apply(const FacetDraft::Facet& facet, SimpleFacets& facets)
    {
        const std::string& kind = facet.kind;
        const XsdBuiltin builtin = _type.builtin;
        if (kind == "length" || kind == "minLength" || kind == "maxLength")
        {
            if (!hasLengthFacets(_type)) return;
            std::uint64_t value = 0;
            if (!parseCount(facet.value, value)) return refuse(facet, "a non-negative integer");
            const LengthFacet candidate{value, _type.name};
            if (kind == "length")
                facets.length = candidate; // differing lengths along a chain cannot both hold anyway
            else
                tightenLength(kind == "minLength" ? facets.minLength : facets.maxLength, candidate,
                              kind == "minLength");
        }
        else if (kind == "totalDigits" || kind == "fractionDigits")
        {
            if (!hasDigitFacets(builtin)) return;
            std::uint64_t value = 0;
            const bool total = kind == "totalDigits";
            if (!parseCount(facet.value, value) || value > UINT32_MAX || (total && value == 0))
                return refuse(facet, total ? "a positive integer" : "a non-negative integer");
            tightenDigits(total ? facets.totalDigits : facets.fractionDigits,
                          DigitsFacet{static_cast<std::uint32_t>(value), _type.name});
        }
        else if (kind == "minInclusive" || kind == "minExclusive" || kind == "maxInclusive" ||
                 kind == "maxExclusive")
        {
            // Durations and the g* types: not checked.
            if (!isNumericType(builtin) && !isTemporalType(builtin)) return;
            const std::string_view value = trimXmlSpace(facet.value);
            std::string reason;
            if (!checkLexical(builtin, value, reason))
                return refuse(facet, "a valid " + _type.xsdName + " value");
            const BoundFacet candidate{std::string(value), kind.find("Exclusive") != std::string::npos,
                                       _type.name};
            const bool lower = kind.compare(0, 3, "min") == 0;
            std::optional<BoundFacet>& current = lower ? facets.lower : facets.upper;
            if (!current || tighter(builtin, candidate, *current, lower)) current = candidate;
        }
        else if (kind == "whiteSpace")
        {
            if (builtin != XsdBuiltin::String) return; // the others are always collapsed
            const std::optional<WhiteSpace> rule = whiteSpaceRule(trimXmlSpace(facet.value));
            if (!rule) return refuse(facet, "preserve, replace or collapse");
            if (*rule > facets.whiteSpace) facets.whiteSpace = *rule; // a restriction can only normalize more
        }
    }

private:
    const std::string& _where;
    SimpleType& _type;

    void refuse(const FacetDraft::Facet& facet, const std::string& expected)
    {
        if (_type.unsupported.empty())
            _type.unsupported = "facet " + facet.kind + "=\"" + facet.value + "\" of simple " + _type.name +
                                " (" + _where + ") is not " + expected;
    }
};

} // namespace

bool FacetDraft::add(std::string_view kind, const char* value)
{
    if (kind == "pattern")
    {
        patterns.emplace_back(value);
        return true;
    }
    static constexpr std::string_view known[] = {
        "length",       "minLength",    "maxLength",   "minInclusive",   "minExclusive",
        "maxInclusive", "maxExclusive", "totalDigits", "fractionDigits", "whiteSpace"};
    for (std::string_view name : known)
    {
        if (name == kind)
        {
            facets.push_back(Facet{std::string(kind), value});
            return true;
        }
    }
    return false;
}

SimpleFacets builtinFacets(std::string_view localName)
{
    SimpleFacets facets;
    facets.whiteSpace = localName == "string" || localName == "anySimpleType" ? WhiteSpace::Preserve
                        : localName == "normalizedString"                     ? WhiteSpace::Replace
                                                                              : WhiteSpace::Collapse;
    return facets;
}

void deriveFacets(const SimpleType& base, const FacetDraft& draft, const std::string& where, SimpleType& type)
{
    SimpleFacets facets = base.facets;
    Deriver deriver(where, type);
    for (const FacetDraft::Facet& facet : draft.facets)
        deriver.apply(facet, facets);
    if (!draft.patterns.empty())
    {
        PatternFacet step;
        step.patterns = draft.patterns;
        step.declaredBy = type.name;
        step.compiled = XsdPattern::compile(draft.patterns, step.notChecked);
        facets.patterns.push_back(std::move(step));
    }
    bool checkedPattern = false;
    for (const PatternFacet& step : facets.patterns)
        checkedPattern = checkedPattern || step.compiled;
    facets.constrains = facets.length || facets.minLength || facets.maxLength || facets.lower ||
                        facets.upper || facets.totalDigits || facets.fractionDigits || checkedPattern;
    type.facets = std::move(facets);
}

} // namespace portico::soap
