#include "soap/DocumentStore.h"

#include "soap/ConfigError.h"
#include "soap/SecureXml.h"
#include "soap/XsdLexical.h"

namespace portico::soap
{

namespace
{

// pugixml takes names and text as bytes. A WSDL or schema whose names or text are not UTF-8 (or
// hold characters XML forbids) would carry them into the OpenAPI description, the envelopes and
// the JSON of replies as invalid text, so it is refused when it is read, like any malformed XML.
// Finds the first element or text node holding such bytes.
struct InvalidTextFinder : pugi::xml_tree_walker
{
    pugi::xml_node found;

    bool for_each(pugi::xml_node& node) override
    {
        // Comments and processing instructions are never read.
        const pugi::xml_node_type type = node.type();
        if (type != pugi::node_element && type != pugi::node_pcdata && type != pugi::node_cdata) return true;
        bool valid = isXmlText(node.name()) && isXmlText(node.value());
        for (const pugi::xml_attribute attribute : node.attributes())
            valid = valid && isXmlText(attribute.name()) && isXmlText(attribute.value());
        if (!valid) found = node;
        return valid;
    }
};

} // namespace

DocumentStore::DocumentStore(FetchFunction fetch) : _fetch(std::move(fetch)) {}

const SourceDocument& DocumentStore::load(const std::string& location)
{
    const auto found = _documents.find(location);
    if (found != _documents.end()) return *found->second;
    if (_documents.size() >= maxDocuments)
        throw ConfigError("more than " + std::to_string(maxDocuments) + " WSDL and schema documents to read");
    auto document = std::make_unique<SourceDocument>();
    document->location = location;
    std::string error;
    if (!_fetch(location, document->text, error)) throw ConfigError(error);
    if (!parseXml(document->text, document->xml, error)) throw ConfigError("'" + location + "': " + error);
    InvalidTextFinder finder;
    document->xml.traverse(finder);
    if (finder.found)
        throw ConfigError(document->where(finder.found) +
                          ": a name or text holds bytes that are not UTF-8 or characters XML does not allow");
    const SourceDocument& result = *document;
    _documents.emplace(location, std::move(document));
    return result;
}

} // namespace portico::soap
