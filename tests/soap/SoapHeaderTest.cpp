#include "SoapTestSupport.h"

#include "soap/EnvelopeBuilder.h"
#include "soap/SecureXml.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using Poco::JSON::Object;
using soaptest::golden;
using soaptest::makeRoute;
using soaptest::parseObject;
using soaptest::requestError;

namespace
{

const char* const getBalance = "<wsdl>headers.wsdl</wsdl><operation>GetBalance</operation>";
const char* const untypedEcho =
    "<endpoint>http://legacy.example.test/svc</endpoint><operation>Echo</operation>"
    "<namespace>urn:legacy</namespace><soapAction>urn:legacy#Echo</soapAction>";

std::string envelopeFor(const std::string& children, const std::string& json,
                        const SecurityStamp* stamp = nullptr)
{
    auto route = makeRoute(children);
    std::string error;
    auto operation = route->selectOperation({}, error);
    CPPUNIT_ASSERT_MESSAGE(error, operation != nullptr);
    Poco::JSON::Object::Ptr fields;
    CPPUNIT_ASSERT_MESSAGE(error, mergeRequestFields(json, {}, route->selectorParam(), {}, fields, error));
    SoapCall call;
    int status = 0;
    CPPUNIT_ASSERT_MESSAGE(error, route->buildCall(*operation, *fields, call, status, error, stamp));
    pugi::xml_document document;
    CPPUNIT_ASSERT_MESSAGE(error, parseXml(call.body, document, error));
    return call.body;
}

// The warnings logged when a route with these adapter children is loaded.
std::vector<std::string> loadWarnings(const std::string& children)
{
    SoapConfig config;
    std::vector<std::string> errors, warnings;
    CPPUNIT_ASSERT_MESSAGE(
        soaptest::joined(errors),
        SoapConfig::parse("<adapter type=\"soap\">" + children + "</adapter>", {}, config, errors));
    RouteInfo info{"test", PORTICO_SOAP_TEST_DATA, {}};
    CPPUNIT_ASSERT_MESSAGE(soaptest::joined(errors),
                           SoapRoute::create(config, info, fileFetcher(), errors, warnings) != nullptr);
    return warnings;
}

Object::Ptr requestSchemaOf(const std::string& children)
{
    return parseObject(makeRoute(children)->openApiPathItem("/x"))
        ->getObject("post")
        ->getObject("requestBody")
        ->getObject("content")
        ->getObject("application/json")
        ->getObject("schema");
}

} // namespace

class SoapHeaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SoapHeaderTest);
    CPPUNIT_TEST(testHeaderPartsInBindingOrderAndNamespaces);
    CPPUNIT_TEST(testHeaderPartsBesideWsSecuritySoap12);
    CPPUNIT_TEST(testHeaderValuesAreTypeChecked);
    CPPUNIT_TEST(testUnknownAndMissingHeaders);
    CPPUNIT_TEST(testSoapHeaderIsNotABodyField);
    CPPUNIT_TEST(testUntypedHeader);
    CPPUNIT_TEST(testOpenApiHasTheHeaderProperty);
    CPPUNIT_TEST(testWarningsOnlyForHeadersNotSent);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHeaderPartsInBindingOrderAndNamespaces()
    {
        // JSON order does not matter: parts follow the binding, children their schema. AuthHeader
        // is qualified in urn:example:auth, its children are not (elementFormDefault="unqualified").
        CPPUNIT_ASSERT_EQUAL(
            golden("headers-getbalance-soap11.xml"),
            envelopeFor(
                getBalance,
                R"({"soap:Header":{"SessionId":"s-42","AuthHeader":{"Level":"2","Password":"pw","Username":"ann"}},)"
                R"("account":"A-1"})"));
    }

    void testHeaderPartsBesideWsSecuritySoap12()
    {
        const SecurityStamp stamp{std::string(16, '\x01'), "2024-03-15T10:20:30.456Z"};
        CPPUNIT_ASSERT_EQUAL(
            golden("headers-getbalance-soap12-wss.xml"),
            envelopeFor(
                std::string(getBalance) +
                    "<version>1.2</version><wsSecurity username=\"calc\" password=\"pw\"/>",
                R"({"account":"A-1","soap:Header":{"AuthHeader":{"Username":"ann","Password":"pw"}}})",
                &stamp));
    }

    void testHeaderValuesAreTypeChecked()
    {
        auto route = makeRoute(getBalance);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(soap:Header.AuthHeader.Level: expected xs:int, got "high")"),
            requestError(
                *route, "",
                R"({"account":"a","soap:Header":{"AuthHeader":{"Username":"u","Password":"p","Level":"high"}}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(soap:Header.SessionId: expected at most 8 characters (maxLength of type 'Session'), got "123456789" (9 characters))"),
            requestError(
                *route, "",
                R"({"account":"a","soap:Header":{"AuthHeader":{"Username":"u","Password":"p"},"SessionId":"123456789"}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(missing required field "soap:Header.AuthHeader.Password")"),
            requestError(*route, "", R"({"account":"a","soap:Header":{"AuthHeader":{"Username":"u"}}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("soap:Header.AuthHeader: null is not allowed (the element is not nillable)"),
            requestError(*route, "", R"({"account":"a","soap:Header":{"AuthHeader":null}})"));
        SOAP_ASSERT_CONTAINS(requestError(*route, "", R"({"account":"a","soap:Header":{"AuthHeader":[{}]}})"),
                             "soap:Header.AuthHeader: expected a single value, got an array");
        CPPUNIT_ASSERT_EQUAL(std::string(R"(soap:Header: expected an object, got "token")"),
                             requestError(*route, "", R"({"account":"a","soap:Header":"token"})"));
    }

    void testUnknownAndMissingHeaders()
    {
        auto route = makeRoute(getBalance);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(unknown field "soap:Header.Token" (expected: AuthHeader, SessionId))"),
            requestError(
                *route, "",
                R"({"account":"a","soap:Header":{"Token":"t","AuthHeader":{"Username":"u","Password":"p"}}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(unknown field "soap:Header.AuthHeader.Pin" (expected: Username, Password, Level))"),
            requestError(
                *route, "",
                R"({"account":"a","soap:Header":{"AuthHeader":{"Username":"u","Password":"p","Pin":1}}})"));
        // AuthHeader is wsdl:required; SessionId is optional.
        CPPUNIT_ASSERT_EQUAL(std::string(R"(missing SOAP header "soap:Header.AuthHeader")"),
                             requestError(*route, "", R"({"account":"a"})"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(missing SOAP header "soap:Header.AuthHeader")"),
                             requestError(*route, "", R"({"account":"a","soap:Header":{"SessionId":"s"}})"));
        // Ping's input header is a type= part (xs:string): an unqualified <trace> element, typed.
        auto ping = makeRoute("<wsdl>headers.wsdl</wsdl><operation>Ping</operation>");
        std::string envelope, error;
        CPPUNIT_ASSERT_MESSAGE(
            error, soaptest::buildEnvelope(*ping, "", R"({"soap:Header":{"trace":"t-1"}})", envelope, error));
        SOAP_ASSERT_CONTAINS(envelope, "<soap:Header><trace>t-1</trace></soap:Header>");
        CPPUNIT_ASSERT_EQUAL(std::string(R"(unknown field "soap:Header.span" (expected: trace))"),
                             requestError(*ping, "", R"({"soap:Header":{"span":"x"}})"));
        SOAP_ASSERT_CONTAINS(requestError(*ping, "", R"({"soap:Header":{"trace":{"a":1}}})"),
                             "soap:Header.trace");
    }

    void testSoapHeaderIsNotABodyField()
    {
        const char* const add = "<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>";
        // An empty soap:Header is left out: the envelope is exactly the one without the member.
        CPPUNIT_ASSERT_EQUAL(golden("calculator-add-soap11.xml"),
                             envelopeFor(add, R"({"soap:Header":{},"intA":2,"intB":3})"));
        auto calculator = makeRoute(add);
        CPPUNIT_ASSERT_EQUAL(std::string(R"(unknown field "soap:Header.X" (no SOAP headers are expected))"),
                             requestError(*calculator, "", R"({"intA":2,"intB":3,"soap:Header":{"X":1}})"));
        // The body's own errors never mention the header member.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(missing required field "account")"),
            requestError(*makeRoute(getBalance), "",
                         R"({"soap:Header":{"AuthHeader":{"Username":"u","Password":"p"}}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(unknown field "other" (expected: intA, intB))"),
            requestError(*calculator, "", R"({"intA":2,"intB":3,"soap:Header":{},"other":1})"));
    }

    void testUntypedHeader()
    {
        // Header members and the body keep their JSON order, in the configured namespace.
        CPPUNIT_ASSERT_EQUAL(
            golden("untyped-echo-header.xml"),
            envelopeFor(
                untypedEcho,
                R"({"zeta":"z","soap:Header":{"Token":"t","Trace":{"@id":"7","#text":"on"},"Tags":["a","b"]},)"
                R"("alpha":1})"));
        auto route = makeRoute(untypedEcho);
        CPPUNIT_ASSERT_EQUAL(std::string(R"("soap:Header.@id" is not a valid XML element name)"),
                             requestError(*route, "Echo", R"({"soap:Header":{"@id":"1"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"("soap:Header.#text" is not a valid XML element name)"),
                             requestError(*route, "Echo", R"({"soap:Header":{"#text":"1"}})"));
        SOAP_ASSERT_CONTAINS(requestError(*route, "Echo", R"({"soap:Header":[1]})"),
                             "soap:Header: expected an object, got ");
    }

    void testOpenApiHasTheHeaderProperty()
    {
        const Object::Ptr schema = requestSchemaOf(getBalance);
        const Object::Ptr header = schema->getObject("properties")->getObject("soap:Header");
        CPPUNIT_ASSERT(header);
        CPPUNIT_ASSERT_EQUAL(std::string("object"), header->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(false, header->getValue<bool>("additionalProperties"));
        const Object::Ptr auth = header->getObject("properties")->getObject("AuthHeader");
        CPPUNIT_ASSERT_EQUAL(std::string("Username"), auth->getArray("required")->getElement<std::string>(0));
        CPPUNIT_ASSERT(auth->getObject("properties")->has("Level"));
        const Object::Ptr session = header->getObject("properties")->getObject("SessionId");
        CPPUNIT_ASSERT_EQUAL(8, session->getValue<int>("maxLength"));
        // AuthHeader is wsdl:required, so the header member is required too.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), header->getArray("required")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("AuthHeader"),
                             header->getArray("required")->getElement<std::string>(0));
        const Poco::JSON::Array::Ptr required = schema->getArray("required");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), required->size());
        CPPUNIT_ASSERT_EQUAL(std::string("account"), required->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(std::string("soap:Header"), required->getElement<std::string>(1));
        // Operations without header parts have no such property.
        CPPUNIT_ASSERT(!requestSchemaOf("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>")
                            ->getObject("properties")
                            ->has("soap:Header"));
    }

    void testWarningsOnlyForHeadersNotSent()
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), loadWarnings(getBalance).size());
        // Ping's type= input header is sent and its output's SessionId header typed into replies:
        // nothing to say about either.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0),
                             loadWarnings("<wsdl>headers.wsdl</wsdl><operation>Ping</operation>").size());
        // The SOAP 1.2 binding's Ping declares no headers at all.
        CPPUNIT_ASSERT_EQUAL(
            std::size_t(0),
            loadWarnings("<wsdl>headers.wsdl</wsdl><operation>Ping</operation><version>1.2</version>")
                .size());
        // A header part that is also the body part is still not sent.
        const std::vector<std::string> echo =
            loadWarnings("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Echo</operation>");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), echo.size());
        SOAP_ASSERT_CONTAINS(echo[0], "header part 'parameters' of message '{urn:example:odd}EchoIn'");
        SOAP_ASSERT_CONTAINS(echo[0], "is also a part of the soap:body");
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SoapHeaderTest, "soap");
