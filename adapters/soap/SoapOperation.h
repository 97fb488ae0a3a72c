#pragma once

// One operation as the adapter calls it: its SOAPAction and the wrapper elements of its request
// and response. Built once (OperationResolver, or SoapRoute for a route without a WSDL) and
// then only read, from any thread.

#include "soap/SchemaModel.h"

#include <string>
#include <vector>

namespace portico::soap
{

// A <soap:header> part of the input that the adapter sends: the JSON member
// "soap:Header": {"<element local name>": …} becomes this element inside soap:Header.
struct SoapHeaderPart
{
    const ElementDecl* element = nullptr;
    bool required = false; // wsdl:required="true": a request without it is refused
};

struct SoapOperation
{
    std::string name;
    std::string soapAction;
    std::string documentation;

    // With a WSDL: the schema describes both wrappers. requestWrapper is nullptr when the input
    // message has no parts (an empty SOAP Body is sent); responseWrapper is nullptr when the
    // output has no parts or the operation has no output (one-way).
    bool typed = false;
    bool rpc = false; // rpc/literal: the wrappers are synthesised from the message parts
    const ElementDecl* requestWrapper = nullptr;
    const ElementDecl* responseWrapper = nullptr;
    bool hasOutput = true;
    std::vector<SoapHeaderPart> requestHeaders; // in binding order

    // Without a WSDL: the request wrapper is <name> in this namespace, and so are its children.
    std::string untypedNamespace;

    // Why the operation cannot be mapped (a construct it reaches is not supported); "" when fine.
    std::string unsupported;
    // Something worth logging when a route uses the operation (e.g. SOAP headers it cannot send).
    std::string warning;
};

} // namespace portico::soap
