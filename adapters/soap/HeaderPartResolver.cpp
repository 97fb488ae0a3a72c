#include "soap/HeaderPartResolver.h"

#include "soap/ReachabilityCheck.h"

#include <algorithm>

namespace portico::soap
{

namespace
{

bool carriedByBody(const WsdlBody& input, const QName& inputMessage, const WsdlHeader& header)
{
    if (header.message != inputMessage) return false;
    return !input.partsGiven ||
           std::find(input.parts.begin(), input.parts.end(), header.part) != input.parts.end();
}

const WsdlPart* findPart(const WsdlMessage& message, const std::string& name)
{
    for (const WsdlPart& part : message.parts)
    {
        if (part.name == name) return &part;
    }
    return nullptr;
}

// The header part, or nullptr with why it is not sent.
const ElementDecl* headerElement(const WsdlModel& wsdl, const WsdlBody& input, const QName& inputMessage,
                                 const WsdlHeader& header, const TypedPartElement& typedPart,
                                 std::string& problem)
{
    const std::string what =
        "header part '" + header.part + "' of message '" + header.message.text() + "' (" + header.where + ")";
    if (header.use != "literal")
    {
        problem = what + " uses use=\"" + header.use + "\"";
        return nullptr;
    }
    const WsdlMessage* message = wsdl.findMessage(header.message);
    if (!message)
    {
        problem = what + ": the message is not defined";
        return nullptr;
    }
    const WsdlPart* part = findPart(*message, header.part);
    if (!part)
    {
        problem = what + ": the message has no such part";
        return nullptr;
    }
    if (carriedByBody(input, inputMessage, header))
    {
        problem = what + " is also a part of the soap:body";
        return nullptr;
    }
    const ElementDecl* decl =
        part->element.empty() ? typedPart(*part) : wsdl.schemas->findElement(part->element);
    if (!decl)
    {
        problem = what + ": element '" + part->element.text() + "' is not defined in the WSDL's schemas";
        return nullptr;
    }
    if (!decl->unsupported.empty())
    {
        problem = what + ": " + decl->unsupported;
        return nullptr;
    }
    ReachabilityCheck check;
    check.element(decl);
    for (const std::string& reason : check.problems())
        problem += (problem.empty() ? what + ": " : "; ") + reason;
    return problem.empty() ? decl : nullptr;
}

} // namespace

ResolvedHeaderParts resolveHeaderParts(const WsdlModel& wsdl, const WsdlBody& input,
                                       const QName& inputMessage, const TypedPartElement& typedPart)
{
    ResolvedHeaderParts result;
    result.parts.name = soapHeaderMember;
    for (const WsdlHeader& header : input.headers)
    {
        std::string problem;
        const ElementDecl* decl = headerElement(wsdl, input, inputMessage, header, typedPart, problem);
        if (!decl)
        {
            result.notSent.push_back(problem);
            continue;
        }
        // The JSON member is named after the element's local name, so two parts with one name
        // could not be told apart.
        if (result.parts.findElement(decl->name))
        {
            result.notSent.push_back("header part '" + header.part + "' of message '" +
                                     header.message.text() + "' (" + header.where +
                                     "): another header part is also named '" + decl->name + "'");
            continue;
        }
        ElementUse use;
        use.decl = decl;
        use.minOccurs = header.required ? 1 : 0;
        use.maxOccurs = 1;
        result.parts.elements.push_back(use);
    }
    return result;
}

} // namespace portico::soap
