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

// Writes the array's elements, commas between them.
class ArrayWriter
{
public:
    ArrayWriter& text(const std::string& value)
    {
        separate();
        appendText(_out, value);
        return *this;
    }
    ArrayWriter& optional(const std::optional<std::string>& value)
    {
        if (value) return text(*value);
        separate();
        _out.append("null");
        return *this;
    }
    ArrayWriter& raw(const std::string& value)
    {
        separate();
        _out.append(value);
        return *this;
    }
    std::string finish() { return _out + "]"; }

private:
    void separate()
    {
        if (_out.size() > 1) _out.push_back(',');
    }
    std::string _out = "[";
};

} // namespace

std::string canonicalForm(const AuditRecord& record)
{
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", record.durationMs);
    ArrayWriter row;
    row.text(record.ts)
        .text(record.requestId)
        .text(record.clientIp)
        .optional(record.consumer)
        .text(record.method)
        .text(record.path)
        .optional(record.route)
        .raw(std::to_string(record.status))
        .raw(duration)
        .raw(std::to_string(record.bytesIn))
        .raw(std::to_string(record.bytesOut))
        .optional(record.upstream)
        .optional(record.cache)
        .optional(record.error)
        .optional(record.requestBody)
        .optional(record.responseBody);
    // Appended only when set, so rows written before the column existed still verify.
    if (record.traceId) row.text(*record.traceId);
    return row.finish();
}

std::string chainHash(const std::string& prevHash, const AuditRecord& record)
{
    return crypto::toHex(crypto::sha256({prevHash, canonicalForm(record)}));
}

} // namespace portico::audit
