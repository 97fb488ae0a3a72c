#pragma once

// A WSDL 1.1 description as read by WsdlLoader: what it says, not yet what a route makes of it
// (that is OperationResolver's job). Immutable once loaded; shared read-only.

#include "soap/QName.h"
#include "soap/SchemaModel.h"
#include "soap/SoapVersion.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::soap
{

struct WsdlPart
{
    std::string name;
    QName element; // element= (document style)
    QName type;    // type= (rpc style)
};

struct WsdlMessage
{
    QName name;
    std::vector<WsdlPart> parts;
};

struct WsdlPortTypeOperation
{
    std::string name;
    bool hasInput = false;
    bool hasOutput = false;
    bool outputFirst = false; // solicit-response or notification: not a request/response operation
    QName input;              // message names
    QName output;
    std::string documentation;
};

struct WsdlPortType
{
    QName name;
    std::vector<WsdlPortTypeOperation> operations;
};

// <soap:header message="…" part="…"/> of a binding operation's input or output.
struct WsdlHeader
{
    QName message;
    std::string part;
    std::string use = "literal";
    bool required = false; // wsdl:required="true"
    std::string where;
};

// <soap:body> of a binding operation's input or output, with the <soap:header>s beside it.
struct WsdlBody
{
    bool present = false;
    std::string use = "literal";
    std::string ns;                  // namespace= (rpc wrapper namespace)
    bool partsGiven = false;         // parts= restricts the message parts in the body
    std::vector<std::string> parts;  // when partsGiven
    std::vector<WsdlHeader> headers; // in document order
    bool unsupportedContent = false; // e.g. mime:multipartRelated instead of soap:body
};

struct WsdlBindingOperation
{
    std::string name;
    std::string soapAction;
    std::string style; // "" when not given: the binding's style applies
    WsdlBody input;
    WsdlBody output;
    std::string where;
};

struct WsdlBinding
{
    QName name;
    QName portType;
    std::optional<SoapVersion> version; // none: not a SOAP binding (HTTP GET/POST, …)
    std::string style = "document";
    std::string transport;
    std::vector<WsdlBindingOperation> operations;
    std::string where;
};

struct WsdlPort
{
    std::string name;
    QName binding;
    std::string address; // soap:address / soap12:address location, "" when none
};

struct WsdlService
{
    QName name;
    std::vector<WsdlPort> ports;
};

struct WsdlModel
{
    std::string location;
    std::string targetNamespace;
    std::vector<WsdlService> services;
    std::vector<WsdlBinding> bindings;
    std::vector<WsdlPortType> portTypes;
    std::vector<WsdlMessage> messages;
    std::shared_ptr<const SchemaSet> schemas;

    const WsdlBinding* findBinding(const QName& name) const;
    const WsdlPortType* findPortType(const QName& name) const;
    const WsdlMessage* findMessage(const QName& name) const;
};

} // namespace portico::soap
