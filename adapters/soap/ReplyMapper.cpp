#include "soap/ReplyMapper.h"

#include "soap/Namespaces.h"
#include "soap/SecureXml.h"
#include "soap/TypedMapping.h"
#include "soap/UntypedMapping.h"
#include "soap/XmlNames.h"
#include "soap/XsdLexical.h"

#include <string_view>
#include <utility>

namespace portico::soap
{

namespace
{

pugi::xml_node firstElement(pugi::xml_node parent)
{
    for (pugi::xml_node child : parent.children())
    {
        if (child.type() == pugi::node_element) return child;
    }
    return pugi::xml_node();
}

std::string statusText(int status)
{
    return "HTTP " + std::to_string(status);
}

} // namespace

ReplyMapper::ReplyMapper(SoapVersion version, std::vector<FaultRule> faultRules)
    : _version(version), _faults(std::move(faultRules))
{
}

ReplyOutcome ReplyMapper::map(const SoapOperation& operation, int httpStatus, const std::string& body) const
{
    ReplyOutcome outcome = mapEnvelope(operation, httpStatus, body);
    // The XML parser takes names and text as bytes: a reply that is not UTF-8 would reach the
    // client as JSON that is not either.
    if (!isXmlText(outcome.body) || !isXmlText(outcome.detail) || !isXmlText(outcome.extensionsJson))
        return ReplyOutcome::problem(502, "the SOAP service's reply holds bytes that are not valid UTF-8");
    return outcome;
}

ReplyOutcome ReplyMapper::mapEnvelope(const SoapOperation& operation, int httpStatus,
                                      const std::string& body) const
{
    const bool success = httpStatus >= 200 && httpStatus < 300;
    if (isXmlBlank(body))
    {
        if (success && !operation.hasOutput) return ReplyOutcome{200, "{}", "", ""};
        return ReplyOutcome::problem(502, "the SOAP service answered " + statusText(httpStatus) +
                                              " with an empty body");
    }

    pugi::xml_document document;
    std::string error;
    if (!parseXml(body, document, error))
        return ReplyOutcome::problem(502, "the SOAP service answered " + statusText(httpStatus) +
                                              " with a body that is not acceptable XML: " + error);
    const pugi::xml_node envelope = document.document_element();
    const std::string_view envelopeNs = namespaceViewOf(envelope);
    if (localName(envelope.name()) != "Envelope" ||
        (envelopeNs != ns::soap11Envelope && envelopeNs != ns::soap12Envelope))
        return ReplyOutcome::problem(502, "the SOAP service answered " + statusText(httpStatus) +
                                              " with XML that is not a SOAP envelope (root element <" +
                                              envelope.name() + ">)");
    if (envelopeNs != envelopeNamespace(_version))
        return ReplyOutcome::problem(502, std::string("the SOAP service answered with a SOAP ") +
                                              (envelopeNs == ns::soap11Envelope ? "1.1" : "1.2") +
                                              " envelope to a SOAP " + versionText(_version) + " request");

    pugi::xml_node soapBody;
    pugi::xml_node soapHeader;
    for (pugi::xml_node child : envelope.children())
    {
        if (child.type() != pugi::node_element || namespaceViewOf(child) != envelopeNs) continue;
        if (localName(child.name()) == "Body")
            soapBody = child;
        else if (localName(child.name()) == "Header")
            soapHeader = child;
    }
    if (!soapBody) return ReplyOutcome::problem(502, "the SOAP envelope of the reply has no Body");
    const pugi::xml_node content = firstElement(soapBody);
    if (content && localName(content.name()) == "Fault" && namespaceViewOf(content) == envelopeNs)
        return _faults.map(content, _version);

    if (!success)
        return ReplyOutcome::problem(502, "the SOAP service answered " + statusText(httpStatus) +
                                              " without a SOAP fault");

    // The reply's header blocks, as the answer's "soap:Header" member: typed by the output's
    // declared header parts, the others (WS-Addressing, a vendor's session) untyped.
    std::string header;
    if (firstElement(soapHeader))
    {
        const bool mapped = operation.typed
                                ? typedContent(soapHeader, operation.responseHeader, header, error)
                                : untypedContent(soapHeader, header, error);
        if (!mapped) return ReplyOutcome::problem(502, "the SOAP Header of the reply: " + error);
    }
    const auto withHeader = [&header](std::string body)
    {
        if (header.empty()) return body;
        return "{\"" + std::string(soapHeaderMember) + "\":" + header +
               (body == "{}" ? "}" : "," + body.substr(1));
    };

    std::string result;
    if (!content)
    {
        if (operation.typed && operation.responseWrapper)
            return ReplyOutcome::problem(502, "the SOAP Body of the reply is empty; expected <" +
                                                  operation.responseWrapper->name + ">");
        return ReplyOutcome{200, withHeader("{}"), "", ""};
    }
    if (operation.typed && operation.responseWrapper)
    {
        const ElementDecl& wrapper = *operation.responseWrapper;
        const std::string_view contentNs = namespaceViewOf(content);
        // The name of an rpc response wrapper carries no meaning (WS-I BP 1.1); its namespace does.
        const bool nameMatches = operation.rpc || localName(content.name()) == wrapper.name;
        if (!nameMatches || contentNs != wrapper.ns)
            return ReplyOutcome::problem(502, "the SOAP Body of the reply holds {" + std::string(contentNs) +
                                                  "}" + std::string(localName(content.name())) +
                                                  ", expected {" + wrapper.ns + "}" + wrapper.name);
        if (isNil(content)) return ReplyOutcome{200, withHeader("{}"), "", ""};
        if (!typedContent(content, *wrapper.complexType, result, error))
            return ReplyOutcome::problem(502, "the reply does not match the WSDL: " + error);
    }
    else if (!untypedContent(content, result, error))
    {
        return ReplyOutcome::problem(502, error);
    }
    return ReplyOutcome{200, withHeader(std::move(result)), "", ""};
}

} // namespace portico::soap
