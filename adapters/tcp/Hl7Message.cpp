#include "tcp/Hl7Message.h"

#include <Poco/JSONString.h>

#include <algorithm>

namespace portico::tcp
{

namespace
{

bool usableDelimiter(char c)
{
    const bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return c > 0x20 && c < 0x7F && !alphanumeric;
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;)
    {
        const std::size_t at = text.find(separator, start);
        parts.push_back(
            text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos)
        {
            return parts;
        }
        start = at + 1;
    }
}

} // namespace

bool Hl7Message::readDelimiters(std::string_view header, Hl7Delimiters& delimiters, std::string& problem)
{
    if (header.size() < 4 || !usableDelimiter(header[3]))
    {
        problem = "its " + std::string(header.substr(0, 3)) + " segment declares no usable field separator";
        return false;
    }
    delimiters.field = header[3];
    const std::size_t end = header.find(delimiters.field, 4);
    const std::string_view encoding =
        header.substr(4, end == std::string_view::npos ? std::string_view::npos : end - 4);
    char* const slots[] = {&delimiters.component, &delimiters.repetition, &delimiters.escape,
                           &delimiters.subcomponent};
    // Characters MSH-2 leaves out are absent from the message: a NUL never matches text.
    for (std::size_t i = 0; i < 4; ++i)
    {
        *slots[i] = i < encoding.size() ? encoding[i] : '\0';
    }
    std::string seen(1, delimiters.field);
    for (std::size_t i = 0; i < std::min<std::size_t>(encoding.size(), 4); ++i)
    {
        if (!usableDelimiter(encoding[i]) || seen.find(encoding[i]) != std::string::npos)
        {
            problem =
                "its encoding characters \"" + std::string(encoding) + "\" are not distinct punctuation";
            return false;
        }
        seen.push_back(encoding[i]);
    }
    return true;
}

bool Hl7Message::parse(std::string_view text, std::vector<Hl7Segment>& segments, std::string& problem)
{
    segments.clear();
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size())
    {
        const std::size_t end = text.find_first_of("\r\n", start);
        const std::string_view line =
            text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty())
        {
            lines.push_back(line);
        }
        if (end == std::string_view::npos)
        {
            break;
        }
        start = end + 1;
    }
    if (lines.empty() || !isHeaderSegment(lines.front().substr(0, 3)))
    {
        problem = "it does not start with an MSH segment";
        return false;
    }
    Hl7Delimiters delimiters;
    if (!readDelimiters(lines.front(), delimiters, problem))
    {
        return false;
    }
    for (std::string_view line : lines)
    {
        Hl7Segment segment;
        std::vector<std::string_view> parts = split(line, delimiters.field);
        segment.name.assign(parts.front());
        std::size_t first = 1;
        if (isHeaderSegment(segment.name))
        {
            // MSH-1 is the separator itself and MSH-2 the encoding characters: both verbatim.
            segment.fields.emplace_back(1, delimiters.field);
            segment.fields.emplace_back(parts.size() > 1 ? parts[1] : std::string_view());
            first = 2;
        }
        for (std::size_t i = first; i < parts.size(); ++i)
        {
            segment.fields.push_back(unescape(parts[i], delimiters));
        }
        segments.push_back(std::move(segment));
    }
    return true;
}

std::string Hl7Message::unescape(std::string_view field, const Hl7Delimiters& delimiters)
{
    if (delimiters.escape == '\0' || field.find(delimiters.escape) == std::string_view::npos)
    {
        return std::string(field);
    }
    std::string out;
    out.reserve(field.size());
    std::size_t i = 0;
    while (i < field.size())
    {
        const std::size_t open = field.find(delimiters.escape, i);
        const std::size_t close =
            open == std::string_view::npos ? open : field.find(delimiters.escape, open + 1);
        if (close == std::string_view::npos)
        {
            out.append(field.substr(i)); // an unterminated escape is kept as text
            break;
        }
        out.append(field.substr(i, open - i));
        const std::string_view code = field.substr(open + 1, close - open - 1);
        char meaning = '\0';
        if (code == "F")
        {
            meaning = delimiters.field;
        }
        else if (code == "S")
        {
            meaning = delimiters.component;
        }
        else if (code == "T")
        {
            meaning = delimiters.subcomponent;
        }
        else if (code == "R")
        {
            meaning = delimiters.repetition;
        }
        else if (code == "E")
        {
            meaning = delimiters.escape;
        }
        // An unknown code, or one naming a delimiter MSH-2 left out (held as NUL), stands for
        // nothing the message defines: it is kept as text rather than decoded to a NUL byte.
        if (meaning != '\0')
        {
            out.push_back(meaning);
        }
        else
        {
            out.append(field.substr(open, close - open + 1));
        }
        i = close + 1;
    }
    return out;
}

std::string Hl7Message::toJson(const std::vector<Hl7Segment>& segments)
{
    std::string json = "[";
    for (std::size_t s = 0; s < segments.size(); ++s)
    {
        json += (s == 0 ? "{\"name\":" : ",{\"name\":") +
                Poco::toJSON(segments[s].name, Poco::JSON_WRAP_STRINGS) + ",\"fields\":[";
        for (std::size_t f = 0; f < segments[s].fields.size(); ++f)
        {
            json += (f == 0 ? "" : ",") + Poco::toJSON(segments[s].fields[f], Poco::JSON_WRAP_STRINGS);
        }
        json += "]}";
    }
    return json + "]";
}

} // namespace portico::tcp
