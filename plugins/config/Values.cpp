#include <portico/config/Values.h>

#include <array>
#include <cstdint>
#include <limits>

namespace portico::config
{

namespace
{

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char toLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (toLower(a[i]) != toLower(b[i])) return false;
    }
    return true;
}

// Reads the leading decimal digits of text into value; returns how many were read, or 0 when
// there are none or the number does not fit in 64 bits.
std::size_t readDigits(std::string_view text, std::uint64_t& value)
{
    value = 0;
    std::size_t i = 0;
    for (; i < text.size() && isDigit(text[i]); ++i)
    {
        const unsigned digit = static_cast<unsigned>(text[i] - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return 0;
        value = value * 10 + digit;
    }
    return i;
}

bool multiplyFits(std::uint64_t value, std::uint64_t factor, std::uint64_t limit, std::uint64_t& result)
{
    if (factor != 0 && value > limit / factor) return false;
    result = value * factor;
    return true;
}

// Dotted quad with decimal parts 0..255. Leading zeros are refused because some resolvers read
// "010" as octal, so the same text would mean different addresses to different components.
bool parseIPv4(std::string_view text, std::array<std::uint8_t, 4>& out)
{
    std::size_t part = 0;
    std::size_t pos = 0;
    while (part < 4)
    {
        std::size_t end = pos;
        while (end < text.size() && isDigit(text[end]))
            ++end;
        const std::size_t length = end - pos;
        if (length == 0 || length > 3 || (length > 1 && text[pos] == '0')) return false;
        unsigned value = 0;
        for (std::size_t i = pos; i < end; ++i)
            value = value * 10 + static_cast<unsigned>(text[i] - '0');
        if (value > 255) return false;
        out[part++] = static_cast<std::uint8_t>(value);
        if (part < 4)
        {
            if (end >= text.size() || text[end] != '.') return false;
            pos = end + 1;
        }
        else if (end != text.size())
        {
            return false;
        }
    }
    return true;
}

// Colon-separated hex groups; the last one may be a dotted IPv4 address when allowed.
bool parseIPv6Groups(std::string_view text, bool allowIPv4Tail, std::array<std::uint16_t, 8>& groups,
                     std::size_t& count)
{
    count = 0;
    if (text.empty()) return true;
    std::size_t pos = 0;
    while (true)
    {
        const std::size_t colon = text.find(':', pos);
        const std::string_view group =
            text.substr(pos, colon == std::string_view::npos ? colon : colon - pos);
        if (colon == std::string_view::npos && allowIPv4Tail && group.find('.') != std::string_view::npos)
        {
            std::array<std::uint8_t, 4> v4{};
            if (count > 6 || !parseIPv4(group, v4)) return false;
            groups[count++] = static_cast<std::uint16_t>(v4[0] << 8 | v4[1]);
            groups[count++] = static_cast<std::uint16_t>(v4[2] << 8 | v4[3]);
            return true;
        }
        if (group.empty() || group.size() > 4 || count >= 8) return false;
        unsigned value = 0;
        for (char c : group)
        {
            if (!isHexDigit(c)) return false;
            value = value * 16 + static_cast<unsigned>(isDigit(c) ? c - '0' : toLower(c) - 'a' + 10);
        }
        groups[count++] = static_cast<std::uint16_t>(value);
        if (colon == std::string_view::npos) return true;
        pos = colon + 1;
    }
}

bool parseIPv6(std::string_view text, std::array<std::uint16_t, 8>& out)
{
    out.fill(0);
    const std::size_t gap = text.find("::");
    if (gap == std::string_view::npos)
    {
        std::size_t count = 0;
        return parseIPv6Groups(text, true, out, count) && count == 8;
    }
    if (text.find("::", gap + 1) != std::string_view::npos) return false;
    std::array<std::uint16_t, 8> head{};
    std::array<std::uint16_t, 8> tail{};
    std::size_t headCount = 0;
    std::size_t tailCount = 0;
    if (!parseIPv6Groups(text.substr(0, gap), false, head, headCount)) return false;
    if (!parseIPv6Groups(text.substr(gap + 2), true, tail, tailCount)) return false;
    if (headCount + tailCount > 7) return false;
    for (std::size_t i = 0; i < headCount; ++i)
        out[i] = head[i];
    for (std::size_t i = 0; i < tailCount; ++i)
        out[8 - tailCount + i] = tail[i];
    return true;
}

// RFC 1123 names, plus '_' which internal DNS zones use in practice. A name made only of
// digits and dots must be a valid IPv4 address instead, so "300.1.1.1" is not taken for a name.
bool isValidHostName(std::string_view name)
{
    if (name.empty() || name.size() > 253) return false;
    bool allNumeric = true;
    std::size_t labelStart = 0;
    for (std::size_t i = 0; i <= name.size(); ++i)
    {
        if (i == name.size() || name[i] == '.')
        {
            const std::size_t length = i - labelStart;
            if (length == 0 || length > 63) return false;
            if (name[labelStart] == '-' || name[i - 1] == '-') return false;
            labelStart = i + 1;
            continue;
        }
        const char c = name[i];
        if (!isAlpha(c) && !isDigit(c) && c != '-' && c != '_') return false;
        if (!isDigit(c)) allNumeric = false;
    }
    return !allNumeric;
}

std::optional<std::uint16_t> parsePort(std::string_view text)
{
    if (text.size() > 5) return std::nullopt;
    const auto value = parseUnsigned(text, 0, 65535);
    if (!value) return std::nullopt;
    return static_cast<std::uint16_t>(*value);
}

// Splits "HOST:PORT" / "[V6]:PORT" / "HOST" (when the port is optional) into its parts.
bool splitAuthority(std::string_view text, bool portRequired, std::string& host,
                    std::optional<std::uint16_t>& port)
{
    std::string_view hostPart;
    std::string_view rest;
    bool bracketed = false;
    if (!text.empty() && text.front() == '[')
    {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) return false;
        hostPart = text.substr(1, close - 1);
        rest = text.substr(close + 1);
        bracketed = true;
    }
    else
    {
        const std::size_t colon = text.rfind(':');
        hostPart = text.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
        if (hostPart.find(':') != std::string_view::npos) return false; // IPv6 needs brackets
    }
    if (bracketed)
    {
        std::array<std::uint16_t, 8> v6{};
        if (!parseIPv6(hostPart, v6)) return false;
    }
    else if (!isValidHost(hostPart))
    {
        return false;
    }
    port.reset();
    if (rest.empty())
    {
        if (portRequired) return false;
    }
    else
    {
        if (rest.front() != ':') return false;
        port = parsePort(rest.substr(1));
        if (!port) return false;
    }
    host.assign(hostPart);
    return true;
}

bool isUnreservedOrSubDelim(char c)
{
    static constexpr std::string_view allowed = "-._~!$&'()*+,;=:@";
    return isAlpha(c) || isDigit(c) || allowed.find(c) != std::string_view::npos;
}

// A URL path: pchar and '/', with well-formed percent escapes.
bool isValidUrlPath(std::string_view path)
{
    for (std::size_t i = 0; i < path.size(); ++i)
    {
        const char c = path[i];
        if (c == '%')
        {
            if (i + 2 >= path.size() || !isHexDigit(path[i + 1]) || !isHexDigit(path[i + 2])) return false;
            i += 2;
        }
        else if (c != '/' && !isUnreservedOrSubDelim(c))
        {
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<Duration> parseDuration(std::string_view text)
{
    std::uint64_t value = 0;
    const std::size_t digits = readDigits(text, value);
    if (digits == 0) return std::nullopt;
    const std::string_view unit = text.substr(digits);
    if (unit.empty())
    {
        if (value != 0) return std::nullopt; // "30" could mean seconds or milliseconds: say which
        return Duration(0);
    }
    static constexpr std::pair<std::string_view, std::uint64_t> units[] = {
        {"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 60 * 60 * 1000}, {"d", 24 * 60 * 60 * 1000}};
    for (const auto& [name, factor] : units)
    {
        if (unit != name) continue;
        std::uint64_t milliseconds = 0;
        const auto limit = static_cast<std::uint64_t>(std::numeric_limits<Duration::rep>::max());
        if (!multiplyFits(value, factor, limit, milliseconds)) return std::nullopt;
        return Duration(static_cast<Duration::rep>(milliseconds));
    }
    return std::nullopt;
}

std::optional<std::size_t> parseSize(std::string_view text)
{
    std::uint64_t value = 0;
    const std::size_t digits = readDigits(text, value);
    if (digits == 0) return std::nullopt;
    const std::string_view unit = text.substr(digits);
    constexpr std::uint64_t Ki = 1024;
    constexpr std::uint64_t K = 1000;
    static constexpr std::pair<std::string_view, std::uint64_t> units[] = {{"", 1},
                                                                           {"B", 1},
                                                                           {"KiB", Ki},
                                                                           {"MiB", Ki * Ki},
                                                                           {"GiB", Ki * Ki * Ki},
                                                                           {"TiB", Ki * Ki * Ki * Ki},
                                                                           {"kB", K},
                                                                           {"KB", K},
                                                                           {"MB", K * K},
                                                                           {"GB", K * K * K},
                                                                           {"TB", K * K * K * K}};
    for (const auto& [name, factor] : units)
    {
        if (unit != name) continue;
        std::uint64_t bytes = 0;
        const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::size_t>::max());
        if (!multiplyFits(value, factor, limit, bytes)) return std::nullopt;
        return static_cast<std::size_t>(bytes);
    }
    return std::nullopt;
}

std::optional<bool> parseBool(std::string_view text)
{
    if (text == "true") return true;
    if (text == "false") return false;
    return std::nullopt;
}

std::optional<std::uint64_t> parseNumber(std::string_view text, std::uint64_t min, std::uint64_t max)
{
    std::uint64_t value = 0;
    const std::size_t digits = readDigits(text, value);
    if (digits == 0 || digits != text.size()) return std::nullopt;
    if (value < min || value > max) return std::nullopt;
    return value;
}

std::optional<unsigned> parseUnsigned(std::string_view text, unsigned min, unsigned max)
{
    const std::optional<std::uint64_t> value = parseNumber(text, min, max);
    if (!value) return std::nullopt;
    return static_cast<unsigned>(*value);
}

std::string durationText(Duration duration)
{
    const auto ms = duration.count();
    if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

std::optional<HostPort> parseHostPort(std::string_view text)
{
    HostPort result;
    std::optional<std::uint16_t> port;
    if (!splitAuthority(text, true, result.host, port)) return std::nullopt;
    result.port = *port;
    return result;
}

bool isValidHost(std::string_view host)
{
    std::array<std::uint8_t, 4> v4{};
    std::array<std::uint16_t, 8> v6{};
    return parseIPv4(host, v4) || parseIPv6(host, v6) || isValidHostName(host);
}

bool isLoopbackHost(std::string_view host)
{
    if (equalsIgnoreCase(host, "localhost")) return true;
    std::array<std::uint8_t, 4> v4{};
    if (parseIPv4(host, v4)) return v4[0] == 127;
    std::array<std::uint16_t, 8> v6{};
    if (!parseIPv6(host, v6)) return false;
    for (std::size_t i = 0; i < 5; ++i)
    {
        if (v6[i] != 0) return false;
    }
    if (v6[5] == 0 && v6[6] == 0) return v6[7] == 1; // ::1
    return v6[5] == 0xFFFF && (v6[6] >> 8) == 127;   // ::ffff:127.x.y.z
}

std::optional<HttpUrl> parseHttpUrl(std::string_view text)
{
    HttpUrl url;
    std::string_view rest;
    if (text.size() >= 7 && equalsIgnoreCase(text.substr(0, 7), "http://"))
    {
        rest = text.substr(7);
    }
    else if (text.size() >= 8 && equalsIgnoreCase(text.substr(0, 8), "https://"))
    {
        url.https = true;
        rest = text.substr(8);
    }
    else
    {
        return std::nullopt;
    }
    if (rest.find_first_of("?#") != std::string_view::npos) return std::nullopt;
    const std::size_t slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos) return std::nullopt;
    std::optional<std::uint16_t> port;
    if (!splitAuthority(authority, false, url.host, port)) return std::nullopt;
    if (port && *port == 0) return std::nullopt;
    url.port = port ? *port : (url.https ? 443 : 80);
    if (!isValidUrlPath(path)) return std::nullopt;
    while (!path.empty() && path.back() == '/')
        path.remove_suffix(1);
    url.basePath.assign(path);
    return url;
}

bool isValidName(std::string_view name)
{
    if (name.empty() || !(isAlpha(name.front()) || isDigit(name.front()))) return false;
    for (char c : name)
    {
        if (!isAlpha(c) && !isDigit(c) && c != '.' && c != '_' && c != '-') return false;
    }
    return true;
}

bool isHttpToken(std::string_view text)
{
    static constexpr std::string_view symbols = "!#$%&'*+-.^_`|~";
    if (text.empty()) return false;
    for (char c : text)
    {
        if (!isAlpha(c) && !isDigit(c) && symbols.find(c) == std::string_view::npos) return false;
    }
    return true;
}

std::vector<std::string> splitList(std::string_view text)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size())
    {
        std::size_t end = text.find_first_of(", \t", start);
        if (end == std::string_view::npos) end = text.size();
        if (end > start) items.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

} // namespace portico::config
