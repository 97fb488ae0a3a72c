#pragma once

// The documents read while loading one WSDL: each location fetched and parsed once, all of them
// kept alive while the model is built (schema drafts point into them). Used only at
// configuration time, by one thread.

#include "soap/DocumentFetcher.h"
#include "soap/SourceDocument.h"

#include <map>
#include <memory>
#include <string>

namespace portico::soap
{

class DocumentStore
{
public:
    // Refuses to read more than this many documents for one WSDL (an import loop across
    // generated URLs, or a runaway schema set).
    static constexpr std::size_t maxDocuments = 256;

    explicit DocumentStore(FetchFunction fetch);

    // Reads and parses the document at location, once; later calls return the same document.
    // Throws ConfigError naming the location when it cannot be read or is not acceptable XML.
    const SourceDocument& load(const std::string& location);

private:
    FetchFunction _fetch;
    std::map<std::string, std::unique_ptr<SourceDocument>> _documents;
};

} // namespace portico::soap
