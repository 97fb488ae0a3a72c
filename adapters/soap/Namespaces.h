#pragma once

// The namespace URIs the adapter recognises.

namespace portico::soap::ns
{

inline constexpr const char* wsdl = "http://schemas.xmlsoap.org/wsdl/";
inline constexpr const char* wsdl20 = "http://www.w3.org/ns/wsdl";
inline constexpr const char* wsdlSoap11 = "http://schemas.xmlsoap.org/wsdl/soap/";
inline constexpr const char* wsdlSoap12 = "http://schemas.xmlsoap.org/wsdl/soap12/";
inline constexpr const char* wsdlMime = "http://schemas.xmlsoap.org/wsdl/mime/";
inline constexpr const char* xsd = "http://www.w3.org/2001/XMLSchema";
inline constexpr const char* xsi = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr const char* xml = "http://www.w3.org/XML/1998/namespace";
inline constexpr const char* soapEncoding = "http://schemas.xmlsoap.org/soap/encoding/";
inline constexpr const char* soap11Envelope = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr const char* soap12Envelope = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr const char* soapHttpTransport = "http://schemas.xmlsoap.org/soap/http";
inline constexpr const char* soap12HttpTransport = "http://www.w3.org/2003/05/soap/bindings/HTTP/";
inline constexpr const char* wsse =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
inline constexpr const char* wsu =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
inline constexpr const char* passwordText =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
inline constexpr const char* passwordDigest =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
inline constexpr const char* base64Binary =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

} // namespace portico::soap::ns
