#include "soap/XopPackage.h"

#include "soap/MimeMultipart.h"
#include "soap/SecureXml.h"
#include "soap/SpacedBase64.h"
#include "soap/XmlNames.h"
#include "soap/XmlText.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <openssl/rand.h>

#include <cctype>

namespace portico::soap
{

namespace
{

// A cid: URL's Content-ID (RFC 2392): "cid:" and %XX escapes undone.
bool contentIdOf(std::string_view href, std::string& id)
{
    if (href.size() < 4 || Poco::icompare(std::string(href.substr(0, 4)), "cid:") != 0) return false;
    id.clear();
    try
    {
        Poco::URI::decode(std::string(href.substr(4)), id);
    }
    catch (const Poco::SyntaxException&)
    {
        return false; // a '%' without two hex digits
    }
    return true;
}

const MimePart* partWithId(const std::vector<MimePart>& parts, std::string_view id)
{
    for (const MimePart& part : parts)
    {
        if (part.contentId == id) return &part;
    }
    return nullptr;
}

// The base64 text of a part's bytes.
bool base64Of(const MimePart& part, std::string& text, std::string& error)
{
    if (part.transferEncoding.empty() || part.transferEncoding == "binary" ||
        part.transferEncoding == "8bit" || part.transferEncoding == "7bit")
    {
        text = encodeStandardBase64(part.content);
        return true;
    }
    std::string bytes;
    if (part.transferEncoding == "base64" && decodeSpacedBase64(part.content, bytes))
    {
        text = encodeStandardBase64(bytes);
        return true;
    }
    error = "the MTOM part <" + part.contentId +
            "> has a Content-Transfer-Encoding the gateway cannot read (" + part.transferEncoding + ")";
    return false;
}

// Replaces each xop:Include in document by the base64 text of the part it names. Walks the tree
// without recursion: the reply is untrusted, and may nest as deep as it likes.
bool includeParts(pugi::xml_document& document, const std::vector<MimePart>& parts, std::string& error)
{
    pugi::xml_node node = document.first_child();
    while (node)
    {
        if (node.type() == pugi::node_element && isElement(node, xopNamespace, "Include"))
        {
            std::string id, text;
            const char* href = node.attribute("href").value();
            if (!contentIdOf(href, id))
            {
                error =
                    "an xop:Include in the MTOM reply has no valid cid: href (\"" + std::string(href) + "\")";
                return false;
            }
            const MimePart* part = partWithId(parts, id);
            if (!part)
            {
                error = "the MTOM reply names a part it does not hold (" + std::string(href) + ")";
                return false;
            }
            if (!base64Of(*part, text, error)) return false;
            pugi::xml_node parent = node.parent();
            pugi::xml_node replacement = parent.insert_child_before(pugi::node_pcdata, node);
            replacement.set_value(text.c_str());
            parent.remove_child(node);
            node = replacement;
        }
        if (node.type() == pugi::node_element && node.first_child())
        {
            node = node.first_child();
            continue;
        }
        while (node && !node.next_sibling())
            node = node.parent();
        if (node) node = node.next_sibling();
    }
    return true;
}

std::string randomBoundary()
{
    unsigned char bytes[12];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return "MIMEBoundary_portico";
    static const char digits[] = "0123456789abcdef";
    std::string boundary = "MIMEBoundary_";
    for (const unsigned char byte : bytes)
    {
        boundary += digits[byte >> 4];
        boundary += digits[byte & 15];
    }
    return boundary;
}

} // namespace

bool isMultipartRelated(std::string_view contentType)
{
    // Asked of every reply, nearly all "text/xml; …": compared in place, nothing parsed or copied.
    constexpr std::string_view related = "multipart/related";
    const std::size_t start = contentType.find_first_not_of(" \t");
    if (start == std::string_view::npos || contentType.size() - start < related.size()) return false;
    for (std::size_t i = 0; i < related.size(); ++i)
    {
        if (std::tolower(static_cast<unsigned char>(contentType[start + i])) != related[i]) return false;
    }
    const std::size_t end = start + related.size();
    return end == contentType.size() || contentType[end] == ';' || contentType[end] == ' ' ||
           contentType[end] == '\t';
}

bool unpackXop(std::string_view contentType, std::string_view body, std::string& envelope, std::string& error)
{
    const ContentType type = parseContentType(contentType);
    const std::string* boundary = type.parameter("boundary");
    std::vector<MimePart> parts;
    if (!boundary)
    {
        error = "the multipart/related reply has no boundary";
        return false;
    }
    if (!splitMultipart(body, *boundary, parts, error))
    {
        error = "the multipart/related reply cannot be read: " + error;
        return false;
    }
    // The root part is the one the start parameter names, else the first.
    const MimePart* root = &parts.front();
    if (const std::string* start = type.parameter("start"))
    {
        std::string id(*start);
        if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
        root = partWithId(parts, id);
        if (!root)
        {
            error = "the multipart/related reply has no root part <" + id + ">";
            return false;
        }
    }
    pugi::xml_document document;
    if (!parseXml(std::string(root->content), document, error))
    {
        error = "the MTOM reply's root part is " + error;
        return false;
    }
    if (!includeParts(document, parts, error)) return false;
    envelope.clear();
    appendXmlText(document, envelope);
    return true;
}

std::string packXop(const std::string& envelope, const std::vector<XopAttachment>& attachments,
                    const std::string& envelopeType, std::string& body)
{
    // A boundary that none of the parts holds.
    std::string boundary = randomBoundary();
    for (int attempt = 0; attempt < 8; ++attempt)
    {
        bool clash = envelope.find(boundary) != std::string::npos;
        for (const XopAttachment& attachment : attachments)
            clash = clash || attachment.bytes.find(boundary) != std::string::npos;
        if (!clash) break;
        boundary = randomBoundary();
    }
    const std::string rootId = "root.envelope@portico";
    body.clear();
    body += "--" + boundary +
            "\r\nContent-Type: application/xop+xml; charset=utf-8; type=" + quotedParameter(envelopeType) +
            "\r\nContent-Transfer-Encoding: 8bit\r\nContent-ID: <" + rootId + ">\r\n\r\n";
    body += envelope;
    for (const XopAttachment& attachment : attachments)
    {
        body += "\r\n--" + boundary +
                "\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: "
                "binary\r\nContent-ID: <" +
                attachment.contentId + ">\r\n\r\n";
        body += attachment.bytes;
    }
    body += "\r\n--" + boundary + "--\r\n";
    return "multipart/related; type=\"application/xop+xml\"; boundary=" + quotedParameter(boundary) +
           "; start=" + quotedParameter("<" + rootId + ">") + "; start-info=" + quotedParameter(envelopeType);
}

} // namespace portico::soap
