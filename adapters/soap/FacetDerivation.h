#pragma once

// Turns the facets written in an xs:restriction into a simple type's SimpleFacets, once, when the
// schema is linked: values parsed and checked against the built-in, patterns compiled, and the
// base type's facets carried along so that a chain of restrictions enforces all of them.
// Used by SchemaLoader only.

#include "soap/SchemaModel.h"

#include <string>
#include <string_view>
#include <vector>

namespace portico::soap
{

// The facets of one xs:restriction as read, values still text.
struct FacetDraft
{
    struct Facet
    {
        std::string kind; // "maxLength", "minExclusive", …
        std::string value;
    };
    std::vector<Facet> facets; // all but pattern and enumeration, in document order
    std::vector<std::string> patterns;

    // Records the facet element named kind; false when it is not one this reads (enumeration is
    // kept by the caller; assertion, explicitTimezone and unknown names are ignored).
    bool add(std::string_view kind, const char* value);
};

// The facets every value of the built-in named localName has: its whiteSpace rule.
SimpleFacets builtinFacets(std::string_view localName);

// Sets type.facets to base's facets narrowed by draft. type.builtin and type.xsdName must already
// be base's. Facets that XSD does not define for the built-in are ignored; a facet value that is
// not valid for it is noted in type.unsupported (with where), which refuses the operations that
// reach the type.
void deriveFacets(const SimpleType& base, const FacetDraft& draft, const std::string& where,
                  SimpleType& type);

} // namespace portico::soap
