#include "XmlMutator.h"

#include "StructuredMutation.h"

#include <pugixml.hpp>

#include <iterator>
#include <string>
#include <vector>

namespace portico::fuzz
{

namespace
{

// Local names the readers look for (WSDL, XSD, SOAP envelopes and faults), so a rename can turn
// one construct into another.
const std::vector<std::string>& knownNames()
{
    static const std::vector<std::string> all = {
        "definitions", "types",         "message",       "part",
        "portType",    "operation",     "input",         "output",
        "fault",       "binding",       "service",       "port",
        "address",     "import",        "include",       "redefine",
        "schema",      "element",       "complexType",   "simpleType",
        "sequence",    "choice",        "all",           "group",
        "attribute",   "any",           "anyAttribute",  "attributeGroup",
        "restriction", "extension",     "simpleContent", "complexContent",
        "enumeration", "pattern",       "minInclusive",  "maxExclusive",
        "length",      "maxLength",     "totalDigits",   "fractionDigits",
        "list",        "union",         "Envelope",      "Header",
        "Body",        "Fault",         "faultcode",     "faultstring",
        "detail",      "Code",          "Value",         "Subcode",
        "Reason",      "Text",          "Include",       "body",
        "header",      "documentation",
    };
    return all;
}

const std::vector<std::string>& knownAttributes()
{
    static const std::vector<std::string> all = {
        "name",
        "type",
        "element",
        "ref",
        "base",
        "minOccurs",
        "maxOccurs",
        "nillable",
        "default",
        "fixed",
        "use",
        "form",
        "mixed",
        "abstract",
        "substitutionGroup",
        "memberTypes",
        "itemType",
        "value",
        "targetNamespace",
        "namespace",
        "schemaLocation",
        "location",
        "message",
        "binding",
        "style",
        "soapAction",
        "parts",
        "xsi:type",
        "xsi:nil",
        "href",
        "elementFormDefault",
        "attributeFormDefault",
        "encodingStyle",
        "mustUnderstand",
    };
    return all;
}

// What one document holds, to pick edits from and to reuse its own names and values.
struct Inventory
{
    std::vector<pugi::xml_node> elements; // document order; [0] is the root
    std::vector<std::string> elementNames;
    std::vector<std::string> attributeNames;
    std::vector<std::string> values; // attribute values and texts
};

Inventory inventory(const pugi::xml_document& document)
{
    Inventory result;
    std::vector<pugi::xml_node> pending = {document.document_element()};
    while (!pending.empty())
    {
        const pugi::xml_node node = pending.back();
        pending.pop_back();
        if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata)
        {
            result.values.emplace_back(node.value());
            continue;
        }
        if (node.type() != pugi::node_element) continue;
        result.elements.push_back(node);
        result.elementNames.emplace_back(node.name());
        for (const pugi::xml_attribute attribute : node.attributes())
        {
            result.attributeNames.emplace_back(attribute.name());
            result.values.emplace_back(attribute.value());
        }
        for (pugi::xml_node child = node.last_child(); child; child = child.previous_sibling())
            pending.push_back(child);
    }
    return result;
}

const std::string& oneOf(Random& random, const std::vector<std::string>& first,
                         const std::vector<std::string>& second)
{
    const std::size_t at = pick(random, first.size() + second.size());
    return at < first.size() ? first[at] : second[at - first.size()];
}

// The name with its prefix kept and its local part replaced.
std::string renamed(const std::string& name, const std::string& local)
{
    const std::size_t colon = name.find(':');
    const std::size_t localColon = local.find(':');
    const std::string bare = localColon == std::string::npos ? local : local.substr(localColon + 1);
    return colon == std::string::npos ? bare : name.substr(0, colon + 1) + bare;
}

bool inside(pugi::xml_node node, pugi::xml_node ancestor)
{
    for (; node; node = node.parent())
    {
        if (node == ancestor) return true;
    }
    return false;
}

std::string value(Random& random, const Inventory& found)
{
    return random() % 3 == 0 && !found.values.empty() ? found.values[pick(random, found.values.size())]
                                                      : edgeTexts()[pick(random, edgeTexts().size())];
}

void setText(pugi::xml_node element, const std::string& text)
{
    for (pugi::xml_node child : element.children())
    {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
        {
            child.set_value(text.c_str());
            return;
        }
    }
    element.append_child(pugi::node_pcdata).set_value(text.c_str());
}

pugi::xml_attribute randomAttribute(pugi::xml_node element, Random& random)
{
    const auto count =
        static_cast<std::size_t>(std::distance(element.attributes_begin(), element.attributes_end()));
    if (count == 0) return {};
    pugi::xml_attribute chosen = element.first_attribute();
    for (std::size_t skip = pick(random, count); skip > 0; --skip)
        chosen = chosen.next_attribute();
    return chosen;
}

// One edit; false when the chosen one does not apply to the chosen element.
bool edit(pugi::xml_document& document, Random& random)
{
    const Inventory found = inventory(document);
    if (found.elements.empty()) return false;
    pugi::xml_node element = found.elements[pick(random, found.elements.size())];
    pugi::xml_node parent = element.parent();
    const bool root = element == document.document_element();
    pugi::xml_attribute attribute = randomAttribute(element, random);
    switch (pick(random, 12))
    {
    case 0: // duplicate: a repeated element, maxOccurs and choices
        return !root && parent.insert_copy_after(element, element);
    case 1:
        return !root && parent.remove_child(element);
    case 2: // move under another element not inside it
    {
        pugi::xml_node target = found.elements[pick(random, found.elements.size())];
        if (root || inside(target, element)) return false;
        const pugi::xml_node before = target.first_child();
        return random() % 2 == 0 || !before ? bool(target.append_move(element))
                                            : bool(target.insert_move_before(element, before));
    }
    case 3: // wrap in a new element: nesting one level deeper
    {
        if (root) return false;
        pugi::xml_node wrapper = parent.insert_child_before(
            renamed(element.name(), oneOf(random, knownNames(), found.elementNames)).c_str(), element);
        return wrapper && wrapper.append_move(element);
    }
    case 4: // swap with the next sibling element
    {
        const pugi::xml_node next = element.next_sibling();
        return !root && next && parent.insert_move_before(next, element);
    }
    case 5:
        return element.set_name(
            renamed(element.name(), oneOf(random, knownNames(), found.elementNames)).c_str());
    case 6:
        return attribute &&
               attribute.set_name(oneOf(random, knownAttributes(), found.attributeNames).c_str());
    case 7:
    {
        const std::string name = oneOf(random, knownAttributes(), found.attributeNames);
        if (element.attribute(name.c_str())) return false;
        return element.append_attribute(name.c_str()).set_value(value(random, found).c_str());
    }
    case 8:
        return attribute && element.remove_attribute(attribute);
    case 9:
        return attribute && attribute.set_value(value(random, found).c_str());
    case 10: // the text of an element without element children
        if (element.find_child([](pugi::xml_node child) { return child.type() == pugi::node_element; }))
            return false;
        setText(element, value(random, found));
        return true;
    default: // a copy of another element inside this one (recursive and foreign content)
    {
        const pugi::xml_node source = found.elements[pick(random, found.elements.size())];
        return !inside(element, source) && element.append_copy(source);
    }
    }
}

struct StringWriter : pugi::xml_writer
{
    std::string text;
    void write(const void* data, std::size_t size) override
    {
        text.append(static_cast<const char*>(data), size);
    }
};

} // namespace

std::size_t mutateXml(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned int seed,
                      std::size_t prefix)
{
    return mutateStructured(
        data, size, maxSize, seed, prefix,
        [](std::string& text, Random& random)
        {
            pugi::xml_document document;
            // parse_full keeps comments, processing instructions and spacing, so
            // what is not edited is written back as it was.
            if (!document.load_buffer(text.data(), text.size(), pugi::parse_full, pugi::encoding_utf8) ||
                !edit(document, random))
                return false;
            StringWriter writer;
            document.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
            text = std::move(writer.text);
            return true;
        });
}

} // namespace portico::fuzz
