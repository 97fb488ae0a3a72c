#include "soap/TypedMapping.h"

#include "soap/JsonText.h"
#include "soap/ScalarMapping.h"
#include "soap/UntypedMapping.h"
#include "soap/XmlNames.h"

#include <string_view>
#include <utility>
#include <vector>

namespace portico::soap
{

namespace
{

std::string childPath(const std::string& parent, const std::string& name)
{
    return parent.empty() ? name : parent + "." + name;
}

bool isBlank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The children of one name: the schema's element (nullptr for an unknown child) and the JSON
// text of each value, in document order.
struct Group
{
    std::string_view name;
    const ElementUse* use = nullptr;
    std::vector<std::string> values;
};

} // namespace

bool typedContent(pugi::xml_node element, const ComplexType& type, std::string& json, std::string& error,
                  const FieldPath& path, int depth)
{
    if (depth > maxReplyDepth)
    {
        error = "the reply nests elements more than " + std::to_string(maxReplyDepth) + " deep";
        return false;
    }
    JsonObjectText object;
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
            error = childPath(path.text(), "@" + std::string(name)) + ": " + problem;
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
            error = childPath(path.text(), "#text") + ": " + problem;
            return false;
        }
        object.set("#text", std::move(value));
    }
    else if (!isBlank(text))
    {
        std::string value;
        appendJsonString(value, text);
        object.set("#text", std::move(value));
    }

    // Known children first, in schema order, then unknown ones in order of appearance.
    std::vector<Group> groups;
    groups.reserve(type.elements.size());
    for (const ElementUse& use : type.elements)
        groups.push_back(Group{use.decl->name, &use, {}});
    const std::size_t known = groups.size();
    for (pugi::xml_node child : element.children())
    {
        if (child.type() != pugi::node_element) continue;
        const std::string_view name = localName(child.name());
        std::size_t index = 0;
        while (index < groups.size() && groups[index].name != name)
            ++index;
        if (index == groups.size()) groups.push_back(Group{name, nullptr, {}});
        Group& group = groups[index];
        std::string value;
        bool ok = false;
        if (!group.use)
        {
            ok = untypedValue(child, value, error, depth + 1);
        }
        else
        {
            const FieldPath childPath(path, name);
            if (group.use->repeated())
                ok = typedValue(child, *group.use->decl, value, error, FieldPath(childPath, group.values.size()),
                                depth + 1);
            else
                ok = typedValue(child, *group.use->decl, value, error, childPath, depth + 1);
        }
        if (!ok) return false;
        group.values.push_back(std::move(value));
    }
    for (std::size_t i = 0; i < groups.size(); ++i)
    {
        Group& group = groups[i];
        const bool array = (i < known && group.use->repeated()) || group.values.size() > 1;
        if (group.values.empty() && !array) continue;
        if (!array)
        {
            object.set(std::string(group.name), std::move(group.values.front()));
            continue;
        }
        std::string values = "[";
        for (std::size_t k = 0; k < group.values.size(); ++k)
        {
            if (k > 0) values += ',';
            values += group.values[k];
        }
        values += ']';
        object.set(std::string(group.name), std::move(values));
    }
    object.appendTo(json);
    return true;
}

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
    if (!decl.complexType)
    {
        return untypedValue(element, json, error, depth);
    }
    return typedContent(element, *decl.complexType, json, error, path, depth);
}

} // namespace portico::soap
