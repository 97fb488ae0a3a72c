// MTOM/XOP: base64, Content-Type parameters, multipart bodies, unpacking replies (as gSOAP and
// other stacks send them) and packing requests on a route with <mtom>true</mtom>.
#include "soap/XopPackage.h"
#include "SoapTestSupport.h"
#include "soap/MimeMultipart.h"
#include "soap/SpacedBase64.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;

namespace
{

const std::string envelopeOpen =
    R"(<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">)"
    R"(<SOAP-ENV:Body><ns:StoreResponse xmlns:ns="urn:example:open"><ns:size>5</ns:size>)";
const std::string envelopeClose = "</ns:StoreResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>";

// A reply as gSOAP sends it: the root part first, named by start=, a binary part after it.
std::string gsoapReply(const std::string& include, const std::string& partHeaders, const std::string& bytes)
{
    return "--==b==\r\nContent-Type: application/xop+xml; charset=utf-8; type=\"text/xml\"\r\n"
           "Content-Transfer-Encoding: binary\r\nContent-ID: <SOAP-ENV:Envelope>\r\n\r\n"
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
           envelopeOpen + "<ns:digest>" + include + "</ns:digest>" + envelopeClose + "\r\n--==b==\r\n" +
           partHeaders + "\r\n\r\n" + bytes + "\r\n--==b==--";
}

const std::string gsoapType =
    "multipart/related; charset=utf-8; boundary=\"==b==\"; type=\"application/xop+xml\"; "
    "start=\"<SOAP-ENV:Envelope>\"; start-info=\"text/xml\"";

std::string unpacked(const std::string& contentType, const std::string& body)
{
    std::string envelope, error;
    CPPUNIT_ASSERT_MESSAGE(error, unpackXop(contentType, body, envelope, error));
    return envelope;
}

std::string unpackError(const std::string& contentType, const std::string& body)
{
    std::string envelope, error;
    CPPUNIT_ASSERT_MESSAGE("should be refused: " + body, !unpackXop(contentType, body, envelope, error));
    return error;
}

} // namespace

class XopPackageTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(XopPackageTest);
    CPPUNIT_TEST(testBase64);
    CPPUNIT_TEST(testContentTypeParameters);
    CPPUNIT_TEST(testRepliesAreUnpacked);
    CPPUNIT_TEST(testBrokenPackagesAreRefused);
    CPPUNIT_TEST(testDeepNestingIsWalkedWithoutRecursion);
    CPPUNIT_TEST(testReplyThroughTheRoute);
    CPPUNIT_TEST(testRequestsArePacked);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBase64()
    {
        const std::string bytes("\x00\x01\xfe\xff binary", 11);
        CPPUNIT_ASSERT_EQUAL(std::string("AAH+/yBiaW5hcnk="), encodeStandardBase64(bytes));
        std::string decoded;
        CPPUNIT_ASSERT(decodeSpacedBase64(" AAH+\n/yBi\r\naW5hcnk= ", decoded));
        CPPUNIT_ASSERT_EQUAL(bytes, decoded);
        CPPUNIT_ASSERT(decodeSpacedBase64("", decoded) && decoded.empty());
        CPPUNIT_ASSERT(decodeSpacedBase64("YWI=", decoded) && decoded == "ab");
        CPPUNIT_ASSERT(decodeSpacedBase64("YQ==", decoded) && decoded == "a");
        for (const char* bad : {"YQ", "Y===", "YQ=a", "Y!==", "YWJj=", "=YWI", "YR=="})
            CPPUNIT_ASSERT_MESSAGE(bad, !decodeSpacedBase64(bad, decoded));
    }

    void testContentTypeParameters()
    {
        const ContentType type = parseContentType(
            R"(Multipart/Related; boundary="a;b\"c"; TYPE=application/xop+xml ; start="<r@x>")");
        CPPUNIT_ASSERT_EQUAL(std::string("multipart/related"), type.mediaType);
        CPPUNIT_ASSERT_EQUAL(std::string("a;b\"c"), *type.parameter("boundary"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/xop+xml"), *type.parameter("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("<r@x>"), *type.parameter("start"));
        CPPUNIT_ASSERT(type.parameter("charset") == nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string(R"("a \"b\"")"), quotedParameter(R"(a "b")"));
        CPPUNIT_ASSERT(isMultipartRelated("multipart/related;boundary=x"));
        CPPUNIT_ASSERT(!isMultipartRelated("text/xml; charset=utf-8"));
        CPPUNIT_ASSERT(isMultipartRelated(" Multipart/Related ; type=x"));
        CPPUNIT_ASSERT(isMultipartRelated("multipart/related"));
        CPPUNIT_ASSERT(!isMultipartRelated("multipart/relatedness"));
        CPPUNIT_ASSERT(!isMultipartRelated(""));
    }

    void testRepliesAreUnpacked()
    {
        // The part's raw bytes become base64 text where its xop:Include was.
        const std::string include =
            R"(<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:id1"/>)";
        const std::string bytes("olleh\x00\xff", 7);
        const std::string expected = envelopeOpen + "<ns:digest>b2xsZWgA/w==</ns:digest>" + envelopeClose;
        CPPUNIT_ASSERT_EQUAL(expected,
                             unpacked(gsoapType, gsoapReply(include,
                                                            "Content-Type: application/octet-stream\r\n"
                                                            "Content-Transfer-Encoding: binary\r\n"
                                                            "Content-ID: <id1>",
                                                            bytes)));
        // A part in base64 transfer encoding, folded headers, a percent-encoded cid: URL and no
        // start= (the first part is the root).
        CPPUNIT_ASSERT_EQUAL(
            expected,
            unpacked("multipart/related; boundary=\"==b==\"; type=\"application/xop+xml\"",
                     gsoapReply(
                         R"(<x:Include xmlns:x="http://www.w3.org/2004/08/xop/include" href="cid:a%40b"/>)",
                         "Content-Transfer-Encoding: base64\r\nContent-ID:\r\n <a@b>", "b2xs\r\nZWgA/w==")));
        // A reply without attachments is its root part.
        CPPUNIT_ASSERT_EQUAL(envelopeOpen + "<ns:digest>AA==</ns:digest>" + envelopeClose,
                             unpacked(gsoapType, gsoapReply("AA==", "Content-ID: <unused>", "x")));
    }

    void testBrokenPackagesAreRefused()
    {
        const std::string include =
            R"(<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:id1"/>)";
        CPPUNIT_ASSERT_EQUAL(std::string("the MTOM reply names a part it does not hold (cid:id1)"),
                             unpackError(gsoapType, gsoapReply(include, "Content-ID: <id2>", "x")));
        SOAP_ASSERT_CONTAINS(
            unpackError("multipart/related; type=\"application/xop+xml\"", "--b\r\n\r\nx\r\n--b--"),
            "has no boundary");
        SOAP_ASSERT_CONTAINS(
            unpackError(gsoapType, gsoapReply(include, "Content-ID: <id1>", "x").substr(0, 400)),
            "ends before its close delimiter");
        SOAP_ASSERT_CONTAINS(unpackError(gsoapType, "no delimiter at all"),
                             "holds no part delimited by its boundary");
        SOAP_ASSERT_CONTAINS(unpackError("multipart/related; boundary=\"==b==\"; start=\"<missing>\"",
                                         gsoapReply(include, "Content-ID: <id1>", "x")),
                             "has no root part <missing>");
        SOAP_ASSERT_CONTAINS(
            unpackError(gsoapType, gsoapReply(include,
                                              "Content-ID: <id1>\r\nContent-Transfer-Encoding: "
                                              "quoted-printable",
                                              "x")),
            "Content-Transfer-Encoding the gateway cannot read (quoted-printable)");
        SOAP_ASSERT_CONTAINS(
            unpackError(gsoapType,
                        gsoapReply(R"(<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include"/>)",
                                   "Content-ID: <id1>", "x")),
            "has no valid cid: href");
        SOAP_ASSERT_CONTAINS(
            unpackError(
                gsoapType,
                gsoapReply(
                    R"(<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:id%4"/>)",
                    "Content-ID: <id1>", "x")),
            "has no valid cid: href (\"cid:id%4\")");
    }

    void testDeepNestingIsWalkedWithoutRecursion()
    {
        // An untrusted root part nested 200,000 deep: unpacked without exhausting the stack.
        std::string deep;
        for (int i = 0; i < 200000; ++i)
            deep += "<a>";
        deep += R"(<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:id1"/>)";
        for (int i = 0; i < 200000; ++i)
            deep += "</a>";
        const std::string envelope = unpacked(gsoapType, gsoapReply(deep, "Content-ID: <id1>", "ab"));
        SOAP_ASSERT_CONTAINS(envelope, "<a>YWI=</a>");
    }

    void testReplyThroughTheRoute()
    {
        // The route unpacks an MTOM reply by its Content-Type, then maps it as any other.
        auto route = soaptest::makeRoute("<wsdl>open.wsdl</wsdl><operation>Store</operation>");
        std::string error;
        auto operation = route->selectOperation({}, error);
        const std::string include =
            R"(<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:id1"/>)";
        const ReplyOutcome outcome =
            route->mapReply(*operation, 200, gsoapReply(include, "Content-ID: <id1>", "olleh"), gsoapType);
        CPPUNIT_ASSERT_MESSAGE(outcome.detail, outcome.ok());
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"size":5,"digest":"b2xsZWg="})"), outcome.body);
        const ReplyOutcome broken =
            route->mapReply(*operation, 200, gsoapReply(include, "Content-ID: <id2>", "olleh"), gsoapType);
        CPPUNIT_ASSERT_EQUAL(502, broken.status);
        SOAP_ASSERT_CONTAINS(broken.detail, "names a part it does not hold");
    }

    void testRequestsArePacked()
    {
        auto route =
            soaptest::makeRoute("<wsdl>open.wsdl</wsdl><operation>Store</operation><mtom>true</mtom>");
        std::string error;
        auto operation = route->selectOperation({}, error);
        Poco::JSON::Object::Ptr fields;
        CPPUNIT_ASSERT(
            mergeRequestFields(R"({"name":"a.bin","content":"AAH+/yBiaW5hcnk=","thumbnail":"YQ=="})", {}, "",
                               {}, fields, error));
        SoapCall call;
        int status = 0;
        CPPUNIT_ASSERT_MESSAGE(error, route->buildCall(*operation, *fields, call, status, error));
        std::string contentType;
        for (const auto& [name, value] : call.headers)
        {
            if (name == "Content-Type") contentType = value;
        }
        const ContentType type = parseContentType(contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("multipart/related"), type.mediaType);
        CPPUNIT_ASSERT_EQUAL(std::string("application/xop+xml"), *type.parameter("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml"), *type.parameter("start-info"));
        std::vector<MimePart> parts;
        CPPUNIT_ASSERT_MESSAGE(error, splitMultipart(call.body, *type.parameter("boundary"), parts, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), parts.size());
        CPPUNIT_ASSERT_EQUAL("<" + parts[0].contentId + ">", *type.parameter("start"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(application/xop+xml; charset=utf-8; type="text/xml")"),
                             parts[0].contentType);
        // The root part names each attachment where its value would have been.
        SOAP_ASSERT_CONTAINS(
            std::string(parts[0].content),
            R"(<ns1:name>a.bin</ns1:name><ns1:content><ns2:Include href="cid:part1@portico"/>)"
            R"(</ns1:content><ns1:thumbnail><ns2:Include href="cid:part2@portico"/></ns1:thumbnail>)");
        SOAP_ASSERT_CONTAINS(std::string(parts[0].content),
                             R"(xmlns:ns2="http://www.w3.org/2004/08/xop/include")");
        CPPUNIT_ASSERT_EQUAL(std::string("part1@portico"), parts[1].contentId);
        CPPUNIT_ASSERT_EQUAL(std::string("\x00\x01\xfe\xff binary", 11), std::string(parts[1].content));
        CPPUNIT_ASSERT_EQUAL(std::string("binary"), parts[1].transferEncoding);
        CPPUNIT_ASSERT_EQUAL(std::string("a"), std::string(parts[2].content));
        // The SOAPAction header stays.
        CPPUNIT_ASSERT(std::find(call.headers.begin(), call.headers.end(),
                                 std::pair<std::string, std::string>(
                                     "SOAPAction", "\"urn:example:open/Store\"")) != call.headers.end());

        // Bad base64 is still a 400; a request without a base64Binary value stays a plain envelope.
        CPPUNIT_ASSERT(
            mergeRequestFields(R"({"name":"a","content":"not base64!"})", {}, "", {}, fields, error));
        CPPUNIT_ASSERT(!route->buildCall(*operation, *fields, call, status, error));
        SOAP_ASSERT_CONTAINS(error, "content:");
        CPPUNIT_ASSERT(mergeRequestFields(R"({"name":"a","content":""})", {}, "", {}, fields, error));
        CPPUNIT_ASSERT_MESSAGE(error, route->buildCall(*operation, *fields, call, status, error));
        CPPUNIT_ASSERT(call.body.rfind("<?xml", 0) == 0);
        CPPUNIT_ASSERT(std::find(call.headers.begin(), call.headers.end(),
                                 std::pair<std::string, std::string>(
                                     "Content-Type", "text/xml; charset=utf-8")) != call.headers.end());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(XopPackageTest, "soap");
