#include "audit/AuditChain.h"

#include "crypto/Sha256.h"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace portico::audit
{

namespace
{

// True when one of the 8 bytes in word needs escaping: below 0x20, '"' or '\\'. Exact, not an
// estimate (the classic "has a zero byte" and "has a byte below n" tests).
bool wordNeedsEscaping(std::uint64_t word)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highBits = 0x8080808080808080ULL;
    const auto hasZeroByte = [](std::uint64_t v) { return ((v - ones) & ~v & highBits) != 0; };
    const bool control = ((word - ones * 0x20) & ~word & highBits) != 0;
    return control || hasZeroByte(word ^ (ones * '"')) || hasZeroByte(word ^ (ones * '\\'));
}

// Where the first byte that needs escaping is, or end: the writer hashes every row it commits,
// and most texts (timestamps, ids, paths) have none, so they are checked 8 bytes at a time.
const char* firstToEscape(const char* at, const char* end)
{
    for (; end - at >= 8; at += 8)
    {
        std::uint64_t word;
        std::memcpy(&word, at, sizeof word);
        if (wordNeedsEscaping(word)) break;
    }
    for (; at != end; ++at)
    {
        const auto byte = static_cast<unsigned char>(*at);
        if (byte < 0x20 || byte == '"' || byte == '\\') return at;
    }
    return end;
}

// The form is built in one reused buffer, safe characters copied in runs rather than one by one.
void appendText(std::string& out, const std::string& text)
{
    static constexpr char hexDigits[] = "0123456789abcdef";
    out.push_back('"');
    const char* run = text.data();
    const char* const end = text.data() + text.size();
    for (const char* at = firstToEscape(run, end); at != end; at = firstToEscape(at + 1, end))
    {
        const auto byte = static_cast<unsigned char>(*at);
        out.append(run, static_cast<std::size_t>(at - run));
        run = at + 1;
        if (byte >= 0x20)
        {
            out.push_back('\\');
            out.push_back(static_cast<char>(byte));
            continue;
        }
        const char escaped[] = {'\\', 'u', '0', '0', hexDigits[byte >> 4], hexDigits[byte & 0x0F]};
        out.append(escaped, sizeof escaped);
    }
    out.append(run, static_cast<std::size_t>(end - run));
    out.push_back('"');
}

void appendOptional(std::string& out, const std::optional<std::string>& value)
{
    if (value)
        appendText(out, *value);
    else
        out.append("null");
}

void appendInteger(std::string& out, std::int64_t value)
{
    char digits[24];
    const auto written = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, written.ptr);
}

// "%.3f", without printf's locale and format parsing.
void appendMilliseconds(std::string& out, double value)
{
    char digits[64];
    const auto written = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed, 3);
    out.append(digits, written.ptr);
}

void appendCanonicalForm(const AuditRecord& record, std::string& out)
{
    out.push_back('[');
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
    appendInteger(out, record.status);
    out.push_back(',');
    appendMilliseconds(out, record.durationMs);
    out.push_back(',');
    appendInteger(out, record.bytesIn);
    out.push_back(',');
    appendInteger(out, record.bytesOut);
    out.push_back(',');
    appendOptional(out, record.upstream);
    out.push_back(',');
    appendOptional(out, record.cache);
    out.push_back(',');
    appendOptional(out, record.error);
    out.push_back(',');
    appendOptional(out, record.requestBody);
    out.push_back(',');
    appendOptional(out, record.responseBody);
    // Appended only when set, so rows written before the column existed still verify.
    if (record.traceId)
    {
        out.push_back(',');
        appendText(out, *record.traceId);
    }
    out.push_back(']');
}

} // namespace

std::string canonicalForm(const AuditRecord& record)
{
    std::string form;
    appendCanonicalForm(record, form);
    return form;
}

std::string chainHash(const std::string& prevHash, const AuditRecord& record)
{
    std::string hash;
    chainHash(prevHash, record, hash);
    return hash;
}

void chainHash(const std::string& prevHash, const AuditRecord& record, std::string& out)
{
    thread_local std::string form;
    form.clear();
    appendCanonicalForm(record, form);
    crypto::toHex(crypto::sha256({prevHash, form}), out);
}

} // namespace portico::audit
