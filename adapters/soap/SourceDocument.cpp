#include "soap/SourceDocument.h"

#include "soap/SecureXml.h"

namespace portico::soap
{

std::string SourceDocument::where(pugi::xml_node node) const
{
    return location + ":" + std::to_string(lineAt(text, node.offset_debug()));
}

} // namespace portico::soap
