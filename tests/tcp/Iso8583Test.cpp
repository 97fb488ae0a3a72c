// ISO 8583: messages packed to the bytes the standard prescribes (checked against byte strings
// written out here by hand), read back, in ASCII, BCD and EBCDIC, with primary and secondary
// bitmaps in binary or hexadecimal; the JSON both ways; the response code's HTTP status; and the
// errors a client or a peer can cause, each naming the field at fault.

#include "tcp/Iso8583Message.h"
#include "tcp/Iso8583RequestCodec.h"
#include "tcp/Iso8583ResponseCodec.h"
#include "tcp/TcpConfig.h"

#include "OwnedRequest.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace portico::tcp;
using portico::tcp::test::OwnedRequest;

namespace
{

// The message definition of an adapter element's <iso8583> (ISO 8583:1987 in ASCII without one).
std::shared_ptr<const Iso8583Spec> specOf(const std::string& iso8583Element = "")
{
    TcpConfig config;
    std::vector<std::string> errors;
    const bool parsed = TcpConfig::parse("<adapter type=\"tcp\"><endpoint>127.0.0.1:9</endpoint>"
                                         "<framing type=\"length-prefix\" bytes=\"2\"/>"
                                         "<request codec=\"iso8583\"/><response codec=\"iso8583\"/>" +
                                             iso8583Element + "</adapter>",
                                         config, errors);
    CPPUNIT_ASSERT_MESSAGE(errors.empty() ? "" : errors.front(), parsed);
    CPPUNIT_ASSERT(config.iso8583 != nullptr);
    return config.iso8583;
}

std::vector<std::string> configErrors(const std::string& children)
{
    TcpConfig config;
    std::vector<std::string> errors;
    CPPUNIT_ASSERT(!TcpConfig::parse("<adapter type=\"tcp\"><endpoint>127.0.0.1:9</endpoint>"
                                     "<framing type=\"length-prefix\" bytes=\"2\"/>" +
                                         children + "</adapter>",
                                     config, errors));
    return errors;
}

std::string bytes(std::initializer_list<int> values)
{
    std::string out;
    for (int value : values)
        out.push_back(static_cast<char>(value));
    return out;
}

// What the request codec sends for a JSON body, or "" with the 400 detail in problem.
std::string encoded(const Iso8583Spec& spec, const std::string& json, std::string& problem)
{
    Iso8583RequestCodec codec(std::make_shared<const Iso8583Spec>(spec));
    std::string payload;
    problem.clear();
    return codec.encode(OwnedRequest{json, {}, {}}.view(), payload, problem) ? payload : "";
}

std::string encoded(const Iso8583Spec& spec, const std::string& json)
{
    std::string problem;
    const std::string payload = encoded(spec, json, problem);
    CPPUNIT_ASSERT_MESSAGE(problem, !payload.empty());
    return payload;
}

std::string requestProblem(const Iso8583Spec& spec, const std::string& json)
{
    std::string problem;
    CPPUNIT_ASSERT(encoded(spec, json, problem).empty());
    return problem;
}

// Bytes as hexadecimal, so that a failed comparison shows every byte.
std::string hexOf(const std::string& data)
{
    static const char digits[] = "0123456789ABCDEF";
    std::string hex;
    for (unsigned char byte : data)
    {
        hex.push_back(digits[byte >> 4]);
        hex.push_back(digits[byte & 0x0F]);
    }
    return hex;
}

#define ASSERT_SAME_BYTES(expected, actual) CPPUNIT_ASSERT_EQUAL(hexOf(expected), hexOf(actual))

Poco::JSON::Object::Ptr object(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

// A 0200 with fields 2, 3, 4, 7, 11, 41 and 49, and the same as the standard's ASCII form with a
// binary bitmap: 72 20 00 00 00 80 80 00 sets bits 2, 3, 4, 7, 11, 41 and 49.
const std::string purchase = R"({"mti":"0200","fields":{"2":"4111111111111111","3":"000000","4":1000,)"
                             R"("7":"1205120000","11":"000001","41":"TERM0001","49":"978"}})";
const std::string purchaseBytes = "0200" + bytes({0x72, 0x20, 0x00, 0x00, 0x00, 0x80, 0x80, 0x00}) +
                                  "164111111111111111"
                                  "000000"
                                  "000000001000"
                                  "1205120000"
                                  "000001"
                                  "TERM0001"
                                  "978";

} // namespace

class Iso8583Test : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(Iso8583Test);
    CPPUNIT_TEST(testPacksTheStandardAsciiForm);
    CPPUNIT_TEST(testSecondaryBitmapAndHexBitmap);
    CPPUNIT_TEST(testBcdForm);
    CPPUNIT_TEST(testEbcdicForm);
    CPPUNIT_TEST(testRoundTripKeepsEveryValue);
    CPPUNIT_TEST(testStanIsNumberedWhenMissing);
    CPPUNIT_TEST(testRequestErrorsNameTheField);
    CPPUNIT_TEST(testReplyAsJsonWithStatusFromResponseCode);
    CPPUNIT_TEST(testBadRepliesAre502NamingTheFieldAndByte);
    CPPUNIT_TEST(testFieldDefinitionsFromConfiguration);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPacksTheStandardAsciiForm() { ASSERT_SAME_BYTES(purchaseBytes, encoded(*specOf(), purchase)); }

    void testSecondaryBitmapAndHexBitmap()
    {
        // Field 70 lives in the secondary bitmap: bit 1 of the primary says it follows.
        const std::string echo = R"({"mti":"0800","fields":{"7":"1205120000","11":"000002","70":"301"}})";
        const std::string binary = "0800" + bytes({0x82, 0x20, 0, 0, 0, 0, 0, 0}) +
                                   bytes({0x04, 0, 0, 0, 0, 0, 0, 0}) +
                                   "1205120000"
                                   "000002"
                                   "301";
        ASSERT_SAME_BYTES(binary, encoded(*specOf(), echo));
        const std::string hex = "0800"
                                "8220000000000000"
                                "0400000000000000"
                                "1205120000"
                                "000002"
                                "301";
        CPPUNIT_ASSERT_EQUAL(hex, encoded(*specOf("<iso8583 bitmap=\"hex\"/>"), echo));
    }

    void testBcdForm()
    {
        // MTI and digits packed two to a byte, an odd count padded on the left; LL is one BCD byte.
        const std::string json = R"({"mti":"0200","fields":{"2":"4111111111111111","11":"000001","22":"051",)"
                                 R"("41":"TERM0001"}})";
        const std::string expected = bytes({0x02, 0x00}) +
                                     bytes({0x40, 0x20, 0x04, 0x00, 0x00, 0x80, 0x00, 0x00}) +
                                     bytes({0x16, 0x41, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11}) +
                                     bytes({0x00, 0x00, 0x01}) + bytes({0x00, 0x51}) + "TERM0001";
        ASSERT_SAME_BYTES(expected, encoded(*specOf("<iso8583 encoding=\"bcd\"/>"), json));
    }

    void testEbcdicForm()
    {
        // IBM037: digits F0-F9, 'T' E3, 'E' C5, 'R' D9, 'M' D4.
        const std::string json = R"({"mti":"0200","fields":{"11":"000001","41":"TERM0001"}})";
        const std::string expected = bytes({0xF0, 0xF2, 0xF0, 0xF0}) +
                                     bytes({0x00, 0x20, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00}) +
                                     bytes({0xF0, 0xF0, 0xF0, 0xF0, 0xF0, 0xF1}) +
                                     bytes({0xE3, 0xC5, 0xD9, 0xD4, 0xF0, 0xF0, 0xF0, 0xF1});
        const std::shared_ptr<const Iso8583Spec> spec = specOf("<iso8583 encoding=\"ebcdic\"/>");
        ASSERT_SAME_BYTES(expected, encoded(*spec, json));
        Iso8583Message message;
        std::string problem;
        CPPUNIT_ASSERT_MESSAGE(problem, message.unpack(*spec, expected, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("TERM0001"), *message.values[41]);
    }

    void testRoundTripKeepsEveryValue()
    {
        for (const char* element :
             {"", "<iso8583 encoding=\"bcd\"/>", "<iso8583 encoding=\"ebcdic\" bitmap=\"hex\"/>"})
        {
            const std::shared_ptr<const Iso8583Spec> spec = specOf(element);
            const std::string json = R"({"mti":"0210","fields":{"2":"5500000000000004","4":"000000012345",)"
                                     R"("35":"5500000000000004=2512101","39":"00","43":"SHOP",)"
                                     R"("52":"0123456789ABCDEF","70":"1","102":"ACC-1"}})";
            Iso8583Message message;
            std::string problem;
            CPPUNIT_ASSERT_MESSAGE(problem, message.unpack(*spec, encoded(*spec, json), problem));
            CPPUNIT_ASSERT_EQUAL(std::string("0210"), message.mti);
            CPPUNIT_ASSERT_EQUAL(std::string("5500000000000004"), *message.values[2]);
            CPPUNIT_ASSERT_EQUAL(std::string("5500000000000004=2512101"), *message.values[35]);
            CPPUNIT_ASSERT_EQUAL(std::string("SHOP") + std::string(36, ' '), *message.values[43]); // ans 40
            CPPUNIT_ASSERT_EQUAL(std::string("0123456789ABCDEF"), *message.values[52]);
            CPPUNIT_ASSERT_EQUAL(std::string("001"), *message.values[70]);
            CPPUNIT_ASSERT_EQUAL(std::string("ACC-1"), *message.values[102]);
            CPPUNIT_ASSERT(message.values[11].has_value()); // numbered by the codec
            CPPUNIT_ASSERT(!message.values[3].has_value());
        }
    }

    void testStanIsNumberedWhenMissing()
    {
        Iso8583RequestCodec codec(specOf());
        std::string first, second, problem;
        const std::string json = R"({"mti":"0800","fields":{"70":"301"}})";
        CPPUNIT_ASSERT(codec.encode(OwnedRequest{json, {}, {}}.view(), first, problem));
        CPPUNIT_ASSERT(codec.encode(OwnedRequest{json, {}, {}}.view(), second, problem));
        Iso8583Message a, b;
        CPPUNIT_ASSERT(a.unpack(*specOf(), first, problem) && b.unpack(*specOf(), second, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("000001"), *a.values[11]);
        CPPUNIT_ASSERT_EQUAL(std::string("000002"), *b.values[11]);
        // A reply is matched by its STAN, read without the fields after it: bytes the reply codec
        // will refuse later do not keep it from reaching its request.
        CPPUNIT_ASSERT_EQUAL(std::string("000001"), Iso8583Message::matchKey(*specOf(), first));
        CPPUNIT_ASSERT(!a.unpack(*specOf(), first + "xyz", problem));
        CPPUNIT_ASSERT_EQUAL(std::string("000001"), Iso8583Message::matchKey(*specOf(), first + "xyz"));
        CPPUNIT_ASSERT_EQUAL(std::string(), Iso8583Message::matchKey(*specOf(), "0800"));
        // stan="0": nothing added.
        Iso8583Message none;
        CPPUNIT_ASSERT(none.unpack(*specOf(), encoded(*specOf("<iso8583 stan=\"0\"/>"), json), problem));
        CPPUNIT_ASSERT(!none.values[11].has_value());
        // The default MTI.
        Iso8583Message defaulted;
        CPPUNIT_ASSERT(defaulted.unpack(
            *specOf(), encoded(*specOf("<iso8583 mti=\"0100\"/>"), R"({"fields":{}})"), problem));
        CPPUNIT_ASSERT_EQUAL(std::string("0100"), defaulted.mti);
    }

    void testRequestErrorsNameTheField()
    {
        const std::shared_ptr<const Iso8583Spec> owned = specOf();
        const Iso8583Spec& spec = *owned;
        CPPUNIT_ASSERT_EQUAL(std::string("field 4 (n 12): 'x' at position 4: digits only"),
                             requestProblem(spec, R"({"mti":"0200","fields":{"4":"100x"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("field 2 (n ..19): 20 characters, more than 19"),
                             requestProblem(spec, R"({"mti":"0200","fields":{"2":"41111111111111111111"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("field 52 (b 8): 4 bytes, not 8"),
                             requestProblem(spec, R"({"mti":"0200","fields":{"52":"01234567"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("field 4 (n 12) a negative number"),
                             requestProblem(spec, R"({"mti":"0200","fields":{"4":-5}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("field 41 (ans 8) must be a string"),
                             requestProblem(spec, R"({"mti":"0200","fields":{"41":12}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"fields\": \"1\" is not a field number from 2 to 128"),
                             requestProblem(spec, R"({"mti":"0200","fields":{"1":"00"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown member \"pan\" (expected \"mti\" and \"fields\")"),
                             requestProblem(spec, R"({"mti":"0200","pan":"4111"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("the MTI '200' is not four digits"),
                             requestProblem(spec, R"({"mti":"200","fields":{}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"mti\" is missing (and <iso8583 mti> gives none)"),
                             requestProblem(spec, R"({"fields":{}})"));
        CPPUNIT_ASSERT(requestProblem(spec, R"({"mti":)").rfind("the request body is not valid JSON", 0) ==
                       0);
        // An amount past 64 bits is refused, not sent wrapped (18446744073709551616 read as 0).
        CPPUNIT_ASSERT_EQUAL(
            std::string("the request body holds an integer beyond 64 bits, which cannot be read "
                        "exactly"),
            requestProblem(spec, R"({"mti":"0200","fields":{"4":18446744073709551616}})"));
    }

    void testReplyAsJsonWithStatusFromResponseCode()
    {
        const std::shared_ptr<const Iso8583Spec> spec =
            specOf("<iso8583><responseCode otherwise=\"502\"><code value=\"00\" status=\"200\"/>"
                   "<code value=\"51\" status=\"402\"/></responseCode></iso8583>");
        Iso8583ResponseCodec codec(spec);
        const std::string approved =
            encoded(*spec, R"({"mti":"0210","fields":{"4":"000000001000","11":"000001","39":"00"}})");
        const Answer ok = codec.decode(approved);
        CPPUNIT_ASSERT_EQUAL(200, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), ok.contentType);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"mti":"0210","fields":{"4":"000000001000","11":"000001","39":"00"}})"), ok.body);

        const Answer declined =
            codec.decode(encoded(*spec, R"({"mti":"0210","fields":{"11":"000002","39":"51"}})"));
        CPPUNIT_ASSERT_EQUAL(402, declined.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the peer answered with response code 51"), declined.detail);
        Poco::JSON::Object::Ptr extensions = object(declined.extensionsJson);
        CPPUNIT_ASSERT_EQUAL(std::string("51"), extensions->getValue<std::string>("responseCode"));
        CPPUNIT_ASSERT_EQUAL(std::string("000002"),
                             extensions->getObject("fields")->getValue<std::string>("11"));

        CPPUNIT_ASSERT_EQUAL(502,
                             codec.decode(encoded(*spec, R"({"mti":"0210","fields":{"39":"96"}})")).status);
        // Without a mapping every reply is a 200: the client reads field 39.
        CPPUNIT_ASSERT_EQUAL(200, Iso8583ResponseCodec(specOf())
                                      .decode(encoded(*specOf(), R"({"mti":"0210","fields":{"39":"51"}})"))
                                      .status);
    }

    void testBadRepliesAre502NamingTheFieldAndByte()
    {
        Iso8583ResponseCodec codec(specOf());
        const auto detail = [&](const std::string& reply)
        {
            const Answer answer = codec.decode(reply);
            CPPUNIT_ASSERT_EQUAL(502, answer.status);
            return answer.detail;
        };
        const std::string prefix = "the peer's ISO 8583 reply cannot be read: ";
        CPPUNIT_ASSERT_EQUAL(prefix + "the MTI: byte 0x41 is not a digit", detail("02A0"));
        CPPUNIT_ASSERT_EQUAL(prefix + "the bitmap: the message ends 5 bytes short (after 7 bytes)",
                             detail("0210" + bytes({0x20, 0x20, 0x00})));
        CPPUNIT_ASSERT_EQUAL(
            prefix + "field 41 (ans 8) at byte 12: the message ends 4 bytes short (after 16 bytes)",
            detail("0210" + bytes({0, 0, 0, 0, 0, 0x80, 0, 0}) + "TERM"));
        CPPUNIT_ASSERT_EQUAL(
            prefix + "field 2 (n ..19) at byte 12: its length prefix says 25, more than its maximum",
            detail("0200" + bytes({0x40, 0, 0, 0, 0, 0, 0, 0}) + "25" + std::string(25, '4')));
        CPPUNIT_ASSERT_EQUAL(prefix + "3 bytes follow the last field", detail(purchaseBytes + "xyz"));
        CPPUNIT_ASSERT_EQUAL(
            prefix + "field 39 (an 2) at byte 12: '-' at position 1: letters, digits and spaces only",
            detail("0210" + bytes({0, 0, 0, 0, 0x02, 0, 0, 0}) + "-1"));
    }

    void testFieldDefinitionsFromConfiguration()
    {
        // A network's own definitions replace the standard's: field 55 as binary (EMV data),
        // field 62 fixed.
        const std::shared_ptr<const Iso8583Spec> spec =
            specOf("<iso8583><field number=\"55\" type=\"b\" prefix=\"LLL\" max=\"255\"/>"
                   "<field number=\"62\" type=\"an\" length=\"4\"/></iso8583>");
        const std::string payload =
            encoded(*spec, R"({"mti":"0100","fields":{"11":"000001","55":"9F2608AB","62":"X"}})");
        ASSERT_SAME_BYTES(std::string("0100") + bytes({0x00, 0x20, 0, 0, 0, 0, 0x02, 0x04}) + "000001" +
                              "004" + bytes({0x9F, 0x26, 0x08, 0xAB}) + "X   ",
                          payload);
    }

    void testConfigurationErrors()
    {
        const auto first = [](const std::vector<std::string>& errors)
        { return errors.empty() ? "" : errors.front(); };
        CPPUNIT_ASSERT_EQUAL(
            std::string("<iso8583> defines messages for codec=\"iso8583\", which neither <request> "
                        "nor <response> uses"),
            first(configErrors("<iso8583/>")));
        const std::string codecs = "<request codec=\"iso8583\"/><response codec=\"iso8583\"/>";
        CPPUNIT_ASSERT(first(configErrors(codecs + "<iso8583 mti=\"200\"/>")).find("expected four digits") !=
                       std::string::npos);
        CPPUNIT_ASSERT_EQUAL(
            std::string("invalid value 'utf8' for 'encoding' on <iso8583>: expected ascii, ebcdic or "
                        "bcd"),
            first(configErrors(codecs + "<iso8583 encoding=\"utf8\"/>")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("missing attribute 'max' on <field prefix=\"LL\">"),
            first(configErrors(codecs +
                               "<iso8583><field number=\"48\" type=\"ans\" prefix=\"LL\"/></iso8583>")));
        CPPUNIT_ASSERT(
            first(configErrors(
                      codecs +
                      "<iso8583><field number=\"48\" type=\"ans\" prefix=\"LL\" max=\"120\"/></iso8583>"))
                .find("'max'") != std::string::npos);
        CPPUNIT_ASSERT(
            first(configErrors(codecs + "<iso8583><field number=\"1\" type=\"b\" length=\"8\"/></iso8583>"))
                .find("'number'") != std::string::npos);
        // Several requests on one connection need their replies matched by STAN.
        CPPUNIT_ASSERT(
            first(configErrors("<pool inFlight=\"8\"/>")).find("<pool inFlight=\"8\">: several requests") !=
            std::string::npos);
        CPPUNIT_ASSERT(
            first(configErrors(codecs + "<iso8583 stan=\"0\"/><pool inFlight=\"8\"/>")).find("not 0") !=
            std::string::npos);
        CPPUNIT_ASSERT(first(configErrors(codecs + "<pool inFlight=\"1001\"/>")).find("inFlight") !=
                       std::string::npos);
        CPPUNIT_ASSERT(
            first(configErrors(codecs + "<iso8583><responseCode><code value=\"00\" status=\"200\"/>"
                                        "<code value=\"00\" status=\"402\"/></responseCode></iso8583>"))
                .find("mapped twice") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(Iso8583Test, "tcp");
