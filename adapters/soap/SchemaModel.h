#pragma once

// The XML Schema components the adapter maps, after loading and linking (SchemaLoader): global
// elements and types resolved to pointers, content models flattened to an ordered list of child
// elements. Immutable once built; shared read-only between threads. Every pointer points into
// the SchemaSet that owns the component, so a SchemaSet must outlive everything that uses it
// (ServiceContract holds it by shared_ptr).
//
// Constructs the adapter cannot map (a repeating xs:choice, xs:redefine, …) do not stop the
// load: the component records why in `unsupported` ("a repeating xs:choice in type 'T'
// (file.xsd:12)"), and an operation that reaches it answers 501 (OperationResolver).

#include "soap/QName.h"
#include "soap/SimpleFacets.h"
#include "soap/XsdBuiltin.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace portico::soap
{

inline constexpr std::uint32_t unbounded = UINT32_MAX;

struct SimpleType
{
    std::string name;    // for messages: "tns:Colour" or "anonymous type of element 'colour'"
    std::string xsdName; // the built-in at the root of the derivation, e.g. "xs:token"
    XsdBuiltin builtin = XsdBuiltin::String;
    std::vector<std::string> enumeration; // empty: any value of the built-in
    SimpleFacets facets;                  // the other facets, the base types' included
    // xs:list: the type of its items, which the value holds separated by white space (a JSON
    // array of typed items); its length facets count items. nullptr for an atomic type.
    const SimpleType* listItem = nullptr;
    // xs:union: its member types, tried in order; a value is the first member's that accepts it.
    std::vector<const SimpleType*> unionMembers;
    std::string unsupported;
};

struct ComplexType;

struct ElementDecl
{
    std::string name; // local name
    std::string ns;   // namespace when qualified, "" when unqualified
    bool nillable = false;
    const SimpleType* simpleType = nullptr;   // exactly one of these two is set
    const ComplexType* complexType = nullptr; // (neither when unsupported is set or anyType)
    // xs:anyType (declared so, or with no type at all): any content, carried as untyped JSON.
    bool anyType = false;
    bool abstract = false; // only its substitutes may appear
    // Global elements whose substitutionGroup is this one, directly or through others, in
    // document order. Where this element is referenced, each of them may stand instead.
    std::vector<const ElementDecl*> substitutes;
    std::string unsupported;
};

// One child element of a complex type, in document order.
struct ElementUse
{
    const ElementDecl* decl = nullptr;
    std::uint32_t minOccurs = 1; // relative to its choice branch when in a choice
    std::uint32_t maxOccurs = 1; // `unbounded` for maxOccurs="unbounded"
    int choice = -1;             // index into ComplexType::choices, -1 when not in a choice
    int branch = -1;             // which alternative of that choice

    bool repeated() const { return maxOccurs > 1; }
    // Must be present whenever its choice branch (if any) is the one taken.
    bool required() const { return minOccurs >= 1; }
};

struct ChoiceGroup
{
    bool required = true; // one alternative must be given
    int branches = 0;
};

struct AttributeUse
{
    std::string name;
    std::string ns; // "" when unqualified
    bool required = false;
    const SimpleType* type = nullptr;
};

// xs:any in a content model: elements the schema does not name, carried as untyped JSON members
// (a member "name", or "{namespace}name" to choose the namespace).
struct Wildcard
{
    std::size_t position = 0; // its elements go before ComplexType::elements[position]
    std::uint32_t minOccurs = 1;
    // Where an element given by a plain JSON name goes: the first namespace the wildcard allows.
    std::string defaultNamespace;
    // ##other: no namespace is the obvious one, so a plain name is refused.
    bool needsNamespace = false;
    std::string allowed; // the namespace= attribute as written, for messages ("##any")
};

struct ComplexType
{
    std::string name;      // for messages
    QName qname;           // a named type's name (what xsi:type names); empty for an anonymous one
    bool abstract = false; // an instance names a derived type with xsi:type
    const ComplexType* base = nullptr;       // the type it extends, if any
    std::vector<const ComplexType*> derived; // every type extending it, directly or not, in document order
    std::vector<ElementUse> elements;
    std::vector<ChoiceGroup> choices;
    std::vector<AttributeUse> attributes;
    const SimpleType* textType = nullptr; // simple content (simpleContent/extension)
    bool mixed = false;                   // text allowed between the child elements
    bool hasWildcard = false;             // xs:any: wildcard describes it
    Wildcard wildcard;
    bool anyAttribute = false; // xs:anyAttribute: "@name" members the schema does not name
    std::string unsupported;

    const ElementUse* findElement(std::string_view localName) const
    {
        for (const ElementUse& use : elements)
        {
            if (use.decl && use.decl->name == localName) return &use;
        }
        return nullptr;
    }
    const AttributeUse* findAttribute(std::string_view localName) const
    {
        for (const AttributeUse& use : attributes)
        {
            if (use.name == localName) return &use;
        }
        return nullptr;
    }
};

// Owns every component of the schemas of one WSDL. Built by SchemaLoader (deques keep
// addresses stable while it grows), then only read.
struct SchemaSet
{
    std::deque<SimpleType> simpleTypes;
    std::deque<ComplexType> complexTypes;
    std::deque<ElementDecl> elementDecls;

    std::map<QName, const ElementDecl*> elements; // global elements
    std::map<QName, const SimpleType*> namedSimpleTypes;
    std::map<QName, const ComplexType*> namedComplexTypes;

    const ElementDecl* findElement(const QName& name) const
    {
        const auto found = elements.find(name);
        return found == elements.end() ? nullptr : found->second;
    }
};

} // namespace portico::soap
