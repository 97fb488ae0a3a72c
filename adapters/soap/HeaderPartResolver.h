#pragma once

// Maps the <soap:header>s of a binding operation's input to the header parts the adapter sends
// (SoapOperation::requestHeader: one element use per part, referring to a global element of the
// WSDL's schemas, optional unless wsdl:required="true").
// A header that cannot be sent (use="encoded", a type= part, an undefined message, part or
// element, an unsupported construct, a part the body also carries, a second part with the same
// element name) is left out and described, so that loading the route logs why. Used once per
// operation while a route is loaded; the results point into the WsdlModel's schemas.

#include "soap/SoapOperation.h"
#include "soap/WsdlModel.h"

#include <string>
#include <vector>

namespace portico::soap
{

struct ResolvedHeaderParts
{
    ComplexType parts;                // one element per part, in binding order
    std::vector<std::string> notSent; // why each left-out header is left out
};

// inputMessage is the operation's input message, whose body parts cannot also be headers.
ResolvedHeaderParts resolveHeaderParts(const WsdlModel& wsdl, const WsdlBody& input,
                                       const QName& inputMessage);

} // namespace portico::soap
