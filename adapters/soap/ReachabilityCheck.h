#pragma once

// Collects the notes of every unsupported construct reachable from an element or a complex type,
// so that an operation (or a SOAP header part) that reaches one can be refused with all of them.
// Used while a route is loaded; one instance per check.

#include "soap/SchemaModel.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace portico::soap
{

class ReachabilityCheck
{
public:
    void element(const ElementDecl* decl)
    {
        if (!decl || !_seen.insert(decl).second) return;
        add(decl->unsupported);
        if (decl->simpleType) add(decl->simpleType->unsupported);
        if (decl->complexType) type(decl->complexType);
    }

    void type(const ComplexType* complex)
    {
        if (!complex || !_seen.insert(complex).second) return;
        add(complex->unsupported);
        if (complex->textType) add(complex->textType->unsupported);
        for (const AttributeUse& attribute : complex->attributes)
        {
            if (attribute.type) add(attribute.type->unsupported);
        }
        for (const ElementUse& use : complex->elements)
            element(use.decl);
        // An instance may be of any type derived from it (xsi:type).
        for (const ComplexType* derived : complex->derived)
            type(derived);
    }

    const std::vector<std::string>& problems() const { return _problems; }

private:
    void add(const std::string& problem)
    {
        if (!problem.empty() && std::find(_problems.begin(), _problems.end(), problem) == _problems.end())
            _problems.push_back(problem);
    }

    std::set<const void*> _seen;
    std::vector<std::string> _problems;
};

} // namespace portico::soap
