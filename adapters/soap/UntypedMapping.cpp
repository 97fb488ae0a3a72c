#include "soap/UntypedMapping.h"

#include "soap/JsonText.h"
#include "soap/Namespaces.h"
#include "soap/XmlNames.h"

#include <string_view>
#include <utility>
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
    return isNamespaceDeclaration(attribute) || attributeNamespaceView(owner, attribute) == ns::xsi;
}

bool untypedContent(pugi::xml_node element, std::string& json, std::string& error, int depth)
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
        std::string value;
        appendJsonString(value, attribute.value());
        object.set("@" + std::string(localName(attribute.name())), std::move(value));
    }
    // Children grouped by local name, in order of first appearance; each value as JSON text.
    std::vector<std::pair<std::string_view, std::vector<std::string>>> groups;
    for (pugi::xml_node child : element.children())
    {
        if (child.type() != pugi::node_element) continue;
        std::string value;
        if (!untypedValue(child, value, error, depth + 1)) return false;
        const std::string_view name = localName(child.name());
        auto group = groups.begin();
        while (group != groups.end() && group->first != name)
            ++group;
        if (group == groups.end())
        {
            groups.emplace_back(name, std::vector<std::string>());
            group = groups.end() - 1;
        }
        group->second.push_back(std::move(value));
    }
    const std::string text = textOf(element);
    if (!isBlank(text) || (groups.empty() && !text.empty()))
    {
        std::string value;
        appendJsonString(value, text);
        object.set("#text", std::move(value));
    }
    for (auto& [name, values] : groups)
    {
        if (values.size() == 1)
        {
            object.set(std::string(name), std::move(values.front()));
            continue;
        }
        std::string array = "[";
        for (std::size_t i = 0; i < values.size(); ++i)
        {
            if (i > 0) array += ',';
            array += values[i];
        }
        array += ']';
        object.set(std::string(name), std::move(array));
    }
    object.appendTo(json);
    return true;
}

bool untypedValue(pugi::xml_node element, std::string& json, std::string& error, int depth)
{
    if (isNil(element))
    {
        json += "null";
        return true;
    }
    bool hasAttributes = false;
    for (pugi::xml_attribute attribute : element.attributes())
    {
        if (!isMarkupAttribute(element, attribute)) hasAttributes = true;
    }
    if (!hasAttributes && !hasChildElements(element))
    {
        appendJsonString(json, textOf(element));
        return true;
    }
    return untypedContent(element, json, error, depth);
}

} // namespace portico::soap
