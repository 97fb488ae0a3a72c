#pragma once

// Namespace resolution on top of pugixml, which keeps names as written ("soap:Body") and knows
// nothing of namespaces. Prefixes are resolved through the xmlns declarations in scope. All
// functions are pure and thread-safe; the nodes must stay valid during the call.

#include "soap/QName.h"

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace portico::soap
{

// The part after the first ':' (or the whole name).
std::string_view localName(const char* qualifiedName);
// The part before the first ':' (or "").
std::string_view prefixOf(const char* qualifiedName);

// The namespace bound to prefix ("" = the default namespace) at node. Returns false when the
// prefix is not declared; an undeclared default namespace is "no namespace" and returns true.
bool lookupNamespace(pugi::xml_node node, std::string_view prefix, std::string& uri);

// The element's namespace URI ("" when none, or when its prefix is undeclared).
std::string namespaceOf(pugi::xml_node element);
// The same without a copy, for the request path: the text stays in the node's document, valid
// as long as the document is.
std::string_view namespaceViewOf(pugi::xml_node element);

// True for an element whose local name and namespace are both as given.
bool isElement(pugi::xml_node node, const char* ns, std::string_view local);

// Resolves a QName-valued text (an attribute such as type="tns:Add") in the scope of context.
// An unprefixed name takes the default namespace. Returns false when the prefix is undeclared.
bool resolveQName(pugi::xml_node context, std::string_view text, QName& out);

// The namespace of an attribute of owner: "" when unprefixed (attributes never take the default
// namespace), the bound URI otherwise.
std::string attributeNamespace(pugi::xml_node owner, pugi::xml_attribute attribute);
// The same without a copy (valid as long as the document is).
std::string_view attributeNamespaceView(pugi::xml_node owner, pugi::xml_attribute attribute);

// True for xmlns and xmlns:* declarations.
bool isNamespaceDeclaration(pugi::xml_attribute attribute);

// The element's xsi:nil is "true" or "1".
bool isNil(pugi::xml_node element);

// The element's xsi:type, resolved in its scope. False when it has none (or an undeclared prefix).
bool xsiType(pugi::xml_node element, QName& type);

// Concatenated character data (text and CDATA) directly inside element.
std::string textOf(pugi::xml_node element);

// True when element has at least one child element.
bool hasChildElements(pugi::xml_node element);

// XML's whitespace characters (space, tab, CR, LF), the set trimmed and tested below.
inline constexpr std::string_view xmlSpace = " \t\r\n";

// text without leading and trailing XML whitespace; a view into text.
inline std::string_view trimXmlSpace(std::string_view text)
{
    const std::size_t begin = text.find_first_not_of(xmlSpace);
    if (begin == std::string_view::npos) return {};
    return text.substr(begin, text.find_last_not_of(xmlSpace) - begin + 1);
}

// True when text is empty or XML whitespace only.
inline bool isXmlBlank(std::string_view text)
{
    return text.find_first_not_of(xmlSpace) == std::string_view::npos;
}

// An XML NCName (letters, digits, '.', '-', '_', starting with a letter or '_'; non-ASCII bytes
// accepted as name characters).
bool isNcName(std::string_view name);

} // namespace portico::soap
