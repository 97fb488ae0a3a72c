#include "routing/PathNormalizer.h"

namespace portico::routing
{

namespace
{

constexpr char kHexDigits[] = "0123456789ABCDEF";

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool isUnreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

bool isSubDelim(unsigned char c)
{
    switch (c)
    {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
        return true;
    default:
        return false;
    }
}

bool isPchar(unsigned char c)
{
    return isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@';
}

// Bytes that are never accepted raw: they either end the path early for some parser on the way
// (space, '#', '?'), are read as a separator by some upstream ('\\'), or are not ASCII text.
bool isForbiddenRaw(unsigned char c)
{
    return c < 0x21 || c == 0x7F || c >= 0x80 || c == '\\' || c == '#' || c == '?';
}

void appendEncoded(unsigned char c, std::string& out)
{
    out.push_back('%');
    out.push_back(kHexDigits[c >> 4]);
    out.push_back(kHexDigits[c & 0x0F]);
}

// Decodes the escape starting at s[i] == '%' whose digits must lie before end; -1 when malformed.
int decodeEscape(std::string_view s, std::size_t i, std::size_t end)
{
    if (end < 3 || i > end - 3) return -1;
    const int high = hexValue(s[i + 1]);
    const int low = hexValue(s[i + 2]);
    if (high < 0 || low < 0) return -1;
    return high * 16 + low;
}

// Canonicalises the bytes of raw[begin, end), which holds no '/', and appends them to out.
PathError appendCanonical(std::string_view raw, std::size_t begin, std::size_t end, std::string& out)
{
    for (std::size_t i = begin; i < end; ++i)
    {
        const auto c = static_cast<unsigned char>(raw[i]);
        if (c == '%')
        {
            const int value = decodeEscape(raw, i, end);
            if (value < 0) return PathError::BadPercentEncoding;
            const auto decoded = static_cast<unsigned char>(value);
            if (decoded == 0) return PathError::ForbiddenByte;
            if (isUnreserved(decoded))
                out.push_back(static_cast<char>(decoded));
            else
                appendEncoded(decoded, out);
            i += 2;
        }
        else if (isForbiddenRaw(c))
        {
            return PathError::ForbiddenByte;
        }
        else if (isPchar(c))
        {
            out.push_back(static_cast<char>(c));
        }
        else
        {
            appendEncoded(c, out);
        }
    }
    return PathError::None;
}

// "..;x" means ".." to Tomcat-style upstreams, which strip ";x" before resolving dot segments, but
// is an ordinary segment to us: letting it through would route "/public/..;/admin" to "/public/*"
// while the upstream serves "/admin". No legitimate client sends it, so it is refused.
bool isDotSegmentWithParameters(std::string_view segment)
{
    const std::size_t semicolon = segment.find(';');
    if (semicolon == std::string_view::npos) return false;
    const std::string_view head = segment.substr(0, semicolon);
    return head == "." || head == "..";
}

} // namespace

PathError normalizePath(std::string_view rawPath, std::string& out)
{
    out.clear();
    if (rawPath.empty() || rawPath[0] != '/') return PathError::Empty;
    out.reserve(rawPath.size());
    out.push_back('/');

    // Invariant at the top of each round: out ends with '/', and pos is the first byte of a segment.
    std::size_t pos = 1;
    for (;;)
    {
        std::size_t end = rawPath.find('/', pos);
        const bool last = end == std::string_view::npos;
        if (last) end = rawPath.size();

        const std::size_t segmentStart = out.size();
        const PathError error = appendCanonical(rawPath, pos, end, out);
        if (error != PathError::None) return error;

        const std::string_view segment(out.data() + segmentStart, out.size() - segmentStart);
        if (segment == "." || segment == "..")
        {
            const bool up = segment.size() == 2;
            out.resize(segmentStart);
            if (up && segmentStart > 1)
                out.resize(out.rfind('/', segmentStart - 2) + 1); // drop the previous segment
        }
        else if (isDotSegmentWithParameters(segment))
        {
            return PathError::ForbiddenByte;
        }
        else if (!segment.empty() && !last)
        {
            out.push_back('/');
        }
        // An empty segment comes from "//" (merged) or from the trailing '/', already written.

        if (last) break;
        pos = end + 1;
    }
    return PathError::None;
}

PathError canonicalizeSegment(std::string_view raw, std::string& out)
{
    if (raw.find('/') != std::string_view::npos) return PathError::ForbiddenByte;
    return appendCanonical(raw, 0, raw.size(), out);
}

bool percentDecode(std::string_view in, std::string& out)
{
    for (std::size_t i = 0; i < in.size(); ++i)
    {
        if (in[i] != '%')
        {
            out.push_back(in[i]);
            continue;
        }
        const int value = decodeEscape(in, i, in.size());
        if (value < 0) return false;
        out.push_back(static_cast<char>(value));
        i += 2;
    }
    return true;
}

void percentEncodeSegment(std::string_view in, std::string& out)
{
    if (in == "." || in == "..")
    {
        for (std::size_t i = 0; i < in.size(); ++i)
            out.append("%2E");
        return;
    }
    // "..;x" is what a client's "..%3Bx" decodes to. Written with a raw ';' it would be ".." to a
    // Tomcat-style upstream (the hole normalizePath closes for raw paths), so a rewrite could climb
    // out of its target folder; its ';' stays encoded.
    const bool keepSemicolonsEncoded = isDotSegmentWithParameters(in);
    for (const char ch : in)
    {
        const auto c = static_cast<unsigned char>(ch);
        if (isPchar(c) && !(keepSemicolonsEncoded && c == ';'))
            out.push_back(ch);
        else
            appendEncoded(c, out);
    }
}

void percentEncodePath(std::string_view in, std::string& out)
{
    for (std::size_t i = 0; i < in.size(); ++i)
    {
        const auto c = static_cast<unsigned char>(in[i]);
        if (c == '/' || isPchar(c))
        {
            out.push_back(static_cast<char>(c));
        }
        else if (c == '%' && decodeEscape(in, i, in.size()) >= 0)
        {
            out.append(in.substr(i, 3));
            i += 2;
        }
        else
        {
            appendEncoded(c, out);
        }
    }
}

const char* describe(PathError error)
{
    switch (error)
    {
    case PathError::None:
        return "ok";
    case PathError::Empty:
        return "path is empty or does not start with '/'";
    case PathError::BadPercentEncoding:
        return "malformed percent-encoding in path";
    case PathError::ForbiddenByte:
        return "forbidden character or segment in path";
    }
    return "unknown path error";
}

} // namespace portico::routing
