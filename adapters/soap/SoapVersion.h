#pragma once

// The two SOAP versions and what differs between them on the wire.

#include "soap/Namespaces.h"

#include <string>
#include <utility>
#include <vector>

namespace portico::soap
{

enum class SoapVersion
{
    Soap11,
    Soap12
};

// "1.1" or "1.2".
inline const char* versionText(SoapVersion version)
{
    return version == SoapVersion::Soap11 ? "1.1" : "1.2";
}

// The envelope namespace of version.
inline const char* envelopeNamespace(SoapVersion version)
{
    return version == SoapVersion::Soap11 ? ns::soap11Envelope : ns::soap12Envelope;
}

// The HTTP headers that carry the media type and the action: SOAP 1.1 sends the action in a
// SOAPAction header (always, quoted, even when empty), SOAP 1.2 as the Content-Type's action
// parameter (left out when empty).
inline std::vector<std::pair<std::string, std::string>> actionHeaders(SoapVersion version,
                                                                      const std::string& soapAction)
{
    if (version == SoapVersion::Soap11)
        return {{"Content-Type", "text/xml; charset=utf-8"}, {"SOAPAction", "\"" + soapAction + "\""}};
    std::string contentType = "application/soap+xml; charset=utf-8";
    if (!soapAction.empty()) contentType += "; action=\"" + soapAction + "\"";
    return {{"Content-Type", std::move(contentType)}};
}

// The envelope's media type with its action but no charset: the type= of an MTOM package's root
// part and its start-info.
inline std::string envelopeMediaType(SoapVersion version, const std::string& soapAction)
{
    if (version == SoapVersion::Soap11) return "text/xml";
    return soapAction.empty() ? "application/soap+xml"
                              : "application/soap+xml; action=\"" + soapAction + "\"";
}

} // namespace portico::soap
