#include "cache/CacheControl.h"

#include "util/Strings.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>
#include <cctype>
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

// Whether text has shape's form: 'a' a letter, '#' a digit, '_' a digit or a space, anything else
// itself. prefixOnly: text may be shorter than shape (a weekday's full name).
bool hasShape(std::string_view text, std::string_view shape, bool prefixOnly = false)
{
    if (text.size() > shape.size() || (!prefixOnly && text.size() != shape.size())) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool fits = shape[i] == 'a'   ? std::isalpha(c) != 0
                          : shape[i] == '#' ? std::isdigit(c) != 0
                          : shape[i] == '_' ? (std::isdigit(c) != 0 || c == ' ')
                                            : c == static_cast<unsigned char>(shape[i]);
        if (!fits) return false;
    }
    return true;
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
    // POCO's parser is lenient ("0" parses, a missing space shifts the fields): the form is told,
    // and checked, by its exact shape first.
    const std::string* format = nullptr;
    const std::size_t comma = text.find(", ");
    if (hasShape(text, "aaa, ## aaa #### ##:##:## GMT"))
        format = &Poco::DateTimeFormat::HTTP_FORMAT; // Sun, 06 Nov 1994 08:49:37 GMT
    else if (comma != std::string_view::npos && comma >= 6 &&
             hasShape(text.substr(0, comma), "aaaaaaaaa", true) &&
             hasShape(text.substr(comma), ", ##-aaa-## ##:##:## GMT"))
        format = &Poco::DateTimeFormat::RFC850_FORMAT; // Sunday, 06-Nov-94 08:49:37 GMT
    else if (hasShape(text, "aaa aaa _# ##:##:## ####"))
        format = &Poco::DateTimeFormat::ASCTIME_FORMAT; // Sun Nov  6 08:49:37 1994
    if (format == nullptr) return std::nullopt;
    Poco::DateTime parsed;
    int zone = 0;
    if (!Poco::DateTimeParser::tryParse(*format, std::string(text), parsed, zone)) return std::nullopt;
    return parsed.timestamp().epochTime() - zone;
}

} // namespace portico::cache
