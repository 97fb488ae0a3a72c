#include "soap/XmlNames.h"

#include "soap/Namespaces.h"

#include <cstring>

namespace portico::soap
{

std::string_view localName(const char* qualifiedName)
{
    const char* colon = std::strchr(qualifiedName, ':');
    return colon ? std::string_view(colon + 1) : std::string_view(qualifiedName);
}

std::string_view prefixOf(const char* qualifiedName)
{
    const char* colon = std::strchr(qualifiedName, ':');
    return colon ? std::string_view(qualifiedName, static_cast<std::size_t>(colon - qualifiedName))
                 : std::string_view();
}

namespace
{

// The URI bound to prefix at node, found without building the "xmlns:prefix" name: the text of
// the first matching declaration of the nearest element that has one. nullptr when the prefix is
// not declared; "" for an undeclared default namespace.
const char* findNamespace(pugi::xml_node node, std::string_view prefix)
{
    if (prefix == "xml") return ns::xml;
    for (pugi::xml_node scope = node; scope && scope.type() == pugi::node_element; scope = scope.parent())
    {
        for (pugi::xml_attribute attribute : scope.attributes())
        {
            const char* name = attribute.name();
            if (std::strncmp(name, "xmlns", 5) != 0) continue;
            const bool matches =
                prefix.empty() ? name[5] == '\0' : name[5] == ':' && std::string_view(name + 6) == prefix;
            if (matches) return attribute.value();
        }
    }
    return prefix.empty() ? "" : nullptr;
}

} // namespace

bool lookupNamespace(pugi::xml_node node, std::string_view prefix, std::string& uri)
{
    const char* found = findNamespace(node, prefix);
    if (!found)
    {
        uri.clear();
        return false;
    }
    uri = found;
    return true;
}

std::string namespaceOf(pugi::xml_node element)
{
    return std::string(namespaceViewOf(element));
}

std::string_view namespaceViewOf(pugi::xml_node element)
{
    const char* found = findNamespace(element, prefixOf(element.name()));
    return found ? std::string_view(found) : std::string_view();
}

bool isElement(pugi::xml_node node, const char* ns, std::string_view local)
{
    return node.type() == pugi::node_element && localName(node.name()) == local &&
           namespaceViewOf(node) == ns;
}

bool resolveQName(pugi::xml_node context, std::string_view text, QName& out)
{
    const std::string_view name = trimXmlSpace(text);
    const std::size_t colon = name.find(':');
    const std::string_view prefix =
        colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    out.local = std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
    return lookupNamespace(context, prefix, out.ns);
}

std::string attributeNamespace(pugi::xml_node owner, pugi::xml_attribute attribute)
{
    return std::string(attributeNamespaceView(owner, attribute));
}

std::string_view attributeNamespaceView(pugi::xml_node owner, pugi::xml_attribute attribute)
{
    const std::string_view prefix = prefixOf(attribute.name());
    if (prefix.empty()) return std::string_view();
    const char* found = findNamespace(owner, prefix);
    return found ? std::string_view(found) : std::string_view();
}

bool isNamespaceDeclaration(pugi::xml_attribute attribute)
{
    const char* name = attribute.name();
    return std::strcmp(name, "xmlns") == 0 || std::strncmp(name, "xmlns:", 6) == 0;
}

bool isNil(pugi::xml_node element)
{
    for (pugi::xml_attribute attribute : element.attributes())
    {
        if (localName(attribute.name()) == "nil" && attributeNamespaceView(element, attribute) == ns::xsi)
        {
            const std::string_view value = attribute.value();
            return value == "true" || value == "1";
        }
    }
    return false;
}

bool xsiType(pugi::xml_node element, QName& type)
{
    for (pugi::xml_attribute attribute : element.attributes())
    {
        if (localName(attribute.name()) == "type" && attributeNamespaceView(element, attribute) == ns::xsi)
            return resolveQName(element, trimXmlSpace(attribute.value()), type);
    }
    return false;
}

std::string textOf(pugi::xml_node element)
{
    std::string text;
    for (pugi::xml_node child : element.children())
    {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
    }
    return text;
}

bool hasChildElements(pugi::xml_node element)
{
    for (pugi::xml_node child : element.children())
    {
        if (child.type() == pugi::node_element) return true;
    }
    return false;
}

bool isNcName(std::string_view name)
{
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
    {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
        const bool other = (c >= '0' && c <= '9') || c == '.' || c == '-';
        if (!(letter || (i > 0 && other))) return false;
    }
    return true;
}

} // namespace portico::soap
