#pragma once

// JSON -> SOAP request. Turns the merged request fields (RequestFields) into the children of the
// operation's request wrapper and wraps them in a SOAP 1.1 or 1.2 envelope, optionally with a
// WS-Security header. Immutable; build() is const and thread-safe.
//
// With a schema (SoapOperation::typed): children in the schema's element order, qualified as the
// schema says (elementFormDefault / form=); nested objects nest; arrays repeat an element whose
// maxOccurs > 1 (a single value is also accepted there); null becomes xsi:nil="true" where the
// element is nillable; "@name" keys become attributes and "#text" the text of simple content
// (a plain value is accepted for simple content without required attributes); every value is
// checked against its type (ScalarMapping.h). Unknown fields, missing required fields and values
// that do not fit are refused with a message naming the field path ("order.items[2].qty: …").
// Open content (xs:any, xs:anyAttribute, xs:anyType) is written untyped, "{namespace}name"
// choosing a namespace; a substitution group's members are alternatives of its head; a type with
// derived ones takes "@xsi:type" to name the instance's type, written as xsi:type.
//
// Without a schema: <operation> in the configured namespace, each field a child element in the
// same namespace in JSON order, with the same rules for objects, arrays, null, "@name" and "#text"
// but no type checks.
//
// SOAP headers: the fields' member "soap:Header" (an object) is taken out before the body is
// mapped. With a schema, each of its members names one of the operation's header parts
// (SoapOperation::requestHeader, a complex type with one element per part) by its element's local
// name and is mapped like the body's content; other members, and missing wsdl:required parts, are
// refused. Without a schema, its members
// become elements in the configured namespace. The header parts follow the WS-Security header
// inside soap:Header, with their own prefixes (h1, h2…) declared on soap:Header; soap:Header is
// left out when it would be empty.
//
// MTOM (mtom=true): every xs:base64Binary value of the body goes as a part of its own, in raw
// bytes, named by an <xop:Include href="cid:partN@portico"/> in its element; the envelope becomes
// the root part of a multipart/related package (XopPackage.h), whose Content-Type build() returns.
// A request without such a value is sent as a plain envelope.
//
// The output is deterministic (prefixes soap, ns1, ns2… in order of first use, declared on the
// wrapper; xsi declared on the wrapper when used), so it can be compared with golden files.

#include "soap/SoapOperation.h"
#include "soap/SoapVersion.h"
#include "soap/UsernameToken.h"

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

namespace portico::soap
{

// A fixed WS-Security nonce and time, for deterministic output in tests.
struct SecurityStamp
{
    std::string nonce; // raw bytes
    std::string created;
};

class EnvelopeBuilder
{
public:
    // security may be null (no header).
    EnvelopeBuilder(SoapVersion version, std::shared_ptr<const UsernameToken> security, bool mtom = false);

    // On failure returns false with error, the detail of a 400 answer (or, when no nonce could be
    // made, of a 500: status tells which).
    // fields is built for this one request (mergeRequestFields); its "soap:Header" member is
    // taken out, so that the body is mapped from the rest without a copy.
    // packageType is set to the MTOM package's Content-Type when envelope is one, else cleared.
    bool build(const SoapOperation& operation, Poco::JSON::Object& fields, std::string& envelope,
               std::string& packageType, std::string& error, int& status,
               const SecurityStamp* stamp = nullptr) const;

    SoapVersion version() const { return _version; }

private:
    SoapVersion _version;
    std::shared_ptr<const UsernameToken> _security;
    bool _mtom;
};

} // namespace portico::soap
