#include "soap/OpenApiFacets.h"

#include "soap/JsonValues.h"
#include "soap/XsdLexical.h"
#include "soap/XsdPattern.h"

#include <algorithm>

namespace portico::soap
{

namespace
{

void describeLengths(const SimpleFacets& facets, Poco::JSON::Object& schema)
{
    std::optional<std::uint64_t> minimum, maximum;
    if (facets.length) minimum = maximum = facets.length->value;
    if (facets.minLength) minimum = std::max(minimum.value_or(0), facets.minLength->value);
    if (facets.maxLength)
        maximum = maximum ? std::min(*maximum, facets.maxLength->value) : facets.maxLength->value;
    if (minimum) schema.set("minLength", static_cast<Poco::UInt64>(*minimum));
    if (maximum) schema.set("maxLength", static_cast<Poco::UInt64>(*maximum));
}

// One pattern keyword for all the checked steps: each but the last becomes a lookahead, since a
// value must match every step.
void describePatterns(const SimpleFacets& facets, Poco::JSON::Object& schema)
{
    std::vector<const std::string*> steps;
    for (const PatternFacet& step : facets.patterns)
    {
        if (step.compiled) steps.push_back(&step.compiled->ecmaScript());
    }
    if (steps.empty()) return;
    if (steps.size() == 1)
    {
        schema.set("pattern", *steps.front());
        return;
    }
    std::string combined = "^";
    for (std::size_t i = 0; i + 1 < steps.size(); ++i)
        combined += "(?=" + steps[i]->substr(1) + ")"; // "^(?:…)$" without its "^"
    combined += steps.back()->substr(1);
    schema.set("pattern", combined);
}

void describeBound(const std::optional<BoundFacet>& bound, const char* keyword, const char* exclusiveKeyword,
                   Poco::JSON::Object& schema)
{
    std::string number;
    if (!bound || !toJsonNumber(bound->value, number)) return; // INF and NaN have no JSON number
    schema.set(keyword, JsonNumber{number});
    if (bound->exclusive) schema.set(exclusiveKeyword, true);
}

} // namespace

void describeFacets(const SimpleType& type, Poco::JSON::Object& schema)
{
    const SimpleFacets& facets = type.facets;
    if (type.builtin == XsdBuiltin::String) describeLengths(facets, schema);
    // JSON Schema applies pattern to strings only; numbers and booleans are JSON values here.
    if (!isNumericType(type.builtin) && type.builtin != XsdBuiltin::Boolean) describePatterns(facets, schema);
    if (isNumericType(type.builtin))
    {
        describeBound(facets.lower, "minimum", "exclusiveMinimum", schema);
        describeBound(facets.upper, "maximum", "exclusiveMaximum", schema);
    }
}

} // namespace portico::soap
