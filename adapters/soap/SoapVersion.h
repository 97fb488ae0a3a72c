#pragma once

// The two SOAP versions and what differs between them on the wire.

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
    return version == SoapVersion::Soap11 ? "http://schemas.xmlsoap.org/soap/envelope/"
                                          : "http://www.w3.org/2003/05/soap-envelope";
}

} // namespace portico::soap
