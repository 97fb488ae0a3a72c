// Fuzz target for the tcp adapter's HL7 v2 codec: the reply reader (segments, fields, the encoding
// characters the message declares, escapes, acknowledgement codes) and the request side's segment
// normalisation. MLLP framing is FrameDecoderFuzzer's. Input:
//   byte 0   the peer's charset (UTF-8, ISO-8859-1 or IBM037)
//   rest     the peer's reply, and, read as UTF-8, a client's request body
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// - the JSON made from a parsed message is JSON holding exactly its segments and fields;
// - the segments written back as a message with the declared encoding characters (a field
//   separator or escape character inside a field escaped as \F\ and \E\) parse to the same
//   segments, so the same JSON;
// - the response codec answers every reply with a 200 holding {"segments":…} equal to the parsed
//   message, or a 502 with a detail (and, for an error acknowledgement, its segments);
// - segment normalisation is idempotent, and whatever message the request codec sends, the same
//   codec at the peer's side reads as HL7 (its header was checked, the rest travels verbatim).

#include "tcp/Charset.h"
#include "tcp/Hl7Message.h"
#include "tcp/Hl7RequestCodec.h"
#include "tcp/Hl7ResponseCodec.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace
{

using portico::tcp::Charset;
using portico::tcp::Hl7Delimiters;
using portico::tcp::Hl7Message;
using portico::tcp::Hl7Segment;

[[noreturn]] void fail(const std::string& property, const Charset& charset)
{
    std::fprintf(stderr, "Hl7Fuzzer: %s (charset %s)\n", property.c_str(), charset.name().c_str());
    std::abort();
}

bool sameSegments(const std::vector<Hl7Segment>& a, const std::vector<Hl7Segment>& b)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].name != b[i].name || a[i].fields != b[i].fields) return false;
    }
    return true;
}

// The segments a JSON array [{"name":…,"fields":[…]},…] holds; false when it holds something else.
bool segmentsOf(const Poco::Dynamic::Var& json, std::vector<Hl7Segment>& segments)
{
    if (json.type() != typeid(Poco::JSON::Array::Ptr)) return false;
    const Poco::JSON::Array::Ptr array = json.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        const Poco::JSON::Object::Ptr object = array->getObject(static_cast<unsigned>(i));
        if (object.isNull() || object->size() != 2 || !object->has("name")) return false;
        const Poco::JSON::Array::Ptr fields = object->getArray("fields");
        if (fields.isNull()) return false;
        Hl7Segment segment;
        segment.name = object->getValue<std::string>("name");
        for (std::size_t f = 0; f < fields->size(); ++f)
        {
            segment.fields.push_back(fields->getElement<std::string>(static_cast<unsigned>(f)));
        }
        segments.push_back(std::move(segment));
    }
    return true;
}

void checkJson(const std::string& json, const std::vector<Hl7Segment>& segments, const Charset& charset)
{
    std::vector<Hl7Segment> read;
    try
    {
        if (!segmentsOf(Poco::JSON::Parser().parse(json), read))
            fail("the JSON is not an array of segments", charset);
    }
    catch (const Poco::Exception& e)
    {
        fail("the JSON of a message is not JSON: " + e.displayText(), charset);
    }
    if (!sameSegments(read, segments)) fail("the JSON holds other segments than the message", charset);
}

void appendEscaped(const std::string& field, const Hl7Delimiters& delimiters, std::string& out)
{
    for (const char c : field)
    {
        if (c == delimiters.field)
        {
            out += {delimiters.escape, 'F', delimiters.escape};
        }
        else if (c == delimiters.escape && c != '\0')
        {
            out += {delimiters.escape, 'E', delimiters.escape};
        }
        else
        {
            out.push_back(c);
        }
    }
}

// The segments as a message again, with the encoding characters the header declares.
std::string written(const std::vector<Hl7Segment>& segments, const Hl7Delimiters& delimiters)
{
    std::string message;
    for (const Hl7Segment& segment : segments)
    {
        message += segment.name;
        std::size_t first = 0;
        if (Hl7Message::isHeaderSegment(segment.name))
        {
            // MSH-1 is the separator itself and MSH-2 is kept verbatim.
            message += delimiters.field + segment.fields.at(1);
            first = 2;
        }
        for (std::size_t i = first; i < segment.fields.size(); ++i)
        {
            message.push_back(delimiters.field);
            appendEscaped(segment.fields[i], delimiters, message);
        }
        message.push_back('\r');
    }
    return message;
}

void checkReply(std::string_view payload, const Charset& charset)
{
    const portico::tcp::Answer answer = portico::tcp::Hl7ResponseCodec(charset).decode(payload);
    std::string text;
    std::string problem;
    std::vector<Hl7Segment> segments;
    const bool readable =
        charset.decodeToUtf8(payload, text, problem) && Hl7Message::parse(text, segments, problem);
    if (!readable)
    {
        if (answer.status != 502 || answer.detail.empty())
            fail("an unreadable reply without a 502 and a detail", charset);
        return;
    }
    const std::string json = Hl7Message::toJson(segments);
    checkJson(json, segments, charset);

    Hl7Delimiters delimiters;
    const std::size_t header = text.find_first_not_of("\r\n"); // parse() skips empty segments
    if (!Hl7Message::readDelimiters(text.substr(header, text.find_first_of("\r\n", header) - header),
                                    delimiters, problem))
        fail("a parsed message whose header declares no delimiters: " + problem, charset);
    std::vector<Hl7Segment> again;
    const std::string message = written(segments, delimiters);
    if (!Hl7Message::parse(message, again, problem))
        fail("the segments written back do not parse: " + problem, charset);
    if (!sameSegments(again, segments)) fail("the segments written back parse to other segments", charset);

    if (answer.status == 200)
    {
        if (answer.body != "{\"segments\":" + json + "}")
            fail("a 200 whose body is not the message's segments", charset);
    }
    else if (answer.status != 502 || answer.detail.empty() || answer.extensionsJson.empty())
    {
        fail("a readable reply answered neither 200 nor 502 with its segments", charset);
    }
}

void checkRequest(std::string_view body, const Charset& charset)
{
    const std::string normalised = portico::tcp::Hl7RequestCodec::normaliseSegments(body);
    if (portico::tcp::Hl7RequestCodec::normaliseSegments(normalised) != normalised)
        fail("segment normalisation is not idempotent", charset);
    const std::string owned(body);
    const portico::tcp::NameValues none;
    std::string payload;
    std::string problem;
    if (!portico::tcp::Hl7RequestCodec(charset).encode({owned, none, none}, payload, problem))
    {
        if (problem.empty()) fail("a request refused without a reason", charset);
        return;
    }
    std::string text;
    std::vector<Hl7Segment> segments;
    if (!charset.decodeToUtf8(payload, text, problem) || text != normalised)
        fail("the payload does not read back as the normalised body", charset);
    if (!Hl7Message::parse(text, segments, problem))
        fail("a sent message the peer cannot read: " + problem, charset);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Charset* const charsets[] = {&Charset::utf8(), Charset::find("ISO-8859-1"),
                                              Charset::find("IBM037")};
    if (size < 1) return 0;
    const Charset& charset = *charsets[data[0] % 3];
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    checkReply(rest, charset);
    checkRequest(rest, charset);
    return 0;
}
