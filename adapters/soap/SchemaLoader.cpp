#include "soap/SchemaLoader.h"

#include "soap/ConfigError.h"
#include "soap/FacetDerivation.h"
#include "soap/Namespaces.h"
#include "soap/XmlNames.h"

#include <cstdlib>
#include <set>
#include <utility>

namespace portico::soap
{

namespace
{

struct Context
{
    const SourceDocument* source = nullptr;
    std::string targetNamespace; // the effective one (an including schema's for a chameleon include)
    bool chameleon = false;
    bool elementQualified = false;
    bool attributeQualified = false;
};

struct ParticleDraft
{
    enum class Kind
    {
        Element,
        Sequence,
        Choice,
        All,
        Group,
        Any
    };
    Kind kind = Kind::Sequence;
    std::uint32_t minOccurs = 1;
    std::uint32_t maxOccurs = 1;
    ElementDecl* local = nullptr; // Element declared in place
    QName ref;                    // Element by ref=, or Group
    std::string anyNamespace;     // Any: its namespace= attribute
    std::string targetNamespace;  // Any: the schema's, which ##targetNamespace stands for
    std::string where;
    std::vector<ParticleDraft> children;
};

struct AttributeDraft
{
    enum class Kind
    {
        Local,
        Ref,
        Group,
        Wildcard // xs:anyAttribute
    };
    Kind kind = Kind::Local;
    std::string name;
    std::string ns;
    bool required = false;
    bool prohibited = false;
    bool hasUse = false;
    QName typeName;
    const SimpleType* inlineType = nullptr;
    QName ref;
    std::string where;
};

struct ComplexDraft
{
    enum class Derivation
    {
        None,
        Extension,
        SimpleExtension
    };
    ComplexType* target = nullptr;
    Derivation derivation = Derivation::None;
    QName base;
    bool hasContent = false;
    ParticleDraft content;
    std::vector<AttributeDraft> attributes;
    std::string where;
    int state = 0; // 0 unlinked, 1 linking, 2 linked
};

struct SimpleDraft
{
    SimpleType* target = nullptr;
    QName base;
    SimpleType* inlineBase = nullptr;
    bool list = false; // derived by xs:list: base/inlineBase name the item type
    bool isUnion = false;
    std::vector<QName> unionMembers;             // memberTypes, in order
    std::vector<SimpleType*> inlineUnionMembers; // then the inline member types
    std::vector<std::string> enumeration;
    FacetDraft facets;
    std::string where;
    int state = 0;
};

struct ElementDraft
{
    ElementDecl* target = nullptr;
    QName typeName;
    std::string where;
};

// A global element's substitutionGroup="head": linked once every element is typed.
struct SubstitutionDraft
{
    ElementDecl* member = nullptr;
    QName head;
    bool typed = false; // it has a type of its own; else it takes the head's
    std::string where;
};

std::uint32_t multiply(std::uint32_t a, std::uint32_t b)
{
    if (a == 0 || b == 0) return 0;
    if (a == unbounded || b == unbounded) return unbounded;
    const std::uint64_t product = static_cast<std::uint64_t>(a) * b;
    return product >= unbounded ? unbounded - 1 : static_cast<std::uint32_t>(product);
}

void note(std::string& unsupported, const std::string& message)
{
    if (unsupported.empty()) unsupported = message;
}

bool isTrue(const char* value)
{
    const std::string_view text(value);
    return text == "true" || text == "1";
}

} // namespace

struct SchemaLoader::Impl
{
    SchemaSet& set;
    DocumentStore& documents;
    std::set<std::pair<std::string, std::string>> loadedDocuments; // (location, chameleon namespace)
    std::deque<ComplexDraft> complexDrafts;
    std::deque<SimpleDraft> simpleDrafts;
    std::deque<ElementDraft> elementDrafts;
    std::deque<SubstitutionDraft> substitutionDrafts;
    std::map<const ComplexType*, ComplexDraft*> complexDraftOf;
    std::map<const SimpleType*, SimpleDraft*> simpleDraftOf;
    std::map<QName, ElementDecl*> globalElements;           // set.elements, writable while linking
    std::vector<const ElementDecl*> schemaLanguageElements; // see schemaLanguageElement()
    std::map<QName, ParticleDraft> groups;
    std::map<QName, std::vector<AttributeDraft>> attributeGroups;
    std::map<QName, AttributeDraft> globalAttributes;
    std::map<std::string, const SimpleType*> builtins;

    Impl(SchemaSet& schemas, DocumentStore& store) : set(schemas), documents(store) {}

    // ---- reading ---------------------------------------------------------------------------

    void addSchema(pugi::xml_node schema, const SourceDocument& source, const std::string& chameleonNamespace)
    {
        Context context;
        context.source = &source;
        context.targetNamespace = schema.attribute("targetNamespace").value();
        if (context.targetNamespace.empty() && !chameleonNamespace.empty())
        {
            context.targetNamespace = chameleonNamespace;
            context.chameleon = true;
        }
        context.elementQualified =
            std::string_view(schema.attribute("elementFormDefault").value()) == "qualified";
        context.attributeQualified =
            std::string_view(schema.attribute("attributeFormDefault").value()) == "qualified";

        for (pugi::xml_node child : schema.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::xsd) continue;
            const std::string_view kind = localName(child.name());
            if (kind == "element")
            {
                ElementDecl* decl = parseElement(child, context, true);
                set.elements.emplace(QName{decl->ns, decl->name}, decl);
                globalElements.emplace(QName{decl->ns, decl->name}, decl);
            }
            else if (kind == "complexType")
            {
                const QName name{context.targetNamespace, requiredName(child, context)};
                ComplexType* type = parseComplexType(child, context, "type '" + name.local + "'");
                type->qname = name;
                set.namedComplexTypes.emplace(name, type);
            }
            else if (kind == "simpleType")
            {
                const QName name{context.targetNamespace, requiredName(child, context)};
                set.namedSimpleTypes.emplace(name,
                                             parseSimpleType(child, context, "type '" + name.local + "'"));
            }
            else if (kind == "attribute")
            {
                AttributeDraft draft = parseAttribute(child, context, true);
                globalAttributes.emplace(QName{draft.ns, draft.name}, draft);
            }
            else if (kind == "attributeGroup")
            {
                const QName name{context.targetNamespace, requiredName(child, context)};
                attributeGroups.emplace(name, parseAttributeList(child, context));
            }
            else if (kind == "group")
            {
                const QName name{context.targetNamespace, requiredName(child, context)};
                ParticleDraft particle;
                bool found = false;
                for (pugi::xml_node part : child.children())
                {
                    const std::string_view partKind = localName(part.name());
                    if (part.type() == pugi::node_element && namespaceOf(part) == ns::xsd &&
                        (partKind == "sequence" || partKind == "choice" || partKind == "all"))
                    {
                        particle = parseParticle(part, context);
                        found = true;
                    }
                }
                if (!found) particle.kind = ParticleDraft::Kind::Sequence;
                groups.emplace(name, std::move(particle));
            }
            else if (kind == "import" || kind == "include")
            {
                const char* schemaLocation = child.attribute("schemaLocation").value();
                if (*schemaLocation == 0) continue; // a namespace defined inline, or not needed
                const std::string location = resolveLocation(source.location, schemaLocation);
                addSchemaDocument(location, kind == "include" ? context.targetNamespace : std::string());
            }
            else if (kind == "redefine" || kind == "override")
            {
                throw ConfigError("xs:" + std::string(kind) + " is not supported (" + source.where(child) +
                                  ")");
            }
        }
    }

    void addSchemaDocument(const std::string& location, const std::string& chameleonNamespace)
    {
        if (!loadedDocuments.emplace(location, chameleonNamespace).second) return;
        const SourceDocument& document = documents.load(location);
        const pugi::xml_node root = document.xml.document_element();
        if (!isElement(root, ns::xsd, "schema"))
            throw ConfigError("'" + location + "' is not an XML Schema document (its root element is <" +
                              root.name() + ">)");
        addSchema(root, document, chameleonNamespace);
    }

    std::string requiredName(pugi::xml_node node, const Context& context)
    {
        const char* name = node.attribute("name").value();
        if (*name == 0)
            throw ConfigError("xs:" + std::string(localName(node.name())) + " without a name (" +
                              context.source->where(node) + ")");
        return name;
    }

    QName qname(pugi::xml_node node, const char* text, const Context& context)
    {
        QName result;
        if (!resolveQName(node, text, result))
            throw ConfigError("undeclared namespace prefix in '" + std::string(text) + "' (" +
                              context.source->where(node) + ")");
        if (result.ns.empty() && context.chameleon) result.ns = context.targetNamespace;
        return result;
    }

    std::uint32_t occurs(pugi::xml_node node, const char* attribute, const Context& context)
    {
        const pugi::xml_attribute value = node.attribute(attribute);
        if (!value) return 1;
        const std::string_view text = value.value();
        if (text == "unbounded" && std::string_view(attribute) == "maxOccurs") return unbounded;
        if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string_view::npos)
            throw ConfigError("bad " + std::string(attribute) + "=\"" + std::string(text) + "\" (" +
                              context.source->where(node) + ")");
        return static_cast<std::uint32_t>(std::strtoul(std::string(text).c_str(), nullptr, 10));
    }

    ElementDecl* parseElement(pugi::xml_node node, const Context& context, bool global)
    {
        ElementDecl& decl = set.elementDecls.emplace_back();
        decl.name = requiredName(node, context);
        const std::string where = context.source->where(node);
        const std::string_view form = node.attribute("form").value();
        const bool qualified = global || form == "qualified" || (form.empty() && context.elementQualified);
        decl.ns = qualified ? context.targetNamespace : std::string();
        decl.nillable = isTrue(node.attribute("nillable").value());
        decl.abstract = global && isTrue(node.attribute("abstract").value());
        const char* head = node.attribute("substitutionGroup").value();
        if (global && *head != 0)
        {
            // XSD 1.1 allows several heads; the first one places the element.
            const std::string_view heads = trimXmlSpace(head);
            SubstitutionDraft& substitution = substitutionDrafts.emplace_back();
            substitution.member = &decl;
            substitution.head =
                qname(node, std::string(heads.substr(0, heads.find_first_of(xmlSpace))).c_str(), context);
            substitution.typed = node.attribute("type") || hasInlineType(node);
            substitution.where = where;
        }

        bool typed = false;
        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::xsd) continue;
            const std::string_view kind = localName(child.name());
            if (kind == "complexType")
            {
                decl.complexType =
                    parseComplexType(child, context, "anonymous type of element '" + decl.name + "'");
                typed = true;
            }
            else if (kind == "simpleType")
            {
                decl.simpleType =
                    parseSimpleType(child, context, "anonymous type of element '" + decl.name + "'");
                typed = true;
            }
        }
        const char* type = node.attribute("type").value();
        if (*type != 0)
        {
            if (typed)
                throw ConfigError("element '" + decl.name + "' has both type= and an inline type (" + where +
                                  ")");
            ElementDraft& draft = elementDrafts.emplace_back();
            draft.target = &decl;
            draft.typeName = qname(node, type, context);
            draft.where = where;
        }
        else if (!typed)
        {
            decl.anyType = true; // no type at all: xs:anyType
        }
        return &decl;
    }

    static bool hasInlineType(pugi::xml_node element)
    {
        for (pugi::xml_node child : element.children())
        {
            const std::string_view kind = localName(child.name());
            if (child.type() == pugi::node_element && (kind == "complexType" || kind == "simpleType") &&
                namespaceOf(child) == ns::xsd)
                return true;
        }
        return false;
    }

    ParticleDraft parseParticle(pugi::xml_node node, const Context& context)
    {
        ParticleDraft particle;
        particle.where = context.source->where(node);
        particle.minOccurs = occurs(node, "minOccurs", context);
        particle.maxOccurs = occurs(node, "maxOccurs", context);
        if (particle.maxOccurs < particle.minOccurs)
            throw ConfigError("maxOccurs is less than minOccurs (" + particle.where + ")");
        const std::string_view kind = localName(node.name());
        if (kind == "element")
        {
            particle.kind = ParticleDraft::Kind::Element;
            const char* ref = node.attribute("ref").value();
            if (*ref != 0)
                particle.ref = qname(node, ref, context);
            else
                particle.local = parseElement(node, context, false);
            return particle;
        }
        if (kind == "group")
        {
            particle.kind = ParticleDraft::Kind::Group;
            particle.ref = qname(node, node.attribute("ref").value(), context);
            return particle;
        }
        if (kind == "any")
        {
            particle.kind = ParticleDraft::Kind::Any;
            const pugi::xml_attribute allowed = node.attribute("namespace");
            particle.anyNamespace = allowed ? allowed.value() : "##any";
            particle.targetNamespace = context.targetNamespace;
            return particle;
        }
        particle.kind = kind == "choice" ? ParticleDraft::Kind::Choice
                        : kind == "all"  ? ParticleDraft::Kind::All
                                         : ParticleDraft::Kind::Sequence;
        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::xsd) continue;
            const std::string_view childKind = localName(child.name());
            if (childKind == "annotation") continue;
            particle.children.push_back(parseParticle(child, context));
        }
        return particle;
    }

    AttributeDraft parseAttribute(pugi::xml_node node, const Context& context, bool global)
    {
        AttributeDraft draft;
        draft.where = context.source->where(node);
        const std::string_view use = node.attribute("use").value();
        draft.hasUse = !use.empty();
        draft.required = use == "required";
        draft.prohibited = use == "prohibited";
        const char* ref = node.attribute("ref").value();
        if (*ref != 0)
        {
            draft.kind = AttributeDraft::Kind::Ref;
            draft.ref = qname(node, ref, context);
            return draft;
        }
        draft.kind = AttributeDraft::Kind::Local;
        draft.name = requiredName(node, context);
        const std::string_view form = node.attribute("form").value();
        const bool qualified = global || form == "qualified" || (form.empty() && context.attributeQualified);
        draft.ns = qualified ? context.targetNamespace : std::string();
        const char* type = node.attribute("type").value();
        if (*type != 0) draft.typeName = qname(node, type, context);
        for (pugi::xml_node child : node.children())
        {
            if (isElement(child, ns::xsd, "simpleType"))
                draft.inlineType =
                    parseSimpleType(child, context, "anonymous type of attribute '" + draft.name + "'");
        }
        return draft;
    }

    // The xs:attribute and xs:attributeGroup children of node.
    std::vector<AttributeDraft> parseAttributeList(pugi::xml_node node, const Context& context)
    {
        std::vector<AttributeDraft> result;
        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::xsd) continue;
            const std::string_view kind = localName(child.name());
            if (kind == "attribute")
            {
                result.push_back(parseAttribute(child, context, false));
            }
            else if (kind == "attributeGroup")
            {
                AttributeDraft draft;
                draft.kind = AttributeDraft::Kind::Group;
                draft.ref = qname(child, child.attribute("ref").value(), context);
                draft.where = context.source->where(child);
                result.push_back(draft);
            }
            else if (kind == "anyAttribute")
            {
                AttributeDraft draft;
                draft.kind = AttributeDraft::Kind::Wildcard;
                draft.where = context.source->where(child);
                result.push_back(draft);
            }
        }
        return result;
    }

    ComplexType* parseComplexType(pugi::xml_node node, const Context& context, const std::string& name)
    {
        ComplexType& type = set.complexTypes.emplace_back();
        type.name = name;
        type.mixed = isTrue(node.attribute("mixed").value());
        ComplexDraft& draft = complexDrafts.emplace_back();
        draft.target = &type;
        draft.where = context.source->where(node);
        complexDraftOf[&type] = &draft;
        type.abstract = isTrue(node.attribute("abstract").value());

        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::xsd) continue;
            const std::string_view kind = localName(child.name());
            if (kind == "sequence" || kind == "choice" || kind == "all" || kind == "group")
            {
                draft.content = parseParticle(child, context);
                draft.hasContent = true;
            }
            else if (kind == "attribute" || kind == "attributeGroup")
            {
                // Collected below in one pass, so their order is kept.
            }
            else if (kind == "simpleContent" || kind == "complexContent")
            {
                parseDerivation(child, context, draft, kind == "simpleContent");
            }
            else if (kind != "annotation" && kind != "anyAttribute")
            {
                note(type.unsupported,
                     "xs:" + std::string(kind) + " in " + name + " (" + context.source->where(child) + ")");
            }
        }
        std::vector<AttributeDraft> attributes = parseAttributeList(node, context);
        draft.attributes.insert(draft.attributes.end(), attributes.begin(), attributes.end());
        return &type;
    }

    void parseDerivation(pugi::xml_node node, const Context& context, ComplexDraft& draft, bool simpleContent)
    {
        ComplexType& type = *draft.target;
        if (isTrue(node.attribute("mixed").value())) type.mixed = true;
        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::xsd) continue;
            const std::string_view kind = localName(child.name());
            if (kind == "annotation") continue;
            const std::string where = context.source->where(child);
            if (kind == "restriction")
            {
                note(
                    type.unsupported,
                    std::string(simpleContent ? "simpleContent" : "complexContent") + "/restriction in " +
                        type.name + " (" + where + ")" +
                        (simpleContent ? "" : ": SOAP-encoded arrays and restricted types cannot be mapped"));
                continue;
            }
            if (kind != "extension")
            {
                note(type.unsupported, "xs:" + std::string(kind) + " in " + type.name + " (" + where + ")");
                continue;
            }
            draft.derivation = simpleContent ? ComplexDraft::Derivation::SimpleExtension
                                             : ComplexDraft::Derivation::Extension;
            draft.base = qname(child, child.attribute("base").value(), context);
            for (pugi::xml_node part : child.children())
            {
                if (part.type() != pugi::node_element || namespaceOf(part) != ns::xsd) continue;
                const std::string_view partKind = localName(part.name());
                if (!simpleContent && (partKind == "sequence" || partKind == "choice" || partKind == "all" ||
                                       partKind == "group"))
                {
                    draft.content = parseParticle(part, context);
                    draft.hasContent = true;
                }
            }
            std::vector<AttributeDraft> attributes = parseAttributeList(child, context);
            draft.attributes.insert(draft.attributes.end(), attributes.begin(), attributes.end());
        }
    }

    SimpleType* parseSimpleType(pugi::xml_node node, const Context& context, const std::string& name)
    {
        SimpleType& type = set.simpleTypes.emplace_back();
        type.name = name;
        SimpleDraft& draft = simpleDrafts.emplace_back();
        draft.target = &type;
        draft.where = context.source->where(node);
        simpleDraftOf[&type] = &draft;
        bool derived = false;
        for (pugi::xml_node child : node.children())
        {
            if (child.type() != pugi::node_element || namespaceOf(child) != ns::xsd) continue;
            const std::string_view kind = localName(child.name());
            if (kind == "annotation") continue;
            if (kind == "list")
            {
                derived = true;
                draft.list = true;
                const char* itemType = child.attribute("itemType").value();
                if (*itemType != 0) draft.base = qname(child, itemType, context);
                for (pugi::xml_node inner : child.children())
                {
                    if (inner.type() == pugi::node_element && namespaceOf(inner) == ns::xsd &&
                        localName(inner.name()) == "simpleType")
                        draft.inlineBase = parseSimpleType(inner, context, name + " (item)");
                }
                continue;
            }
            if (kind == "union")
            {
                derived = true;
                draft.isUnion = true;
                const std::string members = child.attribute("memberTypes").value();
                std::size_t at = 0;
                while ((at = members.find_first_not_of(" \t\r\n", at)) != std::string::npos)
                {
                    const std::size_t end = std::min(members.find_first_of(" \t\r\n", at), members.size());
                    draft.unionMembers.push_back(qname(child, members.substr(at, end - at).c_str(), context));
                    at = end;
                }
                for (pugi::xml_node inner : child.children())
                {
                    if (inner.type() == pugi::node_element && namespaceOf(inner) == ns::xsd &&
                        localName(inner.name()) == "simpleType")
                        draft.inlineUnionMembers.push_back(
                            parseSimpleType(inner, context, name + " (member)"));
                }
                if (draft.unionMembers.empty() && draft.inlineUnionMembers.empty())
                    note(type.unsupported, "xs:union without member types in simple " + name + " (" +
                                               context.source->where(child) + ")");
                continue;
            }
            if (kind != "restriction") continue;
            derived = true;
            const char* base = child.attribute("base").value();
            if (*base != 0) draft.base = qname(child, base, context);
            for (pugi::xml_node facet : child.children())
            {
                if (facet.type() != pugi::node_element || namespaceOf(facet) != ns::xsd) continue;
                const std::string_view facetKind = localName(facet.name());
                if (facetKind == "simpleType")
                    draft.inlineBase = parseSimpleType(facet, context, name + " (base)");
                else if (facetKind == "enumeration")
                    draft.enumeration.emplace_back(facet.attribute("value").value());
                else
                    draft.facets.add(facetKind, facet.attribute("value").value());
            }
        }
        if (!derived)
            note(type.unsupported, "simple " + name + " without a derivation (" + draft.where + ")");
        return &type;
    }

    // ---- linking ---------------------------------------------------------------------------

    const SimpleType* builtin(const std::string& local, std::string& error)
    {
        const auto found = builtins.find(local);
        if (found != builtins.end()) return found->second;
        const std::optional<XsdBuiltin> kind = builtinByName(local);
        if (!kind)
        {
            error = "xs:" + local + " cannot be mapped";
            return nullptr;
        }
        SimpleType& type = set.simpleTypes.emplace_back();
        type.name = "xs:" + local;
        type.xsdName = type.name;
        type.builtin = *kind;
        type.facets = builtinFacets(local);
        builtins.emplace(local, &type);
        return &type;
    }

    // A simple type by name: a built-in or a named simple type (linked). nullptr with a reason
    // otherwise ("" when the name is simply not a simple type).
    const SimpleType* resolveSimple(const QName& name, std::string& error)
    {
        error.clear();
        if (name.ns == ns::xsd) return builtin(name.local, error);
        if (name.ns == ns::soapEncoding)
        {
            error = "the SOAP-encoding type soapenc:" + name.local +
                    " cannot be mapped (use=\"encoded\" is not supported)";
            return nullptr;
        }
        const auto found = set.namedSimpleTypes.find(name);
        if (found == set.namedSimpleTypes.end()) return nullptr;
        linkSimple(*simpleDraftOf.at(found->second));
        return found->second;
    }

    void linkSimple(SimpleDraft& draft)
    {
        if (draft.state == 2) return;
        SimpleType& type = *draft.target;
        if (draft.state == 1)
        {
            note(type.unsupported, "circular derivation of simple " + type.name + " (" + draft.where + ")");
            return;
        }
        draft.state = 1;
        if (type.unsupported.empty() && draft.isUnion)
        {
            linkUnion(draft, type);
        }
        else if (type.unsupported.empty())
        {
            const SimpleType* base = nullptr;
            std::string error;
            if (draft.inlineBase)
            {
                linkSimple(*simpleDraftOf.at(draft.inlineBase));
                base = draft.inlineBase;
            }
            else
            {
                base = resolveSimple(draft.base, error);
            }
            if (!base)
            {
                if (error.empty())
                    error = "base type '" + draft.base.text() + "' is not a defined simple type";
                note(type.unsupported, "simple " + type.name + " (" + draft.where + "): " + error);
            }
            else if (draft.list)
            {
                // The list's own value is a string of items; its items are checked by their type.
                if (base->listItem != nullptr)
                    note(type.unsupported, "simple " + type.name + " (" + draft.where + "): a list of lists");
                type.listItem = base;
                type.builtin = XsdBuiltin::String;
                type.xsdName = "a list of " + base->xsdName;
                if (!base->unsupported.empty()) note(type.unsupported, base->unsupported);
            }
            else
            {
                type.builtin = base->builtin;
                type.xsdName = base->xsdName;
                type.listItem = base->listItem;
                type.unionMembers = base->unionMembers;
                type.enumeration = draft.enumeration.empty() ? base->enumeration : draft.enumeration;
                deriveFacets(*base, draft.facets, draft.where, type);
                if (!base->unsupported.empty()) note(type.unsupported, base->unsupported);
            }
        }
        draft.state = 2;
    }

    // xs:union: its member types, resolved in order; the value itself is text.
    void linkUnion(SimpleDraft& draft, SimpleType& type)
    {
        std::string names;
        const auto add = [&](const SimpleType* member)
        {
            if (!member->unsupported.empty()) note(type.unsupported, member->unsupported);
            type.unionMembers.push_back(member);
            names += (names.empty() ? "" : ", ") + member->xsdName;
        };
        for (const QName& name : draft.unionMembers)
        {
            std::string error;
            const SimpleType* member = resolveSimple(name, error);
            if (!member)
            {
                note(type.unsupported,
                     "simple " + type.name + " (" + draft.where + "): " +
                         (error.empty() ? "member type '" + name.text() + "' is not a defined simple type"
                                        : error));
                return;
            }
            add(member);
        }
        for (SimpleType* member : draft.inlineUnionMembers)
        {
            linkSimple(*simpleDraftOf.at(member));
            add(member);
        }
        type.builtin = XsdBuiltin::String;
        type.xsdName = "one of " + names;
    }

    void linkElement(ElementDraft& draft)
    {
        ElementDecl& decl = *draft.target;
        const QName& name = draft.typeName;
        if (name.ns == ns::xsd && name.local == "anyType")
        {
            decl.anyType = true;
            return;
        }
        std::string error;
        if (const SimpleType* simple = resolveSimple(name, error))
        {
            decl.simpleType = simple;
            return;
        }
        const auto complex = set.namedComplexTypes.find(name);
        if (complex != set.namedComplexTypes.end())
        {
            decl.complexType = complex->second;
            return;
        }
        if (error.empty()) error = "type '" + name.text() + "' is not defined";
        note(decl.unsupported, "element '" + decl.name + "' (" + draft.where + "): " + error);
    }

    std::size_t countElements(const ParticleDraft& particle, int depth)
    {
        if (depth > 64) return 2;
        switch (particle.kind)
        {
        case ParticleDraft::Kind::Element:
        case ParticleDraft::Kind::Any:
            return 1;
        case ParticleDraft::Kind::Group:
        {
            const auto group = groups.find(particle.ref);
            return group == groups.end() ? 1 : countElements(group->second, depth + 1);
        }
        default:
        {
            std::size_t count = 0;
            for (const ParticleDraft& child : particle.children)
                count += countElements(child, depth + 1);
            return count;
        }
        }
    }

    // wholeBranch: particle is by itself one alternative of the xs:choice `choice`.
    void flatten(const ParticleDraft& particle, ComplexType& type, std::uint32_t outerMin,
                 std::uint32_t outerMax, int choice, int branch, int depth, bool wholeBranch = false)
    {
        if (depth > 64)
        {
            note(type.unsupported,
                 "model groups nested too deeply in " + type.name + " (" + particle.where + ")");
            return;
        }
        const std::uint32_t minOccurs = multiply(particle.minOccurs, outerMin);
        const std::uint32_t maxOccurs = multiply(particle.maxOccurs, outerMax);
        switch (particle.kind)
        {
        case ParticleDraft::Kind::Element:
        {
            const ElementDecl* decl = particle.local ? particle.local : set.findElement(particle.ref);
            if (!decl && particle.ref.ns == ns::xsd) decl = &schemaLanguageElement(particle.ref.local);
            if (!decl)
            {
                note(type.unsupported, "element '" + particle.ref.text() + "' referenced in " + type.name +
                                           " (" + particle.where + ") is not defined");
                return;
            }
            if (maxOccurs == 0) return; // maxOccurs="0": the element may not appear
            if (!decl->substitutes.empty() || decl->abstract)
            {
                addSubstitutionGroup(*decl, type, particle.where, minOccurs, maxOccurs, choice, branch,
                                     wholeBranch);
                return;
            }
            addElementUse(*decl, type, particle.where, minOccurs, maxOccurs, choice, branch);
            return;
        }
        case ParticleDraft::Kind::Any:
            // The first wildcard places them all: JSON members have no order to tell two apart.
            if (maxOccurs == 0 || type.hasWildcard) return;
            type.hasWildcard = true;
            type.wildcard = wildcardOf(particle, choice < 0 ? minOccurs : 0, type.elements.size());
            return;
        case ParticleDraft::Kind::Group:
        {
            const auto group = groups.find(particle.ref);
            if (group == groups.end())
            {
                note(type.unsupported, "group '" + particle.ref.text() + "' referenced in " + type.name +
                                           " (" + particle.where + ") is not defined");
                return;
            }
            flatten(group->second, type, minOccurs, maxOccurs, choice, branch, depth + 1);
            return;
        }
        case ParticleDraft::Kind::Choice:
        {
            if (choice >= 0)
            {
                note(type.unsupported, "a nested xs:choice in " + type.name + " (" + particle.where + ")");
                return;
            }
            if (maxOccurs > 1)
            {
                note(type.unsupported, "a repeating xs:choice in " + type.name + " (" + particle.where +
                                           ") cannot be mapped to JSON without losing the element order");
                return;
            }
            const int index = static_cast<int>(type.choices.size());
            ChoiceGroup group;
            group.required = minOccurs >= 1;
            group.branches = static_cast<int>(particle.children.size());
            for (const ParticleDraft& child : particle.children)
            {
                if (countElements(child, 0) == 0 || child.minOccurs == 0) group.required = false;
            }
            type.choices.push_back(group);
            int alternative = 0;
            for (const ParticleDraft& child : particle.children)
                flatten(child, type, 1, 1, index, alternative++, depth + 1, true);
            return;
        }
        case ParticleDraft::Kind::Sequence:
        case ParticleDraft::Kind::All:
        {
            if (maxOccurs > 1 && countElements(particle, 0) > 1)
            {
                note(type.unsupported,
                     "a repeating xs:" +
                         std::string(particle.kind == ParticleDraft::Kind::All ? "all" : "sequence") +
                         " of several elements in " + type.name + " (" + particle.where +
                         ") cannot be mapped to JSON without losing the element order");
                return;
            }
            for (const ParticleDraft& child : particle.children)
                flatten(child, type, minOccurs, maxOccurs, choice, branch, depth + 1);
            return;
        }
        }
    }

    // An element of XML Schema itself, such as the inline xs:schema of a .NET DataSet
    // (<s:element ref="s:schema"/>): no schema here declares it, so its content is untyped.
    const ElementDecl& schemaLanguageElement(const std::string& local)
    {
        for (const ElementDecl* known : schemaLanguageElements)
        {
            if (known->name == local) return *known;
        }
        ElementDecl& decl = set.elementDecls.emplace_back();
        decl.name = local;
        decl.ns = ns::xsd;
        decl.anyType = true;
        schemaLanguageElements.push_back(&decl);
        return decl;
    }

    void addElementUse(const ElementDecl& decl, ComplexType& type, const std::string& where,
                       std::uint32_t minOccurs, std::uint32_t maxOccurs, int choice, int branch)
    {
        if (type.findElement(decl.name))
        {
            note(type.unsupported, "element name '" + decl.name + "' appears twice in " + type.name + " (" +
                                       where + "): it cannot be mapped to one JSON field");
            return;
        }
        ElementUse use;
        use.decl = &decl;
        use.minOccurs = minOccurs;
        use.maxOccurs = maxOccurs;
        use.choice = choice;
        use.branch = branch;
        type.elements.push_back(use);
    }

    // A reference to the head of a substitution group: the head (unless abstract) or any one of
    // its members, each a JSON member of its own name; as in an xs:choice, one of them is given.
    // When the reference is by itself an alternative of an xs:choice, each member is one more
    // alternative of that choice.
    void addSubstitutionGroup(const ElementDecl& head, ComplexType& type, const std::string& where,
                              std::uint32_t minOccurs, std::uint32_t maxOccurs, int choice, int branch,
                              bool wholeBranch)
    {
        std::vector<const ElementDecl*> candidates;
        if (!head.abstract) candidates.push_back(&head);
        for (const ElementDecl* member : head.substitutes)
        {
            if (!member->abstract) candidates.push_back(member);
        }
        if (candidates.empty())
        {
            note(type.unsupported, "abstract element '" + head.name + "' referenced in " + type.name + " (" +
                                       where + ") has no substitutes that may appear");
            return;
        }
        if (candidates.size() == 1)
        {
            addElementUse(*candidates.front(), type, where, minOccurs, maxOccurs, choice, branch);
            return;
        }
        if (maxOccurs > 1)
        {
            note(type.unsupported, "a repeated reference to the substitution group of '" + head.name +
                                       "' in " + type.name + " (" + where +
                                       ") cannot be mapped to JSON without losing the element order");
            return;
        }
        if (choice >= 0 && wholeBranch)
        {
            ChoiceGroup& alternatives = type.choices[static_cast<std::size_t>(choice)];
            for (std::size_t i = 0; i < candidates.size(); ++i)
                addElementUse(*candidates[i], type, where, minOccurs, maxOccurs, choice,
                              i == 0 ? branch : alternatives.branches++);
            return;
        }
        if (choice >= 0)
        {
            note(type.unsupported, "the substitution group of '" + head.name + "' inside a sequence in an " +
                                       "xs:choice in " + type.name + " (" + where + ")");
            return;
        }
        const int group = static_cast<int>(type.choices.size());
        ChoiceGroup alternatives;
        alternatives.required = minOccurs >= 1;
        alternatives.branches = static_cast<int>(candidates.size());
        type.choices.push_back(alternatives);
        int alternative = 0;
        for (const ElementDecl* candidate : candidates)
            addElementUse(*candidate, type, where, 1, 1, group, alternative++);
    }

    static Wildcard wildcardOf(const ParticleDraft& particle, std::uint32_t minOccurs, std::size_t position)
    {
        Wildcard wildcard;
        wildcard.position = position;
        wildcard.minOccurs = minOccurs;
        wildcard.allowed = particle.anyNamespace;
        const std::string_view allowed = trimXmlSpace(particle.anyNamespace);
        const std::string_view first = allowed.substr(0, allowed.find_first_of(xmlSpace));
        if (first == "##other")
            wildcard.needsNamespace = true;
        else if (first == "##targetNamespace")
            wildcard.defaultNamespace = particle.targetNamespace;
        else if (first != "##any" && first != "##local")
            wildcard.defaultNamespace = std::string(first);
        return wildcard;
    }

    void addAttribute(ComplexType& type, AttributeUse use)
    {
        for (AttributeUse& existing : type.attributes)
        {
            if (existing.name == use.name)
            {
                existing = use; // an extension may redeclare its base's attribute
                return;
            }
        }
        type.attributes.push_back(std::move(use));
    }

    void flattenAttributes(const std::vector<AttributeDraft>& drafts, ComplexType& type, int depth)
    {
        if (depth > 32)
        {
            note(type.unsupported, "attribute groups nested too deeply in " + type.name);
            return;
        }
        for (const AttributeDraft& draft : drafts)
        {
            if (draft.kind == AttributeDraft::Kind::Group)
            {
                const auto group = attributeGroups.find(draft.ref);
                if (group == attributeGroups.end())
                    note(type.unsupported,
                         "attribute group '" + draft.ref.text() + "' (" + draft.where + ") is not defined");
                else
                    flattenAttributes(group->second, type, depth + 1);
                continue;
            }
            if (draft.kind == AttributeDraft::Kind::Wildcard)
            {
                type.anyAttribute = true;
                continue;
            }
            if (draft.prohibited) continue;
            AttributeDraft resolved = draft;
            if (draft.kind == AttributeDraft::Kind::Ref)
            {
                if (draft.ref.ns == ns::xml)
                {
                    std::string ignored;
                    addAttribute(type, AttributeUse{draft.ref.local, ns::xml, draft.required,
                                                    builtin("string", ignored)});
                    continue;
                }
                const auto global = globalAttributes.find(draft.ref);
                if (global == globalAttributes.end())
                {
                    note(type.unsupported,
                         "attribute '" + draft.ref.text() + "' (" + draft.where + ") is not defined");
                    continue;
                }
                resolved = global->second;
                if (draft.hasUse) resolved.required = draft.required;
            }
            AttributeUse use;
            use.name = resolved.name;
            use.ns = resolved.ns;
            use.required = resolved.required;
            std::string error;
            if (resolved.inlineType)
            {
                linkSimple(*simpleDraftOf.at(resolved.inlineType));
                use.type = resolved.inlineType;
            }
            else if (resolved.typeName.empty())
            {
                use.type = builtin("string", error);
            }
            else
            {
                use.type = resolveSimple(resolved.typeName, error);
            }
            if (!use.type)
            {
                if (error.empty())
                    error = "type '" + resolved.typeName.text() + "' is not a defined simple type";
                note(type.unsupported,
                     "attribute '" + resolved.name + "' (" + resolved.where + "): " + error);
                continue;
            }
            if (!use.type->unsupported.empty()) note(type.unsupported, use.type->unsupported);
            addAttribute(type, std::move(use));
        }
    }

    void linkComplex(ComplexDraft& draft)
    {
        if (draft.state == 2) return;
        ComplexType& type = *draft.target;
        if (draft.state == 1)
        {
            note(type.unsupported, "circular derivation of " + type.name + " (" + draft.where + ")");
            return;
        }
        draft.state = 1;
        if (draft.derivation == ComplexDraft::Derivation::Extension)
        {
            if (!(draft.base.ns == ns::xsd && draft.base.local == "anyType"))
            {
                const auto base = set.namedComplexTypes.find(draft.base);
                if (base == set.namedComplexTypes.end())
                {
                    note(type.unsupported, "the base type '" + draft.base.text() + "' of " + type.name +
                                               " (" + draft.where + ") is not a defined complex type");
                }
                else
                {
                    linkComplex(*complexDraftOf.at(base->second));
                    const ComplexType& baseType = *base->second;
                    type.base = &baseType;
                    type.elements = baseType.elements;
                    type.choices = baseType.choices;
                    type.attributes = baseType.attributes;
                    type.textType = baseType.textType;
                    type.mixed = type.mixed || baseType.mixed;
                    type.hasWildcard = baseType.hasWildcard;
                    type.wildcard = baseType.wildcard;
                    type.anyAttribute = baseType.anyAttribute;
                    if (!baseType.unsupported.empty()) note(type.unsupported, baseType.unsupported);
                }
            }
        }
        else if (draft.derivation == ComplexDraft::Derivation::SimpleExtension)
        {
            std::string error;
            if (const SimpleType* simple = resolveSimple(draft.base, error))
            {
                type.textType = simple;
                if (!simple->unsupported.empty()) note(type.unsupported, simple->unsupported);
            }
            else
            {
                const auto base = set.namedComplexTypes.find(draft.base);
                if (base != set.namedComplexTypes.end())
                {
                    linkComplex(*complexDraftOf.at(base->second));
                    const ComplexType& baseType = *base->second;
                    if (!baseType.textType)
                        note(type.unsupported, "simpleContent of " + type.name + " (" + draft.where +
                                                   ") extends '" + draft.base.text() +
                                                   "', which has no simple content");
                    type.textType = baseType.textType;
                    type.attributes = baseType.attributes;
                    type.anyAttribute = baseType.anyAttribute;
                    if (!baseType.unsupported.empty()) note(type.unsupported, baseType.unsupported);
                }
                else
                {
                    if (error.empty()) error = "the base type '" + draft.base.text() + "' is not defined";
                    note(type.unsupported,
                         "simpleContent of " + type.name + " (" + draft.where + "): " + error);
                }
            }
        }
        if (draft.hasContent) flatten(draft.content, type, 1, 1, -1, -1, 0);
        flattenAttributes(draft.attributes, type, 0);
        if (type.textType && !type.elements.empty())
            note(type.unsupported,
                 type.name + " (" + draft.where + ") has both simple content and child elements");
        draft.state = 2;
    }

    // A substitution group member without a type of its own takes its head's.
    void inheritHeadType(SubstitutionDraft& draft, int depth)
    {
        if (draft.typed || depth > 32) return;
        draft.typed = true; // once, and no cycle
        ElementDecl& member = *draft.member;
        const auto head = globalElements.find(draft.head);
        if (head == globalElements.end()) return; // reported by linkSubstitutions
        for (SubstitutionDraft& other : substitutionDrafts)
        {
            if (other.member == head->second) inheritHeadType(other, depth + 1);
        }
        member.anyType = head->second->anyType;
        member.simpleType = head->second->simpleType;
        member.complexType = head->second->complexType;
        if (!head->second->unsupported.empty()) note(member.unsupported, head->second->unsupported);
    }

    // Each member joins its head's substitutes, and those of the head's own heads.
    void linkSubstitutions()
    {
        for (SubstitutionDraft& draft : substitutionDrafts)
            inheritHeadType(draft, 0);
        for (const SubstitutionDraft& draft : substitutionDrafts)
        {
            const SubstitutionDraft* step = &draft;
            for (int depth = 0; step && depth < 32; ++depth)
            {
                const auto head = globalElements.find(step->head);
                if (head == globalElements.end())
                {
                    note(draft.member->unsupported, "the substitutionGroup '" + step->head.text() +
                                                        "' of element '" + draft.member->name + "' (" +
                                                        draft.where + ") is not a defined element");
                    break;
                }
                if (head->second == draft.member) break; // a cycle
                head->second->substitutes.push_back(draft.member);
                const SubstitutionDraft* next = nullptr;
                for (const SubstitutionDraft& other : substitutionDrafts)
                {
                    if (other.member == head->second) next = &other;
                }
                step = next;
            }
        }
    }

    // Each type joins the derived types of every type it extends, directly or not.
    void linkDerivedTypes()
    {
        for (ComplexType& type : set.complexTypes)
        {
            int depth = 0;
            for (const ComplexType* base = type.base; base && base != &type && depth < 64;
                 base = base->base, ++depth)
                complexDraftOf.at(base)->target->derived.push_back(&type);
        }
    }

    void link()
    {
        for (SimpleDraft& draft : simpleDrafts)
            linkSimple(draft);
        for (ElementDraft& draft : elementDrafts)
            linkElement(draft);
        linkSubstitutions();
        for (ComplexDraft& draft : complexDrafts)
            linkComplex(draft);
        linkDerivedTypes();
    }
};

SchemaLoader::SchemaLoader(SchemaSet& schemas, DocumentStore& documents)
    : _impl(std::make_unique<Impl>(schemas, documents))
{
}

SchemaLoader::~SchemaLoader() = default;

void SchemaLoader::addSchema(pugi::xml_node schema, const SourceDocument& source)
{
    _impl->addSchema(schema, source, std::string());
}

void SchemaLoader::addSchemaDocument(const std::string& location)
{
    _impl->addSchemaDocument(location, std::string());
}

void SchemaLoader::link()
{
    _impl->link();
}

} // namespace portico::soap
