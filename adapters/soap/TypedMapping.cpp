#include "soap/TypedMapping.h"

#include "soap/JsonValues.h"
#include "soap/ScalarMapping.h"
#include "soap/UntypedMapping.h"
#include "soap/XmlNames.h"

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

struct Group
{
    std::string name;
    const ElementUse* use = nullptr;
    std::vector<Poco::Dynamic::Var> values;
};

} // namespace

bool typedContent(pugi::xml_node element, const ComplexType& type, Poco::JSON::Object::Ptr& object,
                  std::string& error, const std::string& path, int depth)
{
    if (depth > maxReplyDepth)
    {
        error = "the reply nests elements more than " + std::to_string(maxReplyDepth) + " deep";
        return false;
    }
    object = newObject();
    for (pugi::xml_attribute attribute : element.attributes())
    {
        if (isMarkupAttribute(element, attribute)) continue;
        const std::string name(localName(attribute.name()));
        const AttributeUse* use = type.findAttribute(name);
        Poco::Dynamic::Var value = std::string(attribute.value());
        std::string problem;
        if (use && !lexicalToJson(attribute.value(), *use->type, value, problem))
        {
            error = childPath(path, "@" + name) + ": " + problem;
            return false;
        }
        object->set("@" + name, value);
    }

    const std::string text = textOf(element);
    if (type.textType)
    {
        Poco::Dynamic::Var value;
        std::string problem;
        if (!lexicalToJson(text, *type.textType, value, problem))
        {
            error = childPath(path, "#text") + ": " + problem;
            return false;
        }
        object->set("#text", value);
    }
    else if (!isBlank(text))
    {
        object->set("#text", text);
    }

    // Known children first, in schema order, then unknown ones in order of appearance.
    std::vector<Group> groups;
    for (const ElementUse& use : type.elements)
        groups.push_back(Group{use.decl->name, &use, {}});
    const std::size_t known = groups.size();
    for (pugi::xml_node child : element.children())
    {
        if (child.type() != pugi::node_element) continue;
        const std::string name(localName(child.name()));
        std::size_t index = 0;
        while (index < groups.size() && groups[index].name != name)
            ++index;
        if (index == groups.size()) groups.push_back(Group{name, nullptr, {}});
        Group& group = groups[index];
        const std::string childPathText =
            childPath(path, name) +
            (group.use && group.use->repeated() ? "[" + std::to_string(group.values.size()) + "]" : "");
        Poco::Dynamic::Var value;
        const bool ok = group.use
                            ? typedValue(child, *group.use->decl, value, error, childPathText, depth + 1)
                            : untypedValue(child, value, error, depth + 1);
        if (!ok) return false;
        group.values.push_back(value);
    }
    for (std::size_t i = 0; i < groups.size(); ++i)
    {
        const Group& group = groups[i];
        const bool array = (i < known && group.use->repeated()) || group.values.size() > 1;
        if (group.values.empty() && !array) continue;
        if (!array)
        {
            object->set(group.name, group.values.front());
            continue;
        }
        Poco::JSON::Array::Ptr values = newArray();
        for (const Poco::Dynamic::Var& value : group.values)
            values->add(value);
        object->set(group.name, values);
    }
    return true;
}

bool typedValue(pugi::xml_node element, const ElementDecl& decl, Poco::Dynamic::Var& value,
                std::string& error, const std::string& path, int depth)
{
    if (isNil(element))
    {
        value = Poco::Dynamic::Var();
        return true;
    }
    if (decl.simpleType)
    {
        if (hasChildElements(element))
        {
            error = path + ": expected a " + decl.simpleType->xsdName + " value, got child elements";
            return false;
        }
        std::string problem;
        if (!lexicalToJson(textOf(element), *decl.simpleType, value, problem))
        {
            error = path + ": " + problem;
            return false;
        }
        return true;
    }
    if (!decl.complexType)
    {
        return untypedValue(element, value, error, depth);
    }
    Poco::JSON::Object::Ptr object;
    if (!typedContent(element, *decl.complexType, object, error, path, depth)) return false;
    value = object;
    return true;
}

} // namespace portico::soap
