#pragma once

// Loads a WSDL 1.1 document and everything it imports (wsdl:import of WSDLs or schemas,
// xs:import / xs:include from its schemas), resolving relative locations against the importing
// document, into an immutable WsdlModel. Recognises SOAP 1.1 (soap:binding) and SOAP 1.2
// (soap12:binding) bindings; other bindings (HTTP GET/POST) are kept without a version and never
// chosen. Configuration time only; throws ConfigError naming the document and line.

#include "soap/DocumentFetcher.h"
#include "soap/WsdlModel.h"

#include <memory>
#include <string>

namespace portico::soap
{

class WsdlLoader
{
public:
    explicit WsdlLoader(FetchFunction fetch);

    std::shared_ptr<const WsdlModel> load(const std::string& location) const;

private:
    FetchFunction _fetch;
};

} // namespace portico::soap
