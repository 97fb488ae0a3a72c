// The fixed-width record codec both ways: JSON and parameters into padded EBCDIC records, records
// into typed JSON, every refusal naming its field, and a property check that 500 generated records
// survive encode and decode through IBM037 and IBM1047 unchanged.

#include "tcp/Charset.h"
#include "tcp/DecimalNumber.h"
#include "tcp/FieldFormatter.h"
#include "tcp/FixedRequestCodec.h"
#include "tcp/FixedResponseCodec.h"
#include "tcp/Utf8.h"

#include "OwnedRequest.h"

#include <Poco/JSONString.h>
#include <cppunit/extensions/HelperMacros.h>

#include <random>

using namespace portico::tcp;
using portico::tcp::test::OwnedRequest;

namespace
{

FixedField field(const std::string& name, std::size_t length,
                 FixedField::Type type = FixedField::Type::String)
{
    FixedField f;
    f.name = name;
    f.length = length;
    f.type = type;
    f.align = f.numeric() ? FixedField::Align::Right : FixedField::Align::Left;
    f.pad = f.numeric() ? U'0' : U' ';
    return f;
}

const Charset& ibm037()
{
    return *Charset::find("IBM037");
}

// The layouts that hold constants are the IBM037 ones; FieldParser encodes in the route's charset.
FixedField constant(FixedField f, const std::u32string& text)
{
    f.constant = true;
    f.constantText = text;
    std::size_t bad = 0;
    CPPUNIT_ASSERT(ibm037().encode(text, f.constantBytes, bad));
    return f;
}

FixedField decimal(const std::string& name, std::size_t length, unsigned scale)
{
    FixedField f = field(name, length, FixedField::Type::Decimal);
    f.scale = scale;
    return f;
}

FixedField aligned(FixedField f, FixedField::Align align, char32_t pad)
{
    f.align = align;
    f.pad = pad;
    return f;
}

std::string ebcdic(const std::string& text)
{
    std::string bytes;
    std::string problem;
    CPPUNIT_ASSERT(ibm037().encodeUtf8(text, bytes, problem));
    return bytes;
}

// The balance transaction of gateway.xml.
RecordLayout balanceRequest()
{
    RecordLayout layout;
    layout.fields.push_back(constant(field("txn", 4), U"BAL1"));
    layout.fields.push_back(aligned(field("account", 10), FixedField::Align::Right, U'0'));
    return layout;
}

RecordLayout balanceResponse()
{
    RecordLayout layout;
    layout.fields.push_back(field("rc", 2, FixedField::Type::Int));
    layout.fields.push_back(field("account", 10));
    layout.fields.push_back(decimal("balance", 13, 2));
    layout.fields.push_back(field("currency", 3));
    return layout;
}

OwnedRequest request(const std::string& body, NameValues path = {}, NameValues query = {})
{
    return OwnedRequest{body, std::move(path), std::move(query)};
}

std::string encodeOk(const FixedRequestCodec& codec, const OwnedRequest& data)
{
    std::string payload;
    std::string problem;
    CPPUNIT_ASSERT_MESSAGE(problem, codec.encode(data.view(), payload, problem));
    return payload;
}

std::string refusal(const FixedRequestCodec& codec, const OwnedRequest& data)
{
    std::string payload;
    std::string problem;
    CPPUNIT_ASSERT_MESSAGE("expected a refusal", !codec.encode(data.view(), payload, problem));
    return problem;
}

std::string formatted(const FixedField& f, FieldValue::Kind kind, const std::string& text)
{
    std::u32string out;
    std::string problem;
    CPPUNIT_ASSERT_MESSAGE(problem, FieldFormatter::format(f, {kind, text}, out, problem));
    return std::string(out.begin(), out.end()); // the tests use ASCII only
}

std::string formatProblem(const FixedField& f, const std::string& text)
{
    std::u32string out;
    std::string problem;
    CPPUNIT_ASSERT_MESSAGE("expected a problem for " + text,
                           !FieldFormatter::format(f, {FieldValue::Kind::Number, text}, out, problem));
    return problem;
}

void assertContains(const std::string& text, const std::string& part)
{
    CPPUNIT_ASSERT_MESSAGE("\"" + text + "\" lacks \"" + part + "\"", text.find(part) != std::string::npos);
}

} // namespace

class FixedCodecTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FixedCodecTest);
    CPPUNIT_TEST(testBalanceRequestFromPathParameter);
    CPPUNIT_TEST(testBodyAndQueryAreMerged);
    CPPUNIT_TEST(testParametersWithoutBody);
    CPPUNIT_TEST(testMissingOverlongAndUnknownFields);
    CPPUNIT_TEST(testConstants);
    CPPUNIT_TEST(testUnmappedCharacterNamesTheField);
    CPPUNIT_TEST(testBadJson);
    CPPUNIT_TEST(testNumbersAreFormattedExactly);
    CPPUNIT_TEST(testNegativeNumbers);
    CPPUNIT_TEST(testNumberRefusals);
    CPPUNIT_TEST(testNullFillsWithPad);
    CPPUNIT_TEST(testBalanceReply);
    CPPUNIT_TEST(testNegativeAndBlankReplies);
    CPPUNIT_TEST(testBadReplies);
    CPPUNIT_TEST(testDecimalNumber);
    CPPUNIT_TEST(testGeneratedRecordsRoundTripThroughEbcdic);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBalanceRequestFromPathParameter()
    {
        FixedRequestCodec codec(balanceRequest(), ibm037());
        CPPUNIT_ASSERT_EQUAL(ebcdic("BAL10000012345"), encodeOk(codec, request("", {{"account", "12345"}})));
        // Path parameters that name no field are the route's business, not the record's.
        CPPUNIT_ASSERT_EQUAL(ebcdic("BAL10000000042"),
                             encodeOk(codec, request("", {{"account", "42"}, {"branch", "x"}})));
    }

    void testBodyAndQueryAreMerged()
    {
        RecordLayout layout;
        layout.fields.push_back(field("name", 6));
        layout.fields.push_back(field("count", 3, FixedField::Type::Int));
        layout.fields.push_back(field("flag", 5));
        FixedRequestCodec codec(layout, *Charset::find("US-ASCII"));
        CPPUNIT_ASSERT_EQUAL(std::string("ada   007true "),
                             encodeOk(codec, request(R"({"name":"ada","flag":true})", {}, {{"count", "7"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("ada   012x    "),
                             encodeOk(codec, request(R"({"name":"ada","count":12,"flag":"x"})")));
        assertContains(
            refusal(codec, request(R"({"name":"ada","count":1,"flag":"x"})", {}, {{"count", "2"}})),
            "field 'count' is given both as a query parameter and in the path or body");
        assertContains(
            refusal(codec, request(R"({"name":"a","flag":"x"})", {}, {{"count", "2"}, {"count", "3"}})),
            "query parameter 'count' is given more than once");
    }

    // No body: the record comes from the path and the query alone; each record on this thread
    // is exactly its own, whatever the one before held.
    void testParametersWithoutBody()
    {
        RecordLayout layout;
        layout.fields.push_back(field("name", 6));
        layout.fields.push_back(
            aligned(field("count", 3, FixedField::Type::Int), FixedField::Align::Left, U' '));
        layout.fields.push_back(aligned(field("flag", 5), FixedField::Align::Right, U'*'));
        FixedRequestCodec codec(layout, *Charset::find("US-ASCII"));
        CPPUNIT_ASSERT_EQUAL(std::string("ada-  -7 ***on"),
                             encodeOk(codec, request(" \r\n", {{"name", "ada-"}, {"version", "v2"}},
                                                     {{"count", "-7"}, {"flag", "on"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("b     1  ****x"),
                             encodeOk(codec, request("", {{"name", "b"}}, {{"count", "1"}, {"flag", "x"}})));
        assertContains(
            refusal(codec, request("", {{"name", "b"}}, {{"name", "c"}, {"count", "1"}, {"flag", "x"}})),
            "field 'name' is given both as a query parameter and in the path or body");
        CPPUNIT_ASSERT_EQUAL(std::string("unknown field 'flags' (the record has name, count, flag)"),
                             refusal(codec, request("", {{"name", "b"}}, {{"count", "1"}, {"flags", "x"}})));
        assertContains(
            refusal(codec, request(R"({"name":"a"})", {{"name", "b"}}, {{"count", "1"}, {"flag", "x"}})),
            "field 'name' is given both in the path and in the body");
    }

    void testMissingOverlongAndUnknownFields()
    {
        FixedRequestCodec codec(balanceRequest(), ibm037());
        CPPUNIT_ASSERT_EQUAL(std::string("field 'account' is missing"), refusal(codec, request("")));
        CPPUNIT_ASSERT_EQUAL(std::string("field 'account' is 12 characters long, more than its length of 10"),
                             refusal(codec, request("", {{"account", "123456789012"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown field 'acount' (the record has txn, account)"),
                             refusal(codec, request(R"({"acount":"1"})")));
        assertContains(refusal(codec, request(R"({"account":{"id":1}})")),
                       "field 'account' must be a string, a number or null");
    }

    void testConstants()
    {
        FixedRequestCodec codec(balanceRequest(), ibm037());
        // The JSON need not give a constant, may give it with its own value, and must not change it.
        CPPUNIT_ASSERT_EQUAL(ebcdic("BAL10000000001"),
                             encodeOk(codec, request(R"({"txn":"BAL1","account":"1"})")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("field 'txn' is the constant \"BAL1\" and cannot be set to \"XFER\""),
            refusal(codec, request(R"({"txn":"XFER","account":"1"})")));
    }

    void testUnmappedCharacterNamesTheField()
    {
        FixedRequestCodec codec(balanceRequest(), ibm037());
        CPPUNIT_ASSERT_EQUAL(std::string("field 'account': '\xE2\x82\xAC' (U+20AC) has no mapping in IBM037"),
                             refusal(codec, request("", {{"account", "12\xE2\x82\xAC"}})));
        assertContains(refusal(codec, request("", {{"account", "12\xFF"}})),
                       "field 'account' is not valid UTF-8");
    }

    void testBadJson()
    {
        FixedRequestCodec codec(balanceRequest(), ibm037());
        assertContains(refusal(codec, request("{\"account\":")), "the request body is not valid JSON");
        // POCO would read 2^64 as 0: refused rather than sent to the peer as account 0.
        CPPUNIT_ASSERT_EQUAL(
            std::string("the request body holds an integer beyond 64 bits, which cannot be read exactly"),
            refusal(codec, request(R"({"account":18446744073709551616})")));
        CPPUNIT_ASSERT_EQUAL(std::string("the request body must be a JSON object"),
                             refusal(codec, request("[\"12345\"]")));
        CPPUNIT_ASSERT_EQUAL(std::string("field 'account' is given both in the path and in the body"),
                             refusal(codec, request(R"({"account":"1"})", {{"account", "2"}})));
    }

    void testNumbersAreFormattedExactly()
    {
        using Kind = FieldValue::Kind;
        CPPUNIT_ASSERT_EQUAL(std::string("001234"), formatted(decimal("d", 6, 2), Kind::Number, "12.34"));
        CPPUNIT_ASSERT_EQUAL(std::string("001230"), formatted(decimal("d", 6, 2), Kind::Text, "12.3"));
        CPPUNIT_ASSERT_EQUAL(std::string("010000"), formatted(decimal("d", 6, 2), Kind::Number, "1e2"));
        CPPUNIT_ASSERT_EQUAL(std::string("000005"), formatted(decimal("d", 6, 2), Kind::Number, "0.05"));
        CPPUNIT_ASSERT_EQUAL(std::string("000120"), formatted(decimal("d", 6, 0), Kind::Text, "120"));
        CPPUNIT_ASSERT_EQUAL(std::string("000012"),
                             formatted(field("i", 6, FixedField::Type::Int), Kind::Number, "12.000"));
        CPPUNIT_ASSERT_EQUAL(std::string("000007"),
                             formatted(field("i", 6, FixedField::Type::Int), Kind::Text, "+007"));
        // A double from JSON keeps its shortest exact spelling: 0.1 + 0.2 is not 0.3.
        CPPUNIT_ASSERT_EQUAL(std::string("0.30000000000000004"), DecimalNumber::fromDouble(0.1 + 0.2));
        CPPUNIT_ASSERT_EQUAL(std::string("12.34"), DecimalNumber::fromDouble(12.34));
        // Big integers stay exact.
        CPPUNIT_ASSERT_EQUAL(
            std::string("12345678901234567890"),
            formatted(field("i", 20, FixedField::Type::Int), Kind::Text, "12345678901234567890"));
        // Path parameters are strings, and numeric strings are numbers for number fields.
        FixedRequestCodec codec({{decimal("amount", 8, 2)}}, ibm037());
        CPPUNIT_ASSERT_EQUAL(ebcdic("00012345"), encodeOk(codec, request("", {{"amount", "123.45"}})));
        CPPUNIT_ASSERT_EQUAL(ebcdic("00012345"), encodeOk(codec, request(R"({"amount":123.45})")));
    }

    void testNegativeNumbers()
    {
        using Kind = FieldValue::Kind;
        // Zero-padded: the sign leads the field, as the mainframe of the demo writes it.
        CPPUNIT_ASSERT_EQUAL(std::string("-000000005000"),
                             formatted(decimal("b", 13, 2), Kind::Number, "-50"));
        CPPUNIT_ASSERT_EQUAL(std::string("-0042"),
                             formatted(field("i", 5, FixedField::Type::Int), Kind::Number, "-42"));
        // Blank-padded or left-aligned: the sign sits by the digits.
        CPPUNIT_ASSERT_EQUAL(std::string("  -42"), formatted(aligned(field("i", 5, FixedField::Type::Int),
                                                                     FixedField::Align::Right, U' '),
                                                             Kind::Number, "-42"));
        CPPUNIT_ASSERT_EQUAL(std::string("-42  "), formatted(aligned(field("i", 5, FixedField::Type::Int),
                                                                     FixedField::Align::Left, U' '),
                                                             Kind::Number, "-42"));
        // The sign takes one of the field's characters.
        CPPUNIT_ASSERT_EQUAL(std::string("-9999"),
                             formatted(field("i", 5, FixedField::Type::Int), Kind::Number, "-9999"));
        assertContains(formatProblem(field("i", 5, FixedField::Type::Int), "-10000"), "needs 6 characters");
        // Negative zero is zero.
        CPPUNIT_ASSERT_EQUAL(std::string("00000"), formatted(decimal("d", 5, 2), Kind::Number, "-0.00"));
    }

    void testNumberRefusals()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("is not a number: \"12a\""),
                             formatProblem(field("i", 5, FixedField::Type::Int), "12a"));
        CPPUNIT_ASSERT_EQUAL(std::string("is not a whole number: 1.5"),
                             formatProblem(field("i", 5, FixedField::Type::Int), "1.5"));
        CPPUNIT_ASSERT_EQUAL(std::string("has more than 2 decimal places: 12.345"),
                             formatProblem(decimal("d", 8, 2), "12.345"));
        CPPUNIT_ASSERT_EQUAL(std::string("needs 7 characters for 12345.67, more than its length of 6"),
                             formatProblem(decimal("d", 6, 2), "12345.67"));
        for (const char* bad : {"", "-", "+", ".", "1e", "1e+", "0x10", "1,5", " 1", "1 ", "NaN", "1e5000"})
        {
            formatProblem(field("i", 9, FixedField::Type::Int), bad);
        }
        FixedRequestCodec codec({{field("count", 3, FixedField::Type::Int)}}, ibm037());
        CPPUNIT_ASSERT_EQUAL(std::string("field 'count' is not a number: \"true\""),
                             refusal(codec, request(R"({"count":true})")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("field 'count' needs 4 characters for 1000, more than its length of 3"),
            refusal(codec, request(R"({"count":1000})")));
    }

    void testNullFillsWithPad()
    {
        RecordLayout layout;
        layout.fields.push_back(field("name", 4));
        layout.fields.push_back(
            aligned(field("count", 3, FixedField::Type::Int), FixedField::Align::Right, U' '));
        FixedRequestCodec codec(layout, *Charset::find("US-ASCII"));
        CPPUNIT_ASSERT_EQUAL(std::string("       "),
                             encodeOk(codec, request(R"({"name":null,"count":null})")));
        FixedResponseCodec reply(layout, *Charset::find("US-ASCII"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"name":"","count":null})"), reply.decode("       ").body);
    }

    void testBalanceReply()
    {
        FixedResponseCodec codec(balanceResponse(), ibm037());
        Answer answer = codec.decode(ebcdic("000000012345000000123456"
                                            "7EUR"));
        CPPUNIT_ASSERT_EQUAL(200, answer.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), answer.contentType);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"rc":0,"account":"0000012345","balance":12345.67,"currency":"EUR"})"),
            answer.body);
    }

    void testNegativeAndBlankReplies()
    {
        FixedResponseCodec codec(balanceResponse(), ibm037());
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"rc":0,"account":"0000000042","balance":-50.00,"currency":"USD"})"),
            codec.decode(ebcdic("000000000042-000000005000USD")).body);
        // The demo's "bad transaction" reply: blank account, zero balance, blank currency.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"rc":8,"account":"","balance":0.00,"currency":""})"),
                             codec.decode(ebcdic("08          0000000000000   ")).body);
        // A sign after zero padding and blanks around a number are read too.
        RecordLayout layout;
        layout.fields.push_back(field("a", 6, FixedField::Type::Int));
        layout.fields.push_back(aligned(field("b", 6, FixedField::Type::Int), FixedField::Align::Left, U' '));
        layout.fields.push_back(aligned(decimal("c", 6, 3), FixedField::Align::Right, U'*'));
        FixedResponseCodec mixed(layout, *Charset::find("ISO-8859-1"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":-12,"b":-7,"c":-1.500})"),
                             mixed.decode("00-012-7    *-1500").body);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":0,"b":null,"c":null})"),
                             mixed.decode("000000      ******").body);
    }

    void testBadReplies()
    {
        FixedResponseCodec codec(balanceResponse(), ibm037());
        Answer shorter = codec.decode(ebcdic("00000001234500000012345EUR"));
        CPPUNIT_ASSERT_EQUAL(502, shorter.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the peer's reply is 26 bytes long; the response record has 28"),
                             shorter.detail);
        Answer notNumber = codec.decode(ebcdic("0A000001234500000012345 7EUR"));
        CPPUNIT_ASSERT_EQUAL(502, notNumber.status);
        CPPUNIT_ASSERT_EQUAL(std::string("field 'rc' of the peer's reply is not a number: \"0A\""),
                             notNumber.detail);
        Answer spaceInside = codec.decode(ebcdic("000000012345000000123 567EUR"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("field 'balance' of the peer's reply is not a number: \"000000123 567\""),
            spaceInside.detail);
        // A constant in a reply is checked.
        RecordLayout layout;
        layout.fields.push_back(constant(field("kind", 2), U"OK"));
        layout.fields.push_back(field("x", 1));
        FixedResponseCodec checked(layout, *Charset::find("US-ASCII"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"kind":"OK","x":"y"})"), checked.decode("OKy").body);
        CPPUNIT_ASSERT_EQUAL(
            std::string("field 'kind' of the peer's reply holds \"NO\", not its constant \"OK\""),
            checked.decode("NOy").detail);
        // An unmapped byte is named with its field.
        Answer unmapped = checked.decode("OK\x80");
        CPPUNIT_ASSERT_EQUAL(502, unmapped.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("the peer's reply cannot be read: byte 0x80 at offset 2 has no mapping in "
                        "US-ASCII (field 'x')"),
            unmapped.detail);
    }

    void testDecimalNumber()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("12345.67"), DecimalNumber::jsonNumber(false, "0000001234567", 2));
        CPPUNIT_ASSERT_EQUAL(std::string("0.05"), DecimalNumber::jsonNumber(false, "5", 2));
        CPPUNIT_ASSERT_EQUAL(std::string("0.000"), DecimalNumber::jsonNumber(true, "000", 3));
        CPPUNIT_ASSERT_EQUAL(std::string("-7"), DecimalNumber::jsonNumber(true, "007", 0));
        DecimalNumber number;
        std::string digits;
        CPPUNIT_ASSERT(DecimalNumber::parse("-1.2500e1", number));
        CPPUNIT_ASSERT(number.negative());
        CPPUNIT_ASSERT(number.scaledDigits(1, digits));
        CPPUNIT_ASSERT_EQUAL(std::string("125"), digits);
        CPPUNIT_ASSERT(!number.scaledDigits(0, digits));
        CPPUNIT_ASSERT(DecimalNumber::parse(".5", number) && DecimalNumber::parse("5.", number));
        CPPUNIT_ASSERT(DecimalNumber::parse("000", number) && number.zero() && !number.negative());
    }

    void testGeneratedRecordsRoundTripThroughEbcdic()
    {
        // A fixed seed: the same 500 records on every run, so a failure can be reproduced.
        std::mt19937 random(20261128);
        const std::u32string alphabet =
            U"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "
            U".,;:-_/()[]{}^~!?#$%&*+=<>|@'\"\\"
            U"\u00E4\u00F6\u00FC\u00DF\u00E9\u00E8\u00E7\u00F1\u00C5\u00D8\u00A3\u00A2\u00AC\u00DD\u00A8";
        auto pick = [&](std::size_t bound)
        { return std::uniform_int_distribution<std::size_t>(0, bound)(random); };
        for (const char* charsetName : {"IBM037", "IBM1047"})
        {
            const Charset& charset = *Charset::find(charsetName);
            for (int record = 0; record < 250; ++record)
            {
                RecordLayout layout;
                std::string expected = "{";
                std::string body = "{";
                const std::size_t fieldCount = 1 + pick(6);
                for (std::size_t i = 0; i < fieldCount; ++i)
                {
                    const std::string name = "f" + std::to_string(i);
                    const std::size_t kind = pick(2);
                    const std::size_t length = 1 + pick(14);
                    std::string jsonValue;
                    std::string bodyValue;
                    FixedField f;
                    if (kind == 0)
                    {
                        f = aligned(field(name, length),
                                    pick(1) ? FixedField::Align::Left : FixedField::Align::Right,
                                    pick(3) == 0 ? U'*' : U' ');
                        std::u32string text;
                        const std::size_t size = pick(length);
                        for (std::size_t c = 0; c < size; ++c)
                        {
                            text.push_back(alphabet[pick(alphabet.size() - 1)]);
                        }
                        // The pad is trimmed on the padded side, so the text must not end there in a pad.
                        while (!text.empty() &&
                               (f.align == FixedField::Align::Left ? text.back() : text.front()) == f.pad)
                        {
                            if (f.align == FixedField::Align::Left)
                            {
                                text.pop_back();
                            }
                            else
                            {
                                text.erase(0, 1);
                            }
                        }
                        jsonValue = Poco::toJSON(Utf8::encode(text), Poco::JSON_WRAP_STRINGS);
                        bodyValue = jsonValue;
                    }
                    else
                    {
                        const bool isDecimal = kind == 2;
                        f = isDecimal ? decimal(name, length,
                                                static_cast<unsigned>(pick(std::min<std::size_t>(length, 4))))
                                      : field(name, length, FixedField::Type::Int);
                        if (pick(2) == 0)
                        {
                            f = aligned(f, FixedField::Align::Right, U' ');
                        }
                        const bool negative = length > 1 && pick(1) == 1;
                        std::string digits;
                        const std::size_t digitCount = 1 + pick(length - 1 - (negative ? 1 : 0));
                        for (std::size_t d = 0; d < digitCount; ++d)
                        {
                            digits.push_back(static_cast<char>('0' + pick(9)));
                        }
                        jsonValue = DecimalNumber::jsonNumber(negative, digits, f.scale);
                        // The request carries the number as JSON (a number or, half of the time, a string).
                        bodyValue = pick(1) ? jsonValue : "\"" + jsonValue + "\"";
                    }
                    layout.fields.push_back(f);
                    expected += (i == 0 ? "\"" : ",\"") + name + "\":" + jsonValue;
                    body += (i == 0 ? "\"" : ",\"") + name + "\":" + bodyValue;
                }
                expected += "}";
                body += "}";
                FixedRequestCodec encoder(layout, charset);
                FixedResponseCodec decoder(layout, charset);
                std::string payload;
                std::string problem;
                CPPUNIT_ASSERT_MESSAGE(body + ": " + problem,
                                       encoder.encode(request(body).view(), payload, problem));
                CPPUNIT_ASSERT_EQUAL(layout.length(), payload.size());
                Answer answer = decoder.decode(payload);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(charsetName) + " " + body + ": " + answer.detail,
                                             expected, answer.body);
            }
        }
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FixedCodecTest, "tcp");
