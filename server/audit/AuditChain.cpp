#include "audit/AuditChain.h"

#include "crypto/Sha256.h"

#include <cstdio>

namespace portico::audit
{

namespace
{

void appendText(std::string& out, const std::string& text)
{
    out.push_back('"');
    for (const char c : text)
    {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\')
        {
            out.push_back('\\');
            out.push_back(c);
        }
        else if (byte < 0x20)
        {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            out.append(escaped);
        }
        else
            out.push_back(c);
    }
    out.push_back('"');
}

void appendOptional(std::string& out, const std::optional<std::string>& text)
{
    if (text)
        appendText(out, *text);
    else
        out.append("null");
}

} // namespace

std::string canonicalForm(const AuditRecord& record)
{
    std::string out = "[";
    appendText(out, record.ts);
    out.push_back(',');
    appendText(out, record.requestId);
    out.push_back(',');
    appendText(out, record.clientIp);
    out.push_back(',');
    appendOptional(out, record.consumer);
    out.push_back(',');
    appendText(out, record.method);
    out.push_back(',');
    appendText(out, record.path);
    out.push_back(',');
    appendOptional(out, record.route);
    out.push_back(',');
    out.append(std::to_string(record.status));
    out.push_back(',');
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", record.durationMs);
    out.append(duration);
    out.push_back(',');
    out.append(std::to_string(record.bytesIn));
    out.push_back(',');
    out.append(std::to_string(record.bytesOut));
    for (const std::optional<std::string>* text :
         {&record.upstream, &record.cache, &record.error, &record.requestBody, &record.responseBody})
    {
        out.push_back(',');
        appendOptional(out, *text);
    }
    out.push_back(']');
    return out;
}

std::string chainHash(const std::string& prevHash, const AuditRecord& record)
{
    return crypto::toHex(crypto::sha256({prevHash, canonicalForm(record)}));
}

} // namespace portico::audit
