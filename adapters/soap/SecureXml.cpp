#include "soap/SecureXml.h"

#include <algorithm>

namespace portico::soap
{

bool parseXml(const std::string& text, pugi::xml_document& doc, std::string& error)
{
    const unsigned flags = pugi::parse_default | pugi::parse_doctype | pugi::parse_ws_pcdata_single;
    const pugi::xml_parse_result result = doc.load_buffer(text.data(), text.size(), flags);
    if (!result)
    {
        error = "not well-formed XML at line " + std::to_string(lineAt(text, result.offset)) + ": " +
                result.description();
        return false;
    }
    // A DOCTYPE can only appear in the prolog, so the document's own children are enough to check.
    for (pugi::xml_node node : doc.children())
    {
        if (node.type() == pugi::node_doctype)
        {
            error = "a DOCTYPE declaration is not allowed (DTDs and entities are refused)";
            return false;
        }
    }
    if (!doc.document_element())
    {
        error = "the document has no root element";
        return false;
    }
    return true;
}

int lineAt(const std::string& text, std::ptrdiff_t offset)
{
    if (offset < 0) return 1;
    const std::size_t end = std::min(text.size(), static_cast<std::size_t>(offset));
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

} // namespace portico::soap
