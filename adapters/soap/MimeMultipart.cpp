#include "soap/MimeMultipart.h"

#include "soap/XmlNames.h"

#include <Poco/String.h>

namespace portico::soap
{

namespace
{

std::string withoutAngleBrackets(std::string_view id)
{
    id = trimXmlSpace(id);
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
    return std::string(id);
}

// The headers of one part: "Name: value" lines, a line starting with white space continuing the
// one before.
void readHeaders(std::string_view headers, MimePart& part)
{
    std::string name, value;
    const auto keep = [&]
    {
        if (name == "content-id")
            part.contentId = withoutAngleBrackets(value);
        else if (name == "content-type")
            part.contentType = std::string(trimXmlSpace(value));
        else if (name == "content-transfer-encoding")
            part.transferEncoding = Poco::toLower(std::string(trimXmlSpace(value)));
        name.clear();
        value.clear();
    };
    std::size_t at = 0;
    while (at < headers.size())
    {
        std::size_t end = headers.find("\r\n", at);
        if (end == std::string_view::npos) end = headers.size();
        const std::string_view line = headers.substr(at, end - at);
        at = end + 2;
        if (line.empty()) continue;
        if (line[0] == ' ' || line[0] == '\t')
        {
            value += ' ';
            value.append(trimXmlSpace(line));
            continue;
        }
        keep();
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        name = Poco::toLower(std::string(trimXmlSpace(line.substr(0, colon))));
        value.assign(trimXmlSpace(line.substr(colon + 1)));
    }
    keep();
}

bool closeDelimiterMissing(std::string& error)
{
    error = "the multipart body ends before its close delimiter";
    return false;
}

} // namespace

const std::string* ContentType::parameter(std::string_view name) const
{
    for (const auto& [key, value] : parameters)
    {
        if (key == name) return &value;
    }
    return nullptr;
}

ContentType parseContentType(std::string_view value)
{
    ContentType result;
    std::size_t at = value.find(';');
    result.mediaType = Poco::toLower(std::string(trimXmlSpace(value.substr(0, at))));
    while (at != std::string_view::npos && at < value.size())
    {
        ++at; // past ';'
        const std::size_t equals = value.find('=', at);
        if (equals == std::string_view::npos) break;
        std::string name = Poco::toLower(std::string(trimXmlSpace(value.substr(at, equals - at))));
        at = value.find_first_not_of(" \t", equals + 1);
        if (at == std::string_view::npos) at = value.size();
        std::string parameterValue;
        if (at < value.size() && value[at] == '"')
        {
            // A quoted string: a backslash quotes the next character.
            for (++at; at < value.size() && value[at] != '"'; ++at)
            {
                if (value[at] == '\\' && at + 1 < value.size()) ++at;
                parameterValue += value[at];
            }
            at = value.find(';', at);
        }
        else
        {
            const std::size_t end = value.find(';', at);
            parameterValue =
                std::string(trimXmlSpace(value.substr(at, end == std::string_view::npos ? end : end - at)));
            at = end;
        }
        result.parameters.emplace_back(std::move(name), std::move(parameterValue));
    }
    return result;
}

std::string quotedParameter(std::string_view value)
{
    std::string result = "\"";
    for (const char c : value)
    {
        if (c == '"' || c == '\\') result += '\\';
        result += c;
    }
    return result + '"';
}

bool splitMultipart(std::string_view body, std::string_view boundary, std::vector<MimePart>& parts,
                    std::string& error)
{
    parts.clear();
    if (boundary.empty() || boundary.size() > 70)
    {
        error = "the multipart boundary is missing or longer than 70 characters";
        return false;
    }
    const std::string delimiter = "--" + std::string(boundary);
    // The first delimiter starts the body or a line; the others follow a CRLF.
    std::size_t at = body.compare(0, delimiter.size(), delimiter) == 0 ? 0 : body.find("\r\n" + delimiter);
    if (at == std::string_view::npos)
    {
        error = "the multipart body holds no part delimited by its boundary";
        return false;
    }
    at += at == 0 ? delimiter.size() : delimiter.size() + 2;
    for (;;)
    {
        if (body.compare(at, 2, "--") == 0) break; // the close delimiter
        // The rest of the delimiter line (transport padding), then the part up to the next one.
        const std::size_t lineEnd = body.find("\r\n", at);
        if (lineEnd == std::string_view::npos) return closeDelimiterMissing(error);
        const std::size_t next = body.find("\r\n" + delimiter, lineEnd);
        if (next == std::string_view::npos) return closeDelimiterMissing(error);
        const std::string_view text =
            next == lineEnd ? std::string_view() : body.substr(lineEnd + 2, next - lineEnd - 2);
        // Headers, an empty line, the content; a part without headers starts with the empty line.
        MimePart part;
        const std::size_t headersEnd = text.compare(0, 2, "\r\n") == 0 ? 0 : text.find("\r\n\r\n");
        if (headersEnd == std::string_view::npos)
        {
            readHeaders(text, part);
        }
        else
        {
            readHeaders(text.substr(0, headersEnd), part);
            part.content = text.substr(headersEnd + (headersEnd == 0 ? 2 : 4));
        }
        parts.push_back(std::move(part));
        at = next + 2 + delimiter.size();
    }
    if (parts.empty())
    {
        error = "the multipart body has no parts";
        return false;
    }
    return true;
}

} // namespace portico::soap
