#include "soap/FacetCheck.h"

#include "soap/JsonValues.h"
#include "soap/XsdNumbers.h"
#include "soap/XsdPattern.h"
#include "soap/XsdTemporal.h"

namespace portico::soap
{

namespace
{

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Whether XSD's whiteSpace rule changes text: the facets apply to the normalized value, although
// the value is sent as given (the service normalizes it the same way).
bool changedByWhiteSpace(std::string_view text, WhiteSpace rule)
{
    if (rule == WhiteSpace::Preserve) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == '\t' || c == '\n' || c == '\r') return true;
        if (rule == WhiteSpace::Collapse && c == ' ' &&
            (i == 0 || i + 1 == text.size() || text[i + 1] == ' '))
            return true;
    }
    return false;
}

std::string normalizedWhiteSpace(std::string_view text, WhiteSpace rule)
{
    std::string result;
    result.reserve(text.size());
    for (char c : text)
    {
        if (!isSpace(c))
            result += c;
        else if (rule == WhiteSpace::Replace)
            result += ' ';
        else if (!result.empty() && result.back() != ' ')
            result += ' ';
    }
    if (rule == WhiteSpace::Collapse && !result.empty() && result.back() == ' ') result.pop_back();
    return result;
}

// Characters (code points) of a string, octets of a binary value.
std::uint64_t lengthOf(std::string_view text, XsdBuiltin builtin)
{
    std::uint64_t count = 0;
    if (builtin == XsdBuiltin::HexBinary) return text.size() / 2;
    if (builtin == XsdBuiltin::Base64Binary)
    {
        std::uint64_t padding = 0;
        for (char c : text)
        {
            if (isSpace(c)) continue;
            ++count;
            if (c == '=') ++padding;
        }
        return count / 4 * 3 - padding;
    }
    for (char c : text) // UTF-8 already checked: count every byte that starts a character
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

class Refusal
{
public:
    Refusal(const std::string& lexical, const Poco::Dynamic::Var& value, std::string& problem)
        : _lexical(lexical), _value(value), _problem(problem)
    {
    }

    // Always false, so that a check can end with `return refuse(...)`.
    bool operator()(const std::string& expected, const char* facet, const std::string& declaredBy,
                    const std::string& detail = std::string())
    {
        _problem = "expected " + expected + " (" + facet + " of " + declaredBy + "), got " +
                   (_value.isString() ? describeJson(_value) : _lexical) + detail;
        return false;
    }

private:
    const std::string& _lexical;
    const Poco::Dynamic::Var& _value;
    std::string& _problem;
};

std::uint64_t listItemCount(std::string_view text)
{
    std::uint64_t items = 0;
    bool inItem = false;
    for (char c : text)
    {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !inItem) ++items;
        inItem = !space;
    }
    return items;
}

bool checkLengths(std::string_view text, const SimpleType& type, Refusal& refuse)
{
    const SimpleFacets& facets = type.facets;
    if (!facets.length && !facets.minLength && !facets.maxLength) return true;
    // A list's lengths count its items.
    const std::uint64_t size = type.listItem != nullptr ? listItemCount(text) : lengthOf(text, type.builtin);
    const char* const unit = type.listItem != nullptr             ? " items"
                             : type.builtin == XsdBuiltin::String ? " characters"
                                                                  : " octets";
    // The message is only built for a refusal.
    auto refuseLength = [&](const char* bound, const LengthFacet& facet, const char* name)
    {
        return refuse(bound + std::to_string(facet.value) + unit, name, facet.declaredBy,
                      " (" + std::to_string(size) + unit + ")");
    };
    if (facets.length && size != facets.length->value)
        return refuseLength("exactly ", *facets.length, "length");
    if (facets.minLength && size < facets.minLength->value)
        return refuseLength("at least ", *facets.minLength, "minLength");
    if (facets.maxLength && size > facets.maxLength->value)
        return refuseLength("at most ", *facets.maxLength, "maxLength");
    return true;
}

// The order of a value and a bound: numbers exactly; dates and times as instants, where an
// indeterminate order (one with a timezone, one without, within 14 hours) counts as inside the
// bound, since XSD cannot say it is outside.
std::optional<int> boundOrder(XsdBuiltin builtin, std::string_view text, const std::string& bound, int inside)
{
    if (!isTemporalType(builtin)) return compareNumbers(builtin, text, bound);
    const std::optional<int> order = compareTemporal(builtin, text, bound);
    return order ? order : std::optional<int>(inside);
}

bool checkBounds(std::string_view text, const SimpleType& type, Refusal& refuse)
{
    const SimpleFacets& facets = type.facets;
    if (const std::optional<BoundFacet>& lower = facets.lower)
    {
        const std::optional<int> order = boundOrder(type.builtin, text, lower->value, 1);
        if (!order || *order < 0 || (*order == 0 && lower->exclusive))
            return lower->exclusive ? refuse("more than " + lower->value, "minExclusive", lower->declaredBy)
                                    : refuse("at least " + lower->value, "minInclusive", lower->declaredBy);
    }
    if (const std::optional<BoundFacet>& upper = facets.upper)
    {
        const std::optional<int> order = boundOrder(type.builtin, text, upper->value, -1);
        if (!order || *order > 0 || (*order == 0 && upper->exclusive))
            return upper->exclusive ? refuse("less than " + upper->value, "maxExclusive", upper->declaredBy)
                                    : refuse("at most " + upper->value, "maxInclusive", upper->declaredBy);
    }
    return true;
}

bool checkDigits(std::string_view text, const SimpleType& type, Refusal& refuse)
{
    const SimpleFacets& facets = type.facets;
    if (!facets.totalDigits && !facets.fractionDigits) return true;
    const DecimalDigits digits = decimalDigits(text);
    if (facets.totalDigits && digits.integer.size() + digits.fraction.size() > facets.totalDigits->value)
        return refuse("at most " + std::to_string(facets.totalDigits->value) + " digits", "totalDigits",
                      facets.totalDigits->declaredBy);
    if (facets.fractionDigits && digits.fraction.size() > facets.fractionDigits->value)
        return refuse("at most " + std::to_string(facets.fractionDigits->value) + " fraction digits",
                      "fractionDigits", facets.fractionDigits->declaredBy);
    return true;
}

bool checkPatterns(std::string_view text, const SimpleType& type, Refusal& refuse)
{
    for (const PatternFacet& step : type.facets.patterns)
    {
        // Unknown (a translation not exact for this value) lets the service decide.
        if (!step.compiled || step.compiled->match(text) != XsdPattern::Verdict::NoMatch) continue;
        std::string patterns;
        for (const std::string& pattern : step.patterns)
            patterns += (patterns.empty() ? "\"" : " or \"") + pattern + "\"";
        return refuse("a value matching " + patterns, "pattern", step.declaredBy);
    }
    return true;
}

} // namespace

bool checkFacets(const std::string& lexical, const SimpleType& type, const Poco::Dynamic::Var& value,
                 std::string& problem)
{
    const SimpleFacets& facets = type.facets;
    if (!facets.constrains) return true;
    std::string normalized;
    std::string_view text = lexical;
    if (changedByWhiteSpace(text, facets.whiteSpace))
    {
        normalized = normalizedWhiteSpace(text, facets.whiteSpace);
        text = normalized;
    }
    Refusal refuse(lexical, value, problem);
    // Lengths first: they are cheap and bound the cost of matching a pattern.
    return checkLengths(text, type, refuse) && checkBounds(text, type, refuse) &&
           checkDigits(text, type, refuse) && checkPatterns(text, type, refuse);
}

} // namespace portico::soap
