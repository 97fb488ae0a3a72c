#include "soap/DocumentStore.h"

#include "soap/ConfigError.h"
#include "soap/SecureXml.h"

namespace portico::soap
{

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
    const SourceDocument& result = *document;
    _documents.emplace(location, std::move(document));
    return result;
}

} // namespace portico::soap
