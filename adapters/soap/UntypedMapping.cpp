#include "soap/UntypedMapping.h"

#include "soap/ChildGroups.h"
#include "soap/JsonText.h"
#include "soap/Namespaces.h"
#include "soap/XmlNames.h"

#include <utility>

namespace portico::soap
{

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
    // Attributes and text first; two attributes may share a local name (in different
    // namespaces), which JsonObjectText resolves like Poco::JSON did.
    JsonObjectText object;
    for (pugi::xml_attribute attribute : element.attributes())
    {
        if (isMarkupAttribute(element, attribute)) continue;
        std::string value;
        appendJsonString(value, attribute.value());
        object.set("@" + std::string(localName(attribute.name())), std::move(value));
    }
    // Children grouped by local name, in order of first appearance.
    ChildGroups children;
    children.collect(element);
    const std::string text = textOf(element);
    if (!isXmlBlank(text) || (children.groups().empty() && !text.empty()))
    {
        std::string value;
        appendJsonString(value, text);
        object.set("#text", std::move(value));
    }
    // Then the children, whose names are unique and never start with '@' or '#', each value
    // written straight into json.
    json += '{';
    object.appendMembersTo(json);
    bool separate = !object.empty();
    for (const ChildGroups::Group& group : children.groups())
    {
        if (separate) json += ',';
        separate = true;
        appendJsonString(json, group.name);
        json += ':';
        const bool array = group.count > 1;
        if (array) json += '[';
        const bool ok = children.forEach(group,
                                         [&](pugi::xml_node child, std::size_t index)
                                         {
                                             if (index > 0) json += ',';
                                             return untypedValue(child, json, error, depth + 1);
                                         });
        if (!ok) return false;
        if (array) json += ']';
    }
    json += '}';
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
