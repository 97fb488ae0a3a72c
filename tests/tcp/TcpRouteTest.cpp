// Whole routes, from the <adapter> element to the answer, through a TcpAdapter on the host's real
// event loop, against in-process peers: the
// mainframe balance enquiry of gateway.xml (fixed-width IBM037 records, 2-byte length prefix), a
// newline-delimited text service and an HL7 MLLP peer; and the statuses of everything that fails.

#include "LoopHost.h"
#include "OwnedRequest.h"
#include "TestPeer.h"

#include "tcp/Charset.h"
#include "tcp/DelimiterFraming.h"
#include "tcp/Hl7Message.h"
#include "tcp/LengthPrefixFraming.h"
#include "tcp/MllpFraming.h"
#include "tcp/TcpRoute.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cctype>

using namespace portico::tcp;
using portico::tcp::test::LoopHost;
using portico::tcp::test::OwnedRequest;
using portico::tcp::test::RouteClient;
using portico::tcp::test::TestPeer;

namespace
{

const Charset& ibm037()
{
    return *Charset::find("IBM037");
}

// The balance transaction of the demo mainframe (tests/demo/tcp/legacy_tcp_service.py).
std::string mainframe(const std::string& record)
{
    std::string text;
    std::string problem;
    ibm037().decodeToUtf8(record, text, problem);
    std::string reply;
    if (text.size() != 14 || text.compare(0, 4, "BAL1") != 0)
    {
        reply = "08" + std::string(10, ' ') + std::string(13, '0') + "   ";
    }
    else if (text.substr(4) == "0000012345")
    {
        reply = "00" + text.substr(4) + "0000001234567EUR";
    }
    else if (text.substr(4) == "0000000042")
    {
        reply = "00" + text.substr(4) + "-000000005000USD";
    }
    else
    {
        reply = "04" + text.substr(4) + std::string(13, '0') + "   ";
    }
    std::string bytes;
    ibm037().encodeUtf8(reply, bytes, problem);
    return bytes;
}

std::string hl7Ack(const std::string& message)
{
    std::vector<Hl7Segment> segments;
    std::string problem;
    if (!Hl7Message::parse(message, segments, problem) || segments[0].fields.size() < 10)
    {
        return "not hl7";
    }
    const std::string code = segments[0].fields[8].compare(0, 3, "ADT") == 0 ? "AA" : "AE";
    return "MSH|^~\\&|LAB|HOSP|GW|PORTICO|20261128120000||ACK|ACK" + segments[0].fields[9] + "|P|2.5\rMSA|" +
           code + "|" + segments[0].fields[9] + "\r";
}

std::string balanceAdapter(const std::string& endpoint, const std::string& pool = "")
{
    return "<adapter type=\"tcp\"><endpoint>" + endpoint +
           "</endpoint>"
           "<framing type=\"length-prefix\" bytes=\"2\" byteOrder=\"big\"/><charset>IBM037</charset>"
           "<request codec=\"fixed\"><field name=\"txn\" length=\"4\" value=\"BAL1\"/>"
           "<field name=\"account\" length=\"10\" align=\"right\" pad=\"0\"/></request>"
           "<response codec=\"fixed\"><field name=\"rc\" length=\"2\" type=\"int\"/><field name=\"account\" "
           "length=\"10\"/>"
           "<field name=\"balance\" length=\"13\" type=\"decimal\" scale=\"2\" align=\"right\" pad=\"0\"/>"
           "<field name=\"currency\" length=\"3\"/></response>" +
           pool + "</adapter>";
}

std::shared_ptr<TcpRoute> route(const std::string& xml, std::vector<std::string> methods = {"GET"},
                                std::vector<std::string> pathParameters = {"account"})
{
    std::vector<std::string> errors;
    RouteSetup setup;
    setup.source.elementXml = xml;
    setup.methods = std::move(methods);
    setup.pathParameters = std::move(pathParameters);
    std::shared_ptr<TcpRoute> created = TcpRoute::create(setup, errors);
    CPPUNIT_ASSERT_MESSAGE(errors.empty() ? xml : errors.front(), created != nullptr);
    return created;
}

OwnedRequest account(const std::string& number)
{
    return OwnedRequest{"", {{"account", number}}, {}};
}

OwnedRequest body(const std::string& text)
{
    return OwnedRequest{text, {}, {}};
}

std::shared_ptr<const Framing> lengthPrefix()
{
    return std::make_shared<LengthPrefixFraming>(2, LengthPrefixFraming::ByteOrder::Big, false, 1024 * 1024);
}

Poco::JSON::Object::Ptr object(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class TcpRouteTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TcpRouteTest);
    CPPUNIT_TEST(testBalanceEnquiry);
    CPPUNIT_TEST(testClientErrorsNeverReachThePeer);
    CPPUNIT_TEST(testDelimitedText);
    CPPUNIT_TEST(testHl7OverMllp);
    CPPUNIT_TEST(testUnreachableIs502AndSilenceIs504);
    CPPUNIT_TEST(testBadRepliesAre502);
    CPPUNIT_TEST(testOpenApiForFixedRecords);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _host = std::make_unique<LoopHost>(); }
    void tearDown() override { _host.reset(); }

    std::unique_ptr<RouteClient> served(std::shared_ptr<TcpRoute> configured)
    {
        return std::make_unique<RouteClient>(*_host, std::move(configured));
    }

    void testBalanceEnquiry()
    {
        TestPeer peer(lengthPrefix(), mainframe);
        std::unique_ptr<RouteClient> balance = served(route(balanceAdapter(peer.endpoint())));
        Answer found = balance->handle(account("12345").view());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(found.detail, 200, found.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), found.contentType);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"rc":0,"account":"0000012345","balance":12345.67,"currency":"EUR"})"),
            found.body);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"rc":0,"account":"0000000042","balance":-50.00,"currency":"USD"})"),
            balance->handle(account("42").view()).body);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"rc":4,"account":"0000000777","balance":0.00,"currency":""})"),
                             balance->handle(account("777").view()).body);
        CPPUNIT_ASSERT_EQUAL(1, peer.accepted());
    }

    void testClientErrorsNeverReachThePeer()
    {
        TestPeer peer(lengthPrefix(), mainframe);
        std::shared_ptr<TcpRoute> balance = route(balanceAdapter(peer.endpoint()));
        std::string frame;
        Answer refusal;
        CPPUNIT_ASSERT(!balance->prepare(account("123456789012").view(), frame, refusal));
        CPPUNIT_ASSERT_EQUAL(400, refusal.status);
        CPPUNIT_ASSERT_EQUAL(std::string("field 'account' is 12 characters long, more than its length of 10"),
                             refusal.detail);
        CPPUNIT_ASSERT(!balance->prepare(account("12\xE2\x82\xAC").view(), frame, refusal));
        CPPUNIT_ASSERT_EQUAL(400, refusal.status);
        CPPUNIT_ASSERT_EQUAL(400, served(balance)->handle(OwnedRequest().view()).status);
        CPPUNIT_ASSERT_EQUAL(0, peer.accepted());
        // What prepare() makes is exactly what goes on the wire.
        CPPUNIT_ASSERT(balance->prepare(account("12345").view(), frame, refusal));
        std::string expected;
        std::string problem;
        ibm037().encodeUtf8("BAL10000012345", expected, problem);
        CPPUNIT_ASSERT_EQUAL(std::string("\x00\x0E", 2) + expected, frame);
    }

    void testDelimitedText()
    {
        auto lines = std::make_shared<DelimiterFraming>("\n", 1024 * 1024);
        TestPeer peer(lines,
                      [](const std::string& line)
                      {
                          std::string upper = line;
                          for (char& c : upper)
                          {
                              c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                          }
                          return "OK " + upper;
                      });
        std::unique_ptr<RouteClient> text =
            served(route("<adapter type=\"tcp\"><endpoint>" + peer.endpoint() +
                             "</endpoint><framing type=\"delimiter\" bytes=\"\\n\"/>"
                             "<request codec=\"text\"/><response codec=\"text\"/></adapter>",
                         {"POST"}, {}));
        Answer answer = text->handle(body("hello legacy").view());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.detail, 200, answer.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), answer.contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("OK HELLO LEGACY"), answer.body);
        Answer twoLines = text->handle(body("two\nlines").view());
        CPPUNIT_ASSERT_EQUAL(400, twoLines.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("the request cannot be framed: the payload contains the frame delimiter (at byte 3)"),
            twoLines.detail);
    }

    void testHl7OverMllp()
    {
        TestPeer peer(std::make_shared<MllpFraming>(1024 * 1024), hl7Ack);
        std::unique_ptr<RouteClient> adt =
            served(route("<adapter type=\"tcp\"><endpoint>" + peer.endpoint() +
                             "</endpoint><framing type=\"mllp\"/><request codec=\"hl7v2\"/>"
                             "<response codec=\"hl7v2\"/></adapter>",
                         {"POST"}, {}));
        // Written with LF line ends, as a client would: they go out as CR.
        Answer accepted =
            adt->handle(body("MSH|^~\\&|GW|PORTICO|LAB|HOSP|20261128120000||ADT^A01|MSG00001|P|2.5\n"
                             "PID|1||12345^^^HOSP||Doe^John\n")
                            .view());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(accepted.detail, 200, accepted.status);
        Poco::JSON::Array::Ptr segments = object(accepted.body)->getArray("segments");
        Poco::JSON::Object::Ptr msa = segments->getObject(1);
        CPPUNIT_ASSERT_EQUAL(std::string("MSA"), msa->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("AA"), msa->getArray("fields")->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(std::string("MSG00001"), msa->getArray("fields")->getElement<std::string>(1));

        Answer refused = adt->handle(
            body("MSH|^~\\&|GW|PORTICO|LAB|HOSP|20261128120000||ORU^R01|MSG00002|P|2.5\r").view());
        CPPUNIT_ASSERT_EQUAL(502, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the peer refused the message with acknowledgement code AE"),
                             refused.detail);
        Poco::JSON::Object::Ptr extensions = object(refused.extensionsJson);
        CPPUNIT_ASSERT_EQUAL(std::string("AE"), extensions->getValue<std::string>("ackCode"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), extensions->getArray("segments")->size());
    }

    void testUnreachableIs502AndSilenceIs504()
    {
        std::unique_ptr<RouteClient> dead =
            served(route(balanceAdapter("127.0.0.1:" + std::to_string(TestPeer::unusedPort()),
                                        "<pool size=\"2\" connectTimeout=\"1s\" timeout=\"1s\"/>")));
        Answer unreachable = dead->handle(account("1").view());
        CPPUNIT_ASSERT_EQUAL(502, unreachable.status);
        CPPUNIT_ASSERT(unreachable.detail.find("cannot connect") != std::string::npos);

        TestPeer peer(lengthPrefix(), mainframe);
        peer.setMode(TestPeer::Mode::Silent);
        std::unique_ptr<RouteClient> slow = served(route(
            balanceAdapter(peer.endpoint(), "<pool size=\"2\" connectTimeout=\"1s\" timeout=\"300ms\"/>")));
        const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
        Answer timedOut = slow->handle(account("1").view());
        CPPUNIT_ASSERT_EQUAL(504, timedOut.status);
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1500));
    }

    void testBadRepliesAre502()
    {
        TestPeer peer(lengthPrefix(), [](const std::string&) { return std::string("too short"); });
        std::unique_ptr<RouteClient> balance = served(route(balanceAdapter(peer.endpoint())));
        Answer answer = balance->handle(account("1").view());
        CPPUNIT_ASSERT_EQUAL(502, answer.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the peer's reply is 9 bytes long; the response record has 28"),
                             answer.detail);
        peer.setMode(TestPeer::Mode::CloseAfterReading);
        Answer closed = balance->handle(account("1").view());
        CPPUNIT_ASSERT_EQUAL(502, closed.status);
    }

    void testOpenApiForFixedRecords()
    {
        std::shared_ptr<TcpRoute> balance = route(balanceAdapter("127.0.0.1:9"));
        Poco::JSON::Object::Ptr item = object(balance->openApiPathItem("/api/accounts/{account}/balance"));
        Poco::JSON::Object::Ptr get = item->getObject("get");
        CPPUNIT_ASSERT(!get.isNull());
        Poco::JSON::Array::Ptr parameters = get->getArray("parameters");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), parameters->size()); // txn is a constant: not a parameter
        Poco::JSON::Object::Ptr accountParameter = parameters->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("account"), accountParameter->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("path"), accountParameter->getValue<std::string>("in"));
        CPPUNIT_ASSERT_EQUAL(10, accountParameter->getObject("schema")->getValue<int>("maxLength"));
        Poco::JSON::Object::Ptr reply = get->getObject("responses")
                                            ->getObject("200")
                                            ->getObject("content")
                                            ->getObject("application/json")
                                            ->getObject("schema")
                                            ->getObject("properties");
        CPPUNIT_ASSERT_EQUAL(std::string("integer"), reply->getObject("rc")->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(99, reply->getObject("rc")->getValue<int>("maximum"));
        CPPUNIT_ASSERT_EQUAL(-9, reply->getObject("rc")->getValue<int>("minimum"));
        CPPUNIT_ASSERT_EQUAL(std::string("number"),
                             reply->getObject("balance")->getValue<std::string>("type"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.01, reply->getObject("balance")->getValue<double>("multipleOf"),
                                     1e-12);
        CPPUNIT_ASSERT_EQUAL(3, reply->getObject("currency")->getValue<int>("maxLength"));
        CPPUNIT_ASSERT(!get->getObject("responses")->getObject("504").isNull());

        // POST: the non-constant fields that the path does not bind make the JSON body.
        std::shared_ptr<TcpRoute> posted = route(balanceAdapter("127.0.0.1:9"), {"POST"}, {});
        Poco::JSON::Object::Ptr schema = object(posted->openApiPathItem("/x"))
                                             ->getObject("post")
                                             ->getObject("requestBody")
                                             ->getObject("content")
                                             ->getObject("application/json")
                                             ->getObject("schema");
        CPPUNIT_ASSERT(schema->getObject("properties")->has("account"));
        CPPUNIT_ASSERT(!schema->getObject("properties")->has("txn"));
        CPPUNIT_ASSERT_EQUAL(std::string("account"),
                             schema->getArray("required")->getElement<std::string>(0));

        // Text and HL7 routes have nothing to add to the gateway's own description.
        CPPUNIT_ASSERT_EQUAL(std::string(),
                             route("<adapter type=\"tcp\"><endpoint>h:1</endpoint><framing type=\"mllp\"/>"
                                   "<response codec=\"hl7v2\"/></adapter>",
                                   {"POST"}, {})
                                 ->openApiPathItem("/x"));
    }

private:
    std::unique_ptr<LoopHost> _host;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TcpRouteTest, "tcp");
