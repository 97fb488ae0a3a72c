#pragma once

// Turns a loaded WSDL into a ServiceContract for one route: chooses the service, the port (and
// so the binding and SOAP version) and maps each binding operation to its request and response
// wrapper elements.
//
// Port choice: <port> when configured; else, among the service's SOAP ports, the first whose
// binding has the configured <version>; with neither, the first SOAP 1.1 port, else the first
// SOAP 1.2 port (SOAP 1.1 is what every SOAP stack answers). A WSDL with several services needs
// <service>. A WSDL without services is used through its first matching SOAP binding.
//
// Operations: document/literal wrapped (the input message's single part element is the request
// wrapper, the output's the response wrapper; no part means an empty Body) and rpc/literal (a
// wrapper named after the operation in soap:body's namespace, or the WSDL target namespace,
// holding one unqualified child per part; the response wrapper is any element, by convention
// <operation>Response). An operation that cannot be mapped (use="encoded", several document
// parts, a type= part in document style, a simple-typed part element, unsupported schema
// constructs it reaches, overloaded names, …) is kept with SoapOperation::unsupported set.
// The input's soap:header parts become SoapOperation::requestHeader (HeaderPartResolver.h);
// headers it cannot send, and headers declared on the output, are described in
// SoapOperation::warning.

#include "soap/ServiceContract.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::soap
{

struct PortSelection
{
    std::string service; // local names; "" when not configured
    std::string port;
    std::optional<SoapVersion> version;
};

class OperationResolver
{
public:
    // Returns nullptr and appends messages to errors when the selection does not fit the WSDL.
    static std::shared_ptr<const ServiceContract> resolve(std::shared_ptr<const WsdlModel> wsdl,
                                                          const PortSelection& selection,
                                                          std::vector<std::string>& errors);
};

} // namespace portico::soap
