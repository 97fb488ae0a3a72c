// HL7 v2: segments and fields read with the message's own encoding characters, escapes decoded,
// error acknowledgements turned into a 502 that still carries the segments, and client text
// normalised to CR-terminated segments on the way out.

#include "tcp/Charset.h"
#include "tcp/Hl7Message.h"
#include "tcp/Hl7RequestCodec.h"
#include "tcp/Hl7ResponseCodec.h"

#include "OwnedRequest.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>

using namespace portico::tcp;
using portico::tcp::test::OwnedRequest;

namespace
{

const std::string ack = "MSH|^~\\&|LAB|HOSP|GW|PORTICO|20261128120001||ACK^A01^ACK|ACKMSG00001|P|2.5\r"
                        "MSA|AA|MSG00001\r";

std::string readData(const std::string& name)
{
    std::ifstream in(std::string(PORTICO_TCP_TEST_DATA) + "/" + name, std::ios::binary);
    CPPUNIT_ASSERT_MESSAGE(name, in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<Hl7Segment> parsed(const std::string& text)
{
    std::vector<Hl7Segment> segments;
    std::string problem;
    CPPUNIT_ASSERT_MESSAGE(problem, Hl7Message::parse(text, segments, problem));
    return segments;
}

Poco::JSON::Object::Ptr object(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

OwnedRequest body(const std::string& text)
{
    return OwnedRequest{text, {}, {}};
}

} // namespace

class Hl7Test : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(Hl7Test);
    CPPUNIT_TEST(testAckSegmentsAndFields);
    CPPUNIT_TEST(testJsonRepresentation);
    CPPUNIT_TEST(testEscapes);
    CPPUNIT_TEST(testCustomEncodingCharacters);
    CPPUNIT_TEST(testLineEndingsInReplies);
    CPPUNIT_TEST(testNotHl7);
    CPPUNIT_TEST(testAcceptedAckIs200);
    CPPUNIT_TEST(testErrorAcksAre502WithSegments);
    CPPUNIT_TEST(testRequestNormalisation);
    CPPUNIT_TEST(testRequestRefusals);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAckSegmentsAndFields()
    {
        std::vector<Hl7Segment> segments = parsed(ack);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), segments.size());
        CPPUNIT_ASSERT_EQUAL(std::string("MSH"), segments[0].name);
        // fields[i] is SEG-(i+1): MSH-1 is the separator, MSH-2 the encoding characters.
        CPPUNIT_ASSERT_EQUAL(std::string("|"), segments[0].fields.at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("^~\\&"), segments[0].fields.at(1));
        CPPUNIT_ASSERT_EQUAL(std::string("LAB"), segments[0].fields.at(2));
        CPPUNIT_ASSERT_EQUAL(std::string("ACK^A01^ACK"), segments[0].fields.at(8));
        CPPUNIT_ASSERT_EQUAL(std::string("ACKMSG00001"), segments[0].fields.at(9));
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), segments[0].fields.size()); // MSH-1 to MSH-12
        CPPUNIT_ASSERT_EQUAL(std::string("MSA"), segments[1].name);
        CPPUNIT_ASSERT(segments[1].fields == std::vector<std::string>({"AA", "MSG00001"}));
    }

    void testJsonRepresentation()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"([{"name":"MSH","fields":["|","^~\\&","A"]},{"name":"MSA","fields":["AA","MSG1",""]}])"),
            Hl7Message::toJson(parsed("MSH|^~\\&|A\rMSA|AA|MSG1|\r")));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"([{"name":"MSH","fields":["|","^~\\&"]},{"name":"NTE","fields":[]}])"),
            Hl7Message::toJson(parsed("MSH|^~\\&\rNTE\r")));
    }

    void testEscapes()
    {
        const Hl7Delimiters standard;
        CPPUNIT_ASSERT_EQUAL(std::string("a|b^c&d~e\\f"),
                             Hl7Message::unescape("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f", standard));
        // Formatting and hex sequences are kept as written; so is an unterminated escape.
        CPPUNIT_ASSERT_EQUAL(std::string("line\\.br\\next \\X0D\\"),
                             Hl7Message::unescape("line\\.br\\next \\X0D\\", standard));
        CPPUNIT_ASSERT_EQUAL(std::string("50\\"), Hl7Message::unescape("50\\", standard));
        CPPUNIT_ASSERT_EQUAL(std::string("tail \\F"), Hl7Message::unescape("tail \\F", standard));
        // Components and repetitions stay in the string.
        std::vector<Hl7Segment> segments = parsed("MSH|^~\\&\rPID|1||12345^^^HOSP~678||Doe^John\\T\\Jane\r");
        CPPUNIT_ASSERT_EQUAL(std::string("12345^^^HOSP~678"), segments[1].fields.at(2));
        CPPUNIT_ASSERT_EQUAL(std::string("Doe^John&Jane"), segments[1].fields.at(4));
        // MSH-2 itself is never unescaped.
        CPPUNIT_ASSERT_EQUAL(std::string("^~\\&"), segments[0].fields.at(1));
        // MSH-2 "^~\" leaves out the subcomponent separator: an escape T stands for nothing and
        // stays as written, never a NUL byte.
        std::vector<Hl7Segment> partial = parsed("MSH|^~\\|A\rNTE|x\\T\\y\\S\\z\r");
        CPPUNIT_ASSERT_EQUAL(std::string("x\\T\\y^z"), partial[1].fields.at(0));
    }

    void testCustomEncodingCharacters()
    {
        // Field '#', component '$', repetition '%', escape '*', subcomponent '@'.
        std::vector<Hl7Segment> segments = parsed("MSH#$%*@#APP\rMSA#AE#M1#a*F*b*S*c*E*d\r");
        CPPUNIT_ASSERT_EQUAL(std::string("#"), segments[0].fields.at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("$%*@"), segments[0].fields.at(1));
        CPPUNIT_ASSERT_EQUAL(std::string("APP"), segments[0].fields.at(2));
        CPPUNIT_ASSERT(segments[1].fields == std::vector<std::string>({"AE", "M1", "a#b$c*d"}));
        // A '|' is plain text here.
        CPPUNIT_ASSERT_EQUAL(std::string("x|y"), parsed("MSH#$%*@\rNTE#x|y\r")[1].fields.at(0));
    }

    void testLineEndingsInReplies()
    {
        const std::string expected = Hl7Message::toJson(parsed(ack));
        CPPUNIT_ASSERT_EQUAL(
            expected, Hl7Message::toJson(parsed("MSH|^~\\&|LAB|HOSP|GW|PORTICO|20261128120001||ACK^A01^ACK|"
                                                "ACKMSG00001|P|2.5\r\nMSA|AA|MSG00001\r\n")));
        CPPUNIT_ASSERT_EQUAL(
            expected, Hl7Message::toJson(parsed("MSH|^~\\&|LAB|HOSP|GW|PORTICO|20261128120001||ACK^A01^ACK|"
                                                "ACKMSG00001|P|2.5\nMSA|AA|MSG00001")));
    }

    void testNotHl7()
    {
        Hl7ResponseCodec codec(Charset::utf8());
        Answer text = codec.decode("HTTP/1.1 200 OK\r\n");
        CPPUNIT_ASSERT_EQUAL(502, text.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("the peer's reply is not an HL7 v2 message: it does not start with an MSH segment"),
            text.detail);
        CPPUNIT_ASSERT_EQUAL(502, codec.decode("").status);
        Answer badSeparator = codec.decode("MSHA^~\\&\r");
        CPPUNIT_ASSERT_EQUAL(502, badSeparator.status);
        CPPUNIT_ASSERT(badSeparator.detail.find("no usable field separator") != std::string::npos);
        CPPUNIT_ASSERT(codec.decode("MSH|^^\\&\r").detail.find("not distinct") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(502, codec.decode("MSH|^~\\&|\xC3\r").status); // invalid UTF-8
    }

    void testAcceptedAckIs200()
    {
        Hl7ResponseCodec codec(Charset::utf8());
        for (const char* code : {"AA", "CA"})
        {
            Answer answer = codec.decode("MSH|^~\\&|LAB\rMSA|" + std::string(code) + "|MSG1\r");
            CPPUNIT_ASSERT_EQUAL(200, answer.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/json"), answer.contentType);
            Poco::JSON::Array::Ptr segments = object(answer.body)->getArray("segments");
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), segments->size());
            CPPUNIT_ASSERT_EQUAL(std::string(code),
                                 segments->getObject(1)->getArray("fields")->getElement<std::string>(0));
        }
        // A message that is no acknowledgement at all is simply returned.
        CPPUNIT_ASSERT_EQUAL(200, codec.decode("MSH|^~\\&|LAB\rPID|1\r").status);
    }

    void testErrorAcksAre502WithSegments()
    {
        Hl7ResponseCodec codec(Charset::utf8());
        Answer refused = codec.decode(readData("ack-error.hl7"));
        CPPUNIT_ASSERT_EQUAL(502, refused.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("the peer refused the message with acknowledgement code AE: Unknown patient"),
            refused.detail);
        Poco::JSON::Object::Ptr extensions = object(refused.extensionsJson);
        CPPUNIT_ASSERT_EQUAL(std::string("AE"), extensions->getValue<std::string>("ackCode"));
        Poco::JSON::Array::Ptr segments = extensions->getArray("segments");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), segments->size());
        CPPUNIT_ASSERT_EQUAL(std::string("ERR"), segments->getObject(2)->getValue<std::string>("name"));
        for (const char* code : {"AR", "CE", "CR"})
        {
            Answer answer = codec.decode("MSH|^~\\&|LAB\rMSA|" + std::string(code) + "|MSG1\r");
            CPPUNIT_ASSERT_EQUAL(502, answer.status);
            CPPUNIT_ASSERT_EQUAL(
                "the peer refused the message with acknowledgement code " + std::string(code), answer.detail);
            CPPUNIT_ASSERT(!object(answer.extensionsJson)->getArray("segments").isNull());
        }
        // The code is read up to a component separator.
        CPPUNIT_ASSERT_EQUAL(502, codec.decode("MSH|^~\\&\rMSA|AE^x|MSG1\r").status);
    }

    void testRequestNormalisation()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("MSH|a\rPID|1\r"),
                             Hl7RequestCodec::normaliseSegments("MSH|a\nPID|1\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("MSH|a\rPID|1\r"),
                             Hl7RequestCodec::normaliseSegments("MSH|a\r\nPID|1"));
        CPPUNIT_ASSERT_EQUAL(std::string("MSH|a\rPID|1\r"),
                             Hl7RequestCodec::normaliseSegments("MSH|a\rPID|1\r\r\n"));
        Hl7RequestCodec codec(*Charset::find("ISO-8859-1"));
        std::string payload;
        std::string problem;
        CPPUNIT_ASSERT(
            codec.encode(body("MSH|^~\\&|GW\r\nPID|1||M\xC3\xBCller\r\n").view(), payload, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("MSH|^~\\&|GW\rPID|1||M\xFCller\r"), payload);
    }

    void testRequestRefusals()
    {
        Hl7RequestCodec codec(*Charset::find("US-ASCII"));
        std::string payload;
        std::string problem;
        CPPUNIT_ASSERT(!codec.encode(body("{\"not\":\"hl7\"}").view(), payload, problem));
        CPPUNIT_ASSERT_EQUAL(
            std::string("the request body is not an HL7 v2 message: it must start with an MSH segment"),
            problem);
        CPPUNIT_ASSERT(!codec.encode(body("").view(), payload, problem));
        CPPUNIT_ASSERT(!codec.encode(body("MSH|^~\\&|GW\rPID|1||M\xC3\xBCller\r").view(), payload, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("the request body '\xC3\xBC' (U+00FC) has no mapping in US-ASCII"),
                             problem);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(Hl7Test, "tcp");
