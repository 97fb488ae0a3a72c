#include "soap/TypedMapping.h"

#include "soap/ChildGroups.h"
#include "soap/JsonText.h"
#include "soap/Namespaces.h"
#include "soap/ScalarMapping.h"
#include "soap/UntypedMapping.h"
#include "soap/XmlNames.h"

#include <string_view>
#include <utility>

namespace portico::soap
{

bool typedContent(pugi::xml_node element, const ComplexType& type, std::string& json, std::string& error,
                  const FieldPath& path, int depth, std::string_view xsiTypeName)
{
    if (depth > maxReplyDepth)
    {
        error = "the reply nests elements more than " + std::to_string(maxReplyDepth) + " deep";
        return false;
    }
    // Attributes and text first; two attributes may share a local name (in different
    // namespaces), which JsonObjectText resolves like Poco::JSON did.
    JsonObjectText object;
    if (!xsiTypeName.empty())
    {
        std::string value;
        appendJsonString(value, xsiTypeName);
        object.set("@xsi:type", std::move(value));
    }
    for (pugi::xml_attribute attribute : element.attributes())
    {
        if (isMarkupAttribute(element, attribute)) continue;
        const std::string_view name = localName(attribute.name());
        const AttributeUse* use = type.findAttribute(name);
        std::string value, problem;
        if (!use)
        {
            appendJsonString(value, attribute.value());
        }
        else if (!lexicalToJsonText(attribute.value(), *use->type, value, problem))
        {
            error = path.childText("@" + std::string(name)) + ": " + problem;
            return false;
        }
        object.set("@" + std::string(name), std::move(value));
    }

    const std::string text = textOf(element);
    if (type.textType)
    {
        std::string value, problem;
        if (!lexicalToJsonText(text, *type.textType, value, problem))
        {
            error = path.childText("#text") + ": " + problem;
            return false;
        }
        object.set("#text", std::move(value));
    }
    else if (!isXmlBlank(text))
    {
        std::string value;
        appendJsonString(value, text);
        object.set("#text", std::move(value));
    }

    // Then the children, whose names are unique and never start with '@' or '#': known ones first,
    // in schema order, then unknown ones in order of appearance. Each value goes straight into json.
    ChildGroups children;
    for (const ElementUse& use : type.elements)
        children.preset(use.decl->name, &use);
    children.collect(element);
    json += '{';
    object.appendMembersTo(json);
    bool separate = !object.empty();
    for (const ChildGroups::Group& group : children.groups())
    {
        const bool array = (group.use && group.use->repeated()) || group.count > 1;
        if (group.count == 0 && !array) continue;
        if (separate) json += ',';
        separate = true;
        appendJsonString(json, group.name);
        json += ':';
        if (array) json += '[';
        const FieldPath childPath(path, group.name);
        const bool ok = children.forEach(
            group,
            [&](pugi::xml_node child, std::size_t index)
            {
                if (index > 0) json += ',';
                if (!group.use) return untypedValue(child, json, error, depth + 1);
                const ElementDecl& decl = *group.use->decl;
                if (group.use->repeated())
                    return typedValue(child, decl, json, error, FieldPath(childPath, index), depth + 1);
                return typedValue(child, decl, json, error, childPath, depth + 1);
            });
        if (!ok) return false;
        if (array) json += ']';
    }
    json += '}';
    return true;
}

namespace
{

// xs:anyType: a plain value whose xsi:type names an XSD built-in is typed by it (an int as a
// number); anything else, or a value its xsi:type does not take, is carried untyped.
bool anyTypeValue(pugi::xml_node element, std::string& json, std::string& error, int depth)
{
    QName type;
    if (xsiType(element, type) && type.ns == ns::xsd && !hasChildElements(element))
    {
        if (const std::optional<XsdBuiltin> builtin = builtinByName(type.local))
        {
            SimpleType simple;
            simple.builtin = *builtin;
            simple.xsdName = "xs:" + type.local;
            std::string value, problem;
            if (lexicalToJsonText(textOf(element), simple, value, problem))
            {
                json += value;
                return true;
            }
        }
    }
    return untypedValue(element, json, error, depth);
}

} // namespace

bool typedValue(pugi::xml_node element, const ElementDecl& decl, std::string& json, std::string& error,
                const FieldPath& path, int depth)
{
    if (isNil(element))
    {
        json += "null";
        return true;
    }
    if (decl.simpleType)
    {
        if (hasChildElements(element))
        {
            error = path.text() + ": expected a " + decl.simpleType->xsdName + " value, got child elements";
            return false;
        }
        std::string problem;
        if (!lexicalToJsonText(textOf(element), *decl.simpleType, json, problem))
        {
            error = path.text() + ": " + problem;
            return false;
        }
        return true;
    }
    if (!decl.complexType) return anyTypeValue(element, json, error, depth);
    const ComplexType& declared = *decl.complexType;
    QName given;
    if ((declared.abstract || !declared.derived.empty()) && xsiType(element, given))
    {
        // The instance names its type: a derived one is mapped by its own schema, and the JSON says which.
        const ComplexType* type = &declared;
        for (const ComplexType* derived : declared.derived)
        {
            if (derived->qname == given) type = derived;
        }
        return typedContent(element, *type, json, error, path, depth, given.local);
    }
    return typedContent(element, declared, json, error, path, depth);
}

} // namespace portico::soap
