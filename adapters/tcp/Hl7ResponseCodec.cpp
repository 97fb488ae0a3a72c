#include "tcp/Hl7ResponseCodec.h"

#include "tcp/Hl7Message.h"

#include <Poco/JSONString.h>

namespace portico::tcp
{

namespace
{

bool isErrorAcknowledgement(const std::string& code)
{
    return code == "AE" || code == "AR" || code == "CE" || code == "CR";
}

} // namespace

Answer Hl7ResponseCodec::decode(std::string_view payload) const
{
    std::string text;
    std::string problem;
    if (!_charset.decodeToUtf8(payload, text, problem))
    {
        return Answer::problem(502, "the peer's reply cannot be read: " + problem);
    }
    std::vector<Hl7Segment> segments;
    if (!Hl7Message::parse(text, segments, problem))
    {
        return Answer::problem(502, "the peer's reply is not an HL7 v2 message: " + problem);
    }
    const std::string segmentsJson = Hl7Message::toJson(segments);
    for (const Hl7Segment& segment : segments)
    {
        if (segment.name != "MSA" || segment.fields.empty())
        {
            continue;
        }
        // MSA-1 is a plain code; cut at a component separator should a peer add one.
        const char component = segments.front().fields.size() > 1 && !segments.front().fields[1].empty()
                                   ? segments.front().fields[1].front()
                                   : '^';
        const std::string code = segment.fields[0].substr(0, segment.fields[0].find(component));
        if (isErrorAcknowledgement(code))
        {
            const std::string reason = segment.fields.size() > 2 ? segment.fields[2] : "";
            return Answer::problem(502,
                                   "the peer refused the message with acknowledgement code " + code +
                                       (reason.empty() ? "" : ": " + reason),
                                   "{\"ackCode\":" + Poco::toJSON(code, Poco::JSON_WRAP_STRINGS) +
                                       ",\"segments\":" + segmentsJson + "}");
        }
        break;
    }
    return Answer::ok("application/json", "{\"segments\":" + segmentsJson + "}");
}

} // namespace portico::tcp
