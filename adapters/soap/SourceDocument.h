#pragma once

// One XML document read while loading a WSDL (a WSDL or a schema), parsed through parseXml (so
// without DTDs), with its text kept so that nodes can say where they are ("file.wsdl:12") in
// error messages. Owned by a DocumentStore; configuration time only.

#include <pugixml.hpp>

#include <string>

namespace portico::soap
{

struct SourceDocument
{
    std::string location;
    std::string text;
    pugi::xml_document xml;

    // "location:line" of node, for messages.
    std::string where(pugi::xml_node node) const;
};

} // namespace portico::soap
