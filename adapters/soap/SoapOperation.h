#pragma once

// One operation as the adapter calls it: its SOAPAction and the wrapper elements of its request
// and response. Built once (OperationResolver, or SoapRoute for a route without a WSDL) and
// then only read, from any thread.

#include "soap/SchemaModel.h"

#include <string>
#include <utility>
#include <vector>

namespace portico::soap
{

// The request member that holds the SOAP header parts. It cannot clash with a body field: a JSON
// key with a colon is never an element's local name.
inline constexpr const char* soapHeaderMember = "soap:Header";

struct SoapOperation
{
    std::string name;
    std::string soapAction;
    // The HTTP headers that name the action (actionHeaders() in SoapVersion.h), fixed per
    // operation: set when the route is created.
    std::vector<std::pair<std::string, std::string>> actionHeaders;
    std::string documentation;

    // With a WSDL: the schema describes both wrappers. requestWrapper is nullptr when the input
    // message has no parts (an empty SOAP Body is sent); responseWrapper is nullptr when the
    // output has no parts or the operation has no output (one-way).
    bool typed = false;
    bool rpc = false; // rpc/literal: the wrappers are synthesised from the message parts
    const ElementDecl* requestWrapper = nullptr;
    const ElementDecl* responseWrapper = nullptr;
    bool hasOutput = true;
    // The <soap:header> parts of the input that the adapter sends, as the content of the request
    // member "soap:Header", so that they are checked and described like any complex content: one
    // element per part ("<element local name>": …, becoming that global element inside
    // soap:Header), in binding order, at most once, required when wsdl:required="true".
    ComplexType requestHeader;
    // The <soap:header> parts of the output, by which a reply's soap:Header children are typed
    // into the answer's "soap:Header" member; other header children are mapped untyped.
    ComplexType responseHeader;

    // Without a WSDL: the request wrapper is <name> in this namespace, and so are its children.
    std::string untypedNamespace;

    // Why the operation cannot be mapped (a construct it reaches is not supported); "" when fine.
    std::string unsupported;
    // Something worth logging when a route uses the operation (e.g. SOAP headers it cannot send).
    std::string warning;
};

} // namespace portico::soap
