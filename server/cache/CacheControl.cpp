#include "cache/CacheControl.h"

#include "util/Strings.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>
#include <string>

namespace portico::cache
{

namespace
{

// delta-seconds (RFC 9111 §1.2.2): digits, possibly quoted by lenient senders; too large saturates.
std::optional<std::int64_t> deltaSeconds(std::string_view value)
{
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    if (value.empty()) return std::nullopt;
    std::int64_t seconds = 0;
    for (const char c : value)
    {
        if (c < '0' || c > '9') return std::nullopt;
        seconds = seconds > 214748364700 ? 2147483648 : seconds * 10 + (c - '0');
    }
    return seconds > 2147483648 ? 2147483648 : seconds;
}

} // namespace

void CacheControl::add(std::string_view fieldValue)
{
    util::forEachListElement(
        fieldValue,
        [this](std::string_view directive)
        {
            const std::size_t equals = directive.find('=');
            const std::string_view name = util::trimOws(directive.substr(0, equals));
            const std::string_view value = equals == std::string_view::npos
                                               ? std::string_view()
                                               : util::trimOws(directive.substr(equals + 1));
            if (util::equalsIgnoreCase(name, "no-store"))
                noStore = true;
            else if (util::equalsIgnoreCase(name, "no-cache"))
                noCache = true; // with field names, still no-cache for all of it: the safe reading
            else if (util::equalsIgnoreCase(name, "private"))
                isPrivate = true;
            else if (util::equalsIgnoreCase(name, "public"))
                isPublic = true;
            else if (util::equalsIgnoreCase(name, "must-revalidate") ||
                     util::equalsIgnoreCase(name, "proxy-revalidate"))
                mustRevalidate = true;
            else if (util::equalsIgnoreCase(name, "max-age"))
                maxAge = deltaSeconds(value).value_or(0);
            else if (util::equalsIgnoreCase(name, "s-maxage"))
                sMaxAge = deltaSeconds(value).value_or(0);
            else if (util::equalsIgnoreCase(name, "stale-if-error"))
                staleIfError = deltaSeconds(value);
        });
}

std::optional<std::int64_t> parseHttpDate(std::string_view text)
{
    text = util::trimOws(text);
    // POCO's parser is lenient ("0" parses): the form is told by its shape first.
    const std::string* format = nullptr;
    if (text.size() == 29 && text[3] == ',' && text.substr(25) == " GMT")
        format = &Poco::DateTimeFormat::HTTP_FORMAT; // Sun, 06 Nov 1994 08:49:37 GMT
    else if (text.size() >= 30 && text.size() <= 33 && text.find(", ") != std::string_view::npos &&
             std::count(text.begin(), text.end(), '-') == 2 && text.substr(text.size() - 4) == " GMT")
        format = &Poco::DateTimeFormat::RFC850_FORMAT; // Sunday, 06-Nov-94 08:49:37 GMT
    else if (text.size() == 24 && text[3] == ' ' && text[7] == ' ' && text[19] == ' ')
        format = &Poco::DateTimeFormat::ASCTIME_FORMAT; // Sun Nov  6 08:49:37 1994
    if (format == nullptr) return std::nullopt;
    Poco::DateTime parsed;
    int zone = 0;
    if (!Poco::DateTimeParser::tryParse(*format, std::string(text), parsed, zone)) return std::nullopt;
    return parsed.timestamp().epochTime() - zone;
}

} // namespace portico::cache
