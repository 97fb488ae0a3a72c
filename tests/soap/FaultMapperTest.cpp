#include "SoapTestSupport.h"

#include "soap/FaultMapper.h"
#include "soap/SecureXml.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using soaptest::makeRoute;

namespace
{

const std::string fault11Open =
    R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>)";
const std::string fault12Open =
    R"(<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>)";

std::string fault11(const std::string& code, const std::string& text,
                    const std::string& detail = std::string())
{
    return fault11Open + "<soap:Fault><faultcode>" + code + "</faultcode><faultstring>" + text +
           "</faultstring>" + detail + "</soap:Fault></soap:Body></soap:Envelope>";
}

std::string fault12(const std::string& code, const std::string& reasons,
                    const std::string& detail = std::string())
{
    return fault12Open + "<env:Fault><env:Code>" + code + "</env:Code><env:Reason>" + reasons +
           "</env:Reason>" + detail + "</env:Fault></env:Body></env:Envelope>";
}

ReplyOutcome mapped(const std::string& extra, const std::string& reply, int status = 500, bool soap12 = false)
{
    auto route = makeRoute(std::string("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Divide</operation>") +
                           (soap12 ? "<version>1.2</version>" : "") + extra);
    std::string error;
    auto operation = route->selectOperation({}, error);
    return route->mapReply(*operation, status, reply);
}

} // namespace

class FaultMapperTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FaultMapperTest);
    CPPUNIT_TEST(testSoap11ClientFault);
    CPPUNIT_TEST(testSoap11ServerFault);
    CPPUNIT_TEST(testSoap11DottedCodes);
    CPPUNIT_TEST(testSoap12SenderWithSubcodes);
    CPPUNIT_TEST(testSoap12ReceiverAndLanguages);
    CPPUNIT_TEST(testDetailOverrides);
    CPPUNIT_TEST(testRuleOrderAndCombinedRules);
    CPPUNIT_TEST(testFaultWithSuccessStatus);
    CPPUNIT_TEST(testMalformedFaults);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSoap11ClientFault()
    {
        const ReplyOutcome outcome =
            mapped("", fault11("soap:Client", "Divide by zero is not allowed",
                               "<detail><e:DivideFault xmlns:e=\"urn:errors\"><e:dividend>7</e:dividend>"
                               "<e:reason>zero</e:reason></e:DivideFault></detail>"));
        CPPUNIT_ASSERT_EQUAL(400, outcome.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Divide by zero is not allowed"), outcome.detail);
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"faultcode":"Client","faultdetail":{"DivideFault":{"dividend":"7","reason":"zero"}}})"),
            outcome.extensionsJson);
    }

    void testSoap11ServerFault()
    {
        const ReplyOutcome outcome =
            mapped("", fault11("soap:Server", "Server was unable to process request."));
        CPPUNIT_ASSERT_EQUAL(502, outcome.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Server was unable to process request."), outcome.detail);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"faultcode":"Server"})"), outcome.extensionsJson);
        // No fault string: the code is the detail.
        CPPUNIT_ASSERT_EQUAL(std::string("SOAP fault MustUnderstand"),
                             mapped("", fault11("soap:MustUnderstand", "")).detail);
    }

    void testSoap11DottedCodes()
    {
        const std::string reply = fault11("soap:Client.Authentication", "bad password");
        const ReplyOutcome defaults = mapped("", reply);
        CPPUNIT_ASSERT_EQUAL(400, defaults.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"faultcode":"Client.Authentication"})"),
                             defaults.extensionsJson);
        CPPUNIT_ASSERT_EQUAL(
            401, mapped("<faults><fault code=\"Authentication\" status=\"401\"/></faults>", reply).status);
        CPPUNIT_ASSERT_EQUAL(
            403,
            mapped("<faults><fault code=\"Client.Authentication\" status=\"403\"/></faults>", reply).status);
        CPPUNIT_ASSERT_EQUAL(502, mapped("", fault11("soap:Clientele", "not a client fault")).status);
    }

    void testSoap12SenderWithSubcodes()
    {
        const std::string reply =
            fault12("<env:Value>env:Sender</env:Value><env:Subcode><env:Value "
                    "xmlns:m=\"urn:m\">m:NotFound</env:Value>"
                    "<env:Subcode><env:Value>m:NoSuchAccount</env:Value></env:Subcode></env:Subcode>",
                    "<env:Text xml:lang=\"en\">Account 42 does not exist</env:Text>",
                    "<env:Detail><m:Missing xmlns:m=\"urn:m\" id=\"42\"/></env:Detail>");
        const ReplyOutcome defaults = mapped("", reply, 400, true);
        CPPUNIT_ASSERT_EQUAL(400, defaults.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Account 42 does not exist"), defaults.detail);
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"faultcode":"Sender/NotFound/NoSuchAccount","faultdetail":{"Missing":{"@id":"42"}}})"),
            defaults.extensionsJson);
        CPPUNIT_ASSERT_EQUAL(
            404,
            mapped("<faults><fault code=\"NotFound\" status=\"404\"/></faults>", reply, 400, true).status);
        CPPUNIT_ASSERT_EQUAL(
            410, mapped("<faults><fault code=\"NoSuchAccount\" status=\"410\"/></faults>", reply, 400, true)
                     .status);
        CPPUNIT_ASSERT_EQUAL(
            400,
            mapped("<faults><fault code=\"Missing\" status=\"404\"/></faults>", reply, 400, true).status);
    }

    void testSoap12ReceiverAndLanguages()
    {
        const std::string reply = fault12("<env:Value>env:Receiver</env:Value>",
                                          "<env:Text xml:lang=\"de\">Interner Fehler</env:Text>"
                                          "<env:Text xml:lang=\"en-GB\">Internal error</env:Text>");
        const ReplyOutcome outcome = mapped("", reply, 500, true);
        CPPUNIT_ASSERT_EQUAL(502, outcome.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Internal error"), outcome.detail);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"faultcode":"Receiver"})"), outcome.extensionsJson);
    }

    void testDetailOverrides()
    {
        const std::string conflict = fault11(
            "soap:Server", "version conflict",
            "<detail><ConcurrencyFault xmlns=\"urn:e\"><version>3</version></ConcurrencyFault></detail>");
        const std::string other = fault11("soap:Server", "other", "<detail><OtherFault/></detail>");
        const char* const rules = "<faults><fault detail=\"ConcurrencyFault\" status=\"409\"/></faults>";
        CPPUNIT_ASSERT_EQUAL(409, mapped(rules, conflict).status);
        CPPUNIT_ASSERT_EQUAL(502, mapped(rules, other).status);
        CPPUNIT_ASSERT_EQUAL(502, mapped(rules, fault11("soap:Server", "no detail")).status);
    }

    void testRuleOrderAndCombinedRules()
    {
        const std::string reply = fault11("soap:Client", "locked", "<detail><AccountLocked/></detail>");
        CPPUNIT_ASSERT_EQUAL(423,
                             mapped("<faults><fault code=\"Client\" detail=\"AccountLocked\" status=\"423\"/>"
                                    "<fault code=\"Client\" status=\"422\"/></faults>",
                                    reply)
                                 .status);
        // Both conditions must hold: the first rule does not match, the second does.
        CPPUNIT_ASSERT_EQUAL(422, mapped("<faults><fault code=\"Client\" detail=\"Other\" status=\"423\"/>"
                                         "<fault code=\"Client\" status=\"422\"/></faults>",
                                         reply)
                                      .status);
        CPPUNIT_ASSERT_EQUAL(429, mapped("<faults><fault code=\"Client\" status=\"429\"/>"
                                         "<fault detail=\"AccountLocked\" status=\"423\"/></faults>",
                                         reply)
                                      .status);
    }

    void testFaultWithSuccessStatus()
    {
        // Some services send faults with 200; the fault is what counts.
        CPPUNIT_ASSERT_EQUAL(400, mapped("", fault11("soap:Client", "bad"), 200).status);
        // A fault in the other SOAP version is refused like any wrong-version reply.
        CPPUNIT_ASSERT_EQUAL(502, mapped("", fault12("<env:Value>env:Sender</env:Value>", ""), 500).status);
    }

    void testMalformedFaults()
    {
        const ReplyOutcome noCode = mapped(
            "", fault11Open +
                    "<soap:Fault><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>");
        CPPUNIT_ASSERT_EQUAL(502, noCode.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the SOAP 1.1 fault has no faultcode"), noCode.detail);
        const ReplyOutcome noValue = mapped("", fault12("", ""), 500, true);
        CPPUNIT_ASSERT_EQUAL(502, noValue.status);
        CPPUNIT_ASSERT_EQUAL(std::string("the SOAP 1.2 fault has no Code/Value"), noValue.detail);

        // readFault directly.
        pugi::xml_document document;
        std::string error;
        CPPUNIT_ASSERT(parseXml(fault11("Client", "unprefixed code"), document, error));
        SoapFault fault;
        const pugi::xml_node element = document.document_element().first_child().first_child();
        CPPUNIT_ASSERT(FaultMapper::readFault(element, SoapVersion::Soap11, fault, error));
        CPPUNIT_ASSERT_EQUAL(std::string("Client"), fault.code);
        CPPUNIT_ASSERT(fault.senderFault);
        CPPUNIT_ASSERT(!fault.detail);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FaultMapperTest, "soap");
