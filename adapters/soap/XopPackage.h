#pragma once

// MTOM/XOP (W3C XOP 1.0, SOAP MTOM): a SOAP envelope sent as the root part of a
// multipart/related package, each xs:base64Binary value moved out into a part of its own as raw
// bytes and named in the envelope by <xop:Include href="cid:…"/>. Replies are unpacked back into
// one envelope with the base64 text in place; requests are packed when the route asks for MTOM.
// Pure; thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace portico::soap
{

inline constexpr const char* xopNamespace = "http://www.w3.org/2004/08/xop/include";

// True for a multipart/related Content-Type value (an MTOM package, or SOAP with attachments).
bool isMultipartRelated(std::string_view contentType);

// The root part's envelope with every xop:Include replaced by the base64 text of the part it
// names. False with a reason when the package cannot be read or names a part it does not hold.
bool unpackXop(std::string_view contentType, std::string_view body, std::string& envelope,
               std::string& error);

struct XopAttachment
{
    std::string contentId; // as in the envelope's href="cid:…", without "cid:"
    std::string bytes;
};

// The package of envelope (whose xop:Include elements name the attachments) and its attachments,
// written to body; returns the package's Content-Type. envelopeType is the envelope's own media
// type with its parameters but no charset ("text/xml", or "application/soap+xml; action=\"…\"").
std::string packXop(const std::string& envelope, const std::vector<XopAttachment>& attachments,
                    const std::string& envelopeType, std::string& body);

} // namespace portico::soap
