#include "soap/UntypedMapping.h"

#include "soap/JsonValues.h"
#include "soap/Namespaces.h"
#include "soap/XmlNames.h"

#include <vector>

namespace portico::soap
{

namespace
{

bool isBlank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

} // namespace

bool isMarkupAttribute(pugi::xml_node owner, pugi::xml_attribute attribute)
{
    return isNamespaceDeclaration(attribute) || attributeNamespace(owner, attribute) == ns::xsi;
}

bool untypedContent(pugi::xml_node element, Poco::JSON::Object::Ptr& object, std::string& error, int depth)
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
        object->set("@" + std::string(localName(attribute.name())), std::string(attribute.value()));
    }
    // Children grouped by local name, in order of first appearance.
    std::vector<std::pair<std::string, std::vector<Poco::Dynamic::Var>>> groups;
    for (pugi::xml_node child : element.children())
    {
        if (child.type() != pugi::node_element) continue;
        Poco::Dynamic::Var value;
        if (!untypedValue(child, value, error, depth + 1)) return false;
        const std::string name(localName(child.name()));
        auto group = groups.begin();
        while (group != groups.end() && group->first != name)
            ++group;
        if (group == groups.end())
            groups.emplace_back(name, std::vector<Poco::Dynamic::Var>{value});
        else
            group->second.push_back(value);
    }
    const std::string text = textOf(element);
    if (!isBlank(text) || (groups.empty() && !text.empty())) object->set("#text", text);
    for (const auto& [name, values] : groups)
    {
        if (values.size() == 1)
        {
            object->set(name, values.front());
            continue;
        }
        Poco::JSON::Array::Ptr array = newArray();
        for (const Poco::Dynamic::Var& value : values)
            array->add(value);
        object->set(name, array);
    }
    return true;
}

bool untypedValue(pugi::xml_node element, Poco::Dynamic::Var& value, std::string& error, int depth)
{
    if (isNil(element))
    {
        value = Poco::Dynamic::Var();
        return true;
    }
    bool hasAttributes = false;
    for (pugi::xml_attribute attribute : element.attributes())
    {
        if (!isMarkupAttribute(element, attribute)) hasAttributes = true;
    }
    if (!hasAttributes && !hasChildElements(element))
    {
        value = textOf(element);
        return true;
    }
    Poco::JSON::Object::Ptr object;
    if (!untypedContent(element, object, error, depth)) return false;
    value = object;
    return true;
}

} // namespace portico::soap
