// Fuzz target for the tcp adapter's fixed-width codec: a peer's reply read into JSON by the
// response codec, and a client's JSON body written into a record by the request codec. Framing is
// FrameDecoderFuzzer's. Input:
//   byte 0   the peer's charset (IBM037, ISO-8859-1, US-ASCII or UTF-8) and one of two layouts:
//            a balance enquiry (a constant, a right-aligned string padded with zeros, an int, a
//            decimal with 2 places) or a mixed record (left and right alignment, '*' padding, a
//            negative decimal's sign, a constant in the middle)
//   rest     the peer's reply, and, read as UTF-8, a client's request body
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// - every reply is answered 200 with a JSON object holding exactly the layout's fields, in order,
//   or 502 with a detail;
// - a request is refused with a reason, or encoded into exactly the record's length in
//   characters, holding each constant in its place;
// - a record the request codec wrote, read back by a response codec of the same layout, answers
//   200 and holds the number the client gave for each numeric field.

#include "tcp/Charset.h"
#include "tcp/FixedRequestCodec.h"
#include "tcp/FixedResponseCodec.h"
#include "tcp/RecordLayout.h"
#include "tcp/Utf8.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace
{

using portico::tcp::Charset;
using portico::tcp::FixedField;
using portico::tcp::RecordLayout;

[[noreturn]] void fail(const std::string& property, const Charset& charset)
{
    std::fprintf(stderr, "FixedCodecFuzzer: %s (charset %s)\n", property.c_str(), charset.name().c_str());
    std::abort();
}

FixedField field(const std::string& name, std::size_t length, FixedField::Type type, FixedField::Align align,
                 char32_t pad, unsigned scale = 0)
{
    FixedField f;
    f.name = name;
    f.length = length;
    f.type = type;
    f.align = align;
    f.pad = pad;
    f.scale = scale;
    return f;
}

// A constant as the configuration makes it: its padded text, encoded once in the route's charset.
FixedField constant(const std::string& name, const std::u32string& text, const Charset& charset)
{
    FixedField f = field(name, text.size(), FixedField::Type::String, FixedField::Align::Left, U' ');
    f.constant = true;
    f.constantText = text;
    std::size_t bad = 0;
    if (!charset.encode(text, f.constantBytes, bad)) fail("a constant the charset cannot hold", charset);
    return f;
}

RecordLayout layoutFor(unsigned which, const Charset& charset)
{
    using Type = FixedField::Type;
    using Align = FixedField::Align;
    RecordLayout layout;
    if (which == 0)
    {
        layout.fields.push_back(constant("txn", U"BAL1", charset));
        layout.fields.push_back(field("account", 10, Type::String, Align::Right, U'0'));
        layout.fields.push_back(field("rc", 2, Type::Int, Align::Right, U'0'));
        layout.fields.push_back(field("balance", 13, Type::Decimal, Align::Right, U'0', 2));
    }
    else
    {
        layout.fields.push_back(field("name", 6, Type::String, Align::Left, U' '));
        layout.fields.push_back(field("count", 4, Type::Int, Align::Right, U' '));
        layout.fields.push_back(constant("sep", U"--", charset));
        layout.fields.push_back(field("code", 3, Type::String, Align::Right, U'*'));
        layout.fields.push_back(field("amount", 7, Type::Decimal, Align::Left, U' ', 3));
    }
    return layout;
}

Poco::JSON::Object::Ptr objectOf(const std::string& json, const Charset& charset)
{
    try
    {
        const Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(json);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
            fail("a 200 whose body is no JSON object", charset);
        return parsed.extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception& e)
    {
        fail("a 200 whose body is not JSON: " + e.displayText(), charset);
    }
}

void checkReply(std::string_view payload, const RecordLayout& layout, const Charset& charset)
{
    const portico::tcp::Answer answer = portico::tcp::FixedResponseCodec(layout, charset).decode(payload);
    if (answer.status == 502)
    {
        if (answer.detail.empty()) fail("a 502 without a detail", charset);
        return;
    }
    if (answer.status != 200) fail("a reply answered neither 200 nor 502", charset);
    const Poco::JSON::Object::Ptr object = objectOf(answer.body, charset);
    if (object->size() != layout.fields.size()) fail("a 200 holding other members than the fields", charset);
    for (const FixedField& f : layout.fields)
    {
        if (!object->has(f.name)) fail("a 200 without the field " + f.name, charset);
    }
}

// The number a JSON member holds, when it holds one.
bool numberIn(const Poco::JSON::Object::Ptr& object, const std::string& name, double& number)
{
    if (!object->has(name)) return false;
    const Poco::Dynamic::Var value = object->get(name);
    if (!value.isNumeric()) return false;
    number = value.convert<double>();
    return true;
}

void checkRequest(std::string_view body, const RecordLayout& layout, const Charset& charset)
{
    const std::string owned(body);
    const portico::tcp::NameValues none;
    std::string payload;
    std::string problem;
    if (!portico::tcp::FixedRequestCodec(layout, charset).encode({owned, none, none}, payload, problem))
    {
        if (problem.empty()) fail("a request refused without a reason", charset);
        return;
    }
    std::string text;
    if (!charset.decodeToUtf8(payload, text, problem)) fail("a record its own charset cannot read", charset);
    std::u32string characters;
    std::size_t bad = 0;
    if (!portico::tcp::Utf8::decode(text, characters, bad))
        fail("a record read back as broken UTF-8", charset);
    if (characters.size() != layout.length()) fail("a record of another length than the layout's", charset);
    std::size_t at = 0;
    for (const FixedField& f : layout.fields)
    {
        if (f.constant && characters.compare(at, f.length, f.constantText) != 0)
            fail("a constant not in its place", charset);
        at += f.length;
    }

    const portico::tcp::Answer answer = portico::tcp::FixedResponseCodec(layout, charset).decode(payload);
    if (answer.status != 200)
        fail("a record the request codec wrote reads back as " + answer.detail, charset);
    const Poco::JSON::Object::Ptr read = objectOf(answer.body, charset);
    Poco::JSON::Object::Ptr given;
    try
    {
        given = Poco::JSON::Parser().parse(owned).extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception&)
    {
        return; // encoded from path or query parameters alone
    }
    for (const FixedField& f : layout.fields)
    {
        double sent = 0;
        double back = 0;
        if (!f.numeric() || !numberIn(given, f.name, sent)) continue;
        if (!numberIn(read, f.name, back) || std::fabs(sent - back) > 1e-9 * std::max(1.0, std::fabs(sent)))
            fail("the number sent in " + f.name + " reads back as another", charset);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Charset* const charsets[] = {Charset::find("IBM037"), Charset::find("ISO-8859-1"),
                                              Charset::find("US-ASCII"), &Charset::utf8()};
    if (size < 1) return 0;
    const Charset& charset = *charsets[data[0] % 4];
    const RecordLayout layout = layoutFor((data[0] / 4) % 2, charset);
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    checkReply(rest, layout, charset);
    checkRequest(rest, layout, charset);
    return 0;
}
