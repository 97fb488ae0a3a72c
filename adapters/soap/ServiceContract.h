#pragma once

// What a route uses of a WSDL: the chosen service, port and binding, its SOAP version and
// address, and the binding's operations. Built once by OperationResolver; immutable and shared
// read-only afterwards. Keeps the WsdlModel (and so the SchemaSet every pointer refers to) alive.

#include "soap/SoapOperation.h"
#include "soap/SoapVersion.h"
#include "soap/WsdlModel.h"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace portico::soap
{

struct ServiceContract
{
    std::shared_ptr<const WsdlModel> wsdl;
    std::string serviceName; // "" when the WSDL has no service (then an <endpoint> is needed)
    std::string portName;
    std::string bindingName;
    SoapVersion version = SoapVersion::Soap11;
    std::string address;                   // the port's soap:address, "" when none
    std::vector<SoapOperation> operations; // in binding order

    // Components made for rpc/literal wrappers and their parts (pointed to by operations).
    std::deque<ElementDecl> syntheticElements;
    std::deque<ComplexType> syntheticTypes;
    std::deque<SimpleType> syntheticSimpleTypes;

    const SoapOperation* find(const std::string& name) const
    {
        for (const SoapOperation& operation : operations)
        {
            if (operation.name == name) return &operation;
        }
        return nullptr;
    }

    // "Add, Divide, Multiply, Subtract" (sorted), for messages.
    std::string operationNames() const;
};

} // namespace portico::soap
