#include "tcp/Hl7RequestCodec.h"

#include "tcp/Hl7Message.h"

namespace portico::tcp
{

std::string Hl7RequestCodec::normaliseSegments(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 1);
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
        {
            continue; // the LF that follows makes the terminator
        }
        out.push_back(text[i] == '\n' ? '\r' : text[i]);
    }
    while (!out.empty() && out.back() == '\r')
    {
        out.pop_back();
    }
    out.push_back('\r');
    return out;
}

bool Hl7RequestCodec::encode(const RequestData& request, std::string& payload, std::string& problem) const
{
    const std::string message = normaliseSegments(request.body);
    if (message.size() < 4 || message.compare(0, 3, "MSH") != 0)
    {
        problem = "the request body is not an HL7 v2 message: it must start with an MSH segment";
        return false;
    }
    // Only the header is validated here: splitting every segment would be wasted work, since the
    // message travels on verbatim. normaliseSegments left CR as the only segment terminator.
    const std::string_view header = std::string_view(message).substr(0, message.find('\r'));
    Hl7Delimiters delimiters;
    if (!Hl7Message::readDelimiters(header, delimiters, problem))
    {
        problem = "the request body is not an HL7 v2 message: " + problem;
        return false;
    }
    std::string phrase;
    if (!_charset.encodeUtf8(message, payload, phrase))
    {
        problem = "the request body " + phrase;
        return false;
    }
    return true;
}

} // namespace portico::tcp
