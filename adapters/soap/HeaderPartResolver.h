#pragma once

// Maps the <soap:header>s of a binding operation's input to the header parts the adapter sends
// (SoapOperation::requestHeader: one element use per part, referring to a global element of the
// WSDL's schemas, optional unless wsdl:required="true").
// A type= part is an unqualified element named after the part. A header that cannot be sent
// (use="encoded", an undefined message, part, element or type, an unsupported construct, a part
// the body also carries, a second part with the same element name) is left out and described, so that loading
// the route logs why. Used once per operation while a route is loaded; the results point into the WsdlModel's
// schemas.

#include "soap/SoapOperation.h"
#include "soap/WsdlModel.h"

#include <functional>
#include <string>
#include <vector>

namespace portico::soap
{

struct ResolvedHeaderParts
{
    ComplexType parts;                // one element per part, in binding order
    std::vector<std::string> notSent; // why each left-out header is left out
};

// The element a type= part stands for: named after the part, unqualified, of the part's type.
using TypedPartElement = std::function<const ElementDecl*(const WsdlPart& part)>;

// inputMessage is the operation's input (or output) message, whose body parts cannot also be
// headers.
ResolvedHeaderParts resolveHeaderParts(const WsdlModel& wsdl, const WsdlBody& input,
                                       const QName& inputMessage, const TypedPartElement& typedPart);

} // namespace portico::soap
