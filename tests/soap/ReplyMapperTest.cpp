#include "SoapTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using soaptest::makeRoute;

namespace
{

const std::string soap11Open = R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" )"
                               R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>)";
const std::string soap11Close = "</soap:Body></soap:Envelope>";
const std::string soap12Open =
    R"(<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>)";
const std::string soap12Close = "</env:Body></env:Envelope>";

std::string soap11(const std::string& body)
{
    return soap11Open + body + soap11Close;
}

ReplyOutcome mapped(const std::string& children, const std::string& reply, int status = 200,
                    const std::string& operationName = "")
{
    auto route = makeRoute(children, operationName.empty() ? std::vector<std::string>()
                                                           : std::vector<std::string>{"op"});
    NameValues path;
    if (!operationName.empty()) path.emplace_back("op", operationName);
    std::string error;
    auto operation = route->selectOperation(path, error);
    CPPUNIT_ASSERT_MESSAGE(error, operation != nullptr);
    return route->mapReply(*operation, status, reply);
}

std::string json(const std::string& children, const std::string& reply, const std::string& operationName = "")
{
    const ReplyOutcome outcome = mapped(children, reply, 200, operationName);
    CPPUNIT_ASSERT_MESSAGE(outcome.detail, outcome.ok());
    return outcome.body;
}

std::string badGateway(const std::string& children, const std::string& reply, int status = 200)
{
    const ReplyOutcome outcome = mapped(children, reply, status);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.body, 502, outcome.status);
    return outcome.detail;
}

const char* const add = "<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>";
const char* const add12 = "<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation><version>1.2</version>";
const char* const countries = "<wsdl>wsdl/CountryInfoService.wsdl</wsdl><operation>{op}</operation>";
const char* const shopOrder = "<wsdl>shop.wsdl</wsdl><operation>PlaceOrder</operation>";

} // namespace

class ReplyMapperTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReplyMapperTest);
    CPPUNIT_TEST(testCalculator);
    CPPUNIT_TEST(testTypedValues);
    CPPUNIT_TEST(testExactNumbers);
    CPPUNIT_TEST(testArrayOfWrappers);
    CPPUNIT_TEST(testNestedArrayOfWrappers);
    CPPUNIT_TEST(testRecursiveType);
    CPPUNIT_TEST(testRpcResponse);
    CPPUNIT_TEST(testImportedSchemasSoap12);
    CPPUNIT_TEST(testUntyped);
    CPPUNIT_TEST(testReplyHeadersArePassedOn);
    CPPUNIT_TEST(testRefusedReplies);
    CPPUNIT_TEST(testDoctypeAndEntitiesRefused);
    CPPUNIT_TEST(testReplyNotMatchingTheWsdl);
    CPPUNIT_TEST(testStatusHandling);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCalculator()
    {
        // Prefixes do not matter, nor does the default namespace form.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"AddResult":5})"),
            json(add,
                 soap11(
                     R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse>)")));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"AddResult":-12})"),
            json(
                add,
                soap11(
                    R"(<t:AddResponse xmlns:t="http://tempuri.org/"><t:AddResult> -12 </t:AddResult></t:AddResponse>)")));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"AddResult":7})"),
            json(add12,
                 soap12Open +
                     R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>7</AddResult></AddResponse>)" +
                     soap12Close));
    }

    void testTypedValues()
    {
        const std::string reply = soap11(R"(<s:PlaceOrderResponse xmlns:s="urn:example:shop">)"
                                         R"(<s:orderId>9223372036854775807</s:orderId>)"
                                         R"(<s:total currency="CHF">0012.50</s:total>)"
                                         R"(<s:accepted>1</s:accepted>)"
                                         R"(<s:lines>3</s:lines>)"
                                         R"(<s:eta xsi:nil="true"/>)"
                                         R"(<s:ratio>1.5E3</s:ratio>)"
                                         R"(<s:comment lang="en">Hello <s:em>world</s:em>!</s:comment>)"
                                         R"(<s:extra>new in v2</s:extra>)"
                                         R"(</s:PlaceOrderResponse>)");
        // lines: one element whose maxOccurs allows many is still an array; warnings: absent and
        // repeatable, so []; eta: nil; comment: mixed text beside a child; extra: unknown, untyped.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"orderId":9223372036854775807,"total":{"@currency":"CHF","#text":12.50},)"
                        R"("accepted":true,"lines":[3],"warnings":[],"eta":null,"ratio":1.5E3,)"
                        R"("comment":{"@lang":"en","#text":"Hello !","em":"world"},"extra":"new in v2"})"),
            json(shopOrder, reply));
        // Two elements where the schema allows many: an array in document order.
        const std::string two =
            soap11(R"(<PlaceOrderResponse xmlns="urn:example:shop"><orderId>1</orderId>)"
                   R"(<total currency="EUR">1</total><accepted>false</accepted><lines>1</lines>)"
                   R"(<lines>2</lines><warnings>w</warnings><eta>2024-05-01</eta><ratio>INF</ratio>)"
                   R"(</PlaceOrderResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"orderId":1,"total":{"@currency":"EUR","#text":1},"accepted":false,)"
                        R"("lines":[1,2],"warnings":["w"],"eta":"2024-05-01","ratio":"INF"})"),
            json(shopOrder, two));
    }

    void testExactNumbers()
    {
        const std::string reply =
            soap11(R"(<m:NumberToDollarsResponse xmlns:m="http://www.dataaccess.com/webservicesserver/">)"
                   R"(<m:NumberToDollarsResult>ten dollars</m:NumberToDollarsResult>)"
                   R"(</m:NumberToDollarsResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"NumberToDollarsResult":"ten dollars"})"),
            json("<wsdl>wsdl/NumberConversion.wsdl</wsdl><operation>NumberToDollars</operation>", reply));
        // A decimal keeps every digit (it never passes through a double).
        const std::string price =
            soap11(R"(<PlaceOrderResponse xmlns="urn:example:shop"><orderId>1</orderId>)"
                   R"(<total currency="EUR">12345678901234567890.123456789</total><accepted>true</accepted>)"
                   R"(<eta>2024-05-01</eta><ratio>.5</ratio></PlaceOrderResponse>)");
        const std::string body = json(shopOrder, price);
        SOAP_ASSERT_CONTAINS(body, R"("#text":12345678901234567890.123456789})");
        SOAP_ASSERT_CONTAINS(body, R"("ratio":0.5)");
        CPPUNIT_ASSERT(soaptest::parseObject(body)->has("total")); // and it is valid JSON
    }

    void testArrayOfWrappers()
    {
        const std::string two = soap11(
            R"(<m:ListOfContinentsByNameResponse xmlns:m="http://www.oorsprong.org/websamples.countryinfo">)"
            R"(<m:ListOfContinentsByNameResult>)"
            R"(<m:tContinent><m:sCode>AF</m:sCode><m:sName>Africa</m:sName></m:tContinent>)"
            R"(<m:tContinent><m:sCode>AN</m:sCode><m:sName>Antarctica</m:sName></m:tContinent>)"
            R"(</m:ListOfContinentsByNameResult></m:ListOfContinentsByNameResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"ListOfContinentsByNameResult":{"tContinent":[{"sCode":"AF","sName":"Africa"},)"
                        R"({"sCode":"AN","sName":"Antarctica"}]}})"),
            json(countries, two, "ListOfContinentsByName"));
        const std::string one = soap11(
            R"(<m:ListOfContinentsByNameResponse xmlns:m="http://www.oorsprong.org/websamples.countryinfo">)"
            R"(<m:ListOfContinentsByNameResult><m:tContinent><m:sCode>EU</m:sCode><m:sName>Europe</m:sName></m:tContinent>)"
            R"(</m:ListOfContinentsByNameResult></m:ListOfContinentsByNameResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"ListOfContinentsByNameResult":{"tContinent":[{"sCode":"EU","sName":"Europe"}]}})"),
            json(countries, one, "ListOfContinentsByName"));
        const std::string none = soap11(
            R"(<m:ListOfContinentsByNameResponse xmlns:m="http://www.oorsprong.org/websamples.countryinfo">)"
            R"(<m:ListOfContinentsByNameResult/></m:ListOfContinentsByNameResponse>)");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"ListOfContinentsByNameResult":{"tContinent":[]}})"),
                             json(countries, none, "ListOfContinentsByName"));
        const std::string nilItem = soap11(
            R"(<m:ListOfContinentsByNameResponse xmlns:m="http://www.oorsprong.org/websamples.countryinfo">)"
            R"(<m:ListOfContinentsByNameResult><m:tContinent xsi:nil="true"/></m:ListOfContinentsByNameResult>)"
            R"(</m:ListOfContinentsByNameResponse>)");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"ListOfContinentsByNameResult":{"tContinent":[null]}})"),
                             json(countries, nilItem, "ListOfContinentsByName"));
    }

    void testNestedArrayOfWrappers()
    {
        const std::string reply = soap11(
            R"(<m:FullCountryInfoResponse xmlns:m="http://www.oorsprong.org/websamples.countryinfo"><m:FullCountryInfoResult>)"
            R"(<m:sISOCode>CH</m:sISOCode><m:sName>Switzerland</m:sName><m:sCapitalCity>Bern</m:sCapitalCity>)"
            R"(<m:sPhoneCode>41</m:sPhoneCode><m:sContinentCode>EU</m:sContinentCode><m:sCurrencyISOCode>CHF</m:sCurrencyISOCode>)"
            R"(<m:sCountryFlag>http://x/CH.jpg</m:sCountryFlag><m:Languages><m:tLanguage><m:sISOCode>de</m:sISOCode>)"
            R"(<m:sName>German</m:sName></m:tLanguage></m:Languages></m:FullCountryInfoResult></m:FullCountryInfoResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"FullCountryInfoResult":{"sISOCode":"CH","sName":"Switzerland","sCapitalCity":"Bern",)"
                R"("sPhoneCode":"41","sContinentCode":"EU","sCurrencyISOCode":"CHF","sCountryFlag":"http://x/CH.jpg",)"
                R"("Languages":{"tLanguage":[{"sISOCode":"de","sName":"German"}]}}})"),
            json(countries, reply, "FullCountryInfo"));
    }

    void testRecursiveType()
    {
        const std::string reply =
            soap11(R"(<GetCategoryResponse xmlns="urn:example:shop"><category><name>a</name>)"
                   R"(<sub><name>b</name><sub><name>c</name></sub></sub></category></GetCategoryResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"category":{"name":"a","sub":[{"name":"b","sub":[{"name":"c","sub":[]}]}]}})"),
            json("<wsdl>shop.wsdl</wsdl><operation>GetCategory</operation>", reply));
    }

    void testRpcResponse()
    {
        // The rpc response wrapper's name carries no meaning; its parts are unqualified.
        const std::string reply =
            soap11(R"(<r:MoveResult xmlns:r="urn:example:geometry:rpc"><moved><x>2.5</x><y>1</y></moved>)"
                   R"(<distance>3.50</distance></r:MoveResult>)");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"moved":{"x":2.5,"y":1},"distance":3.50})"),
                             json("<wsdl>rpc.wsdl</wsdl><operation>Move</operation>", reply));
    }

    void testImportedSchemasSoap12()
    {
        const std::string reply =
            soap12Open +
            R"(<m:GetOrderResponse xmlns:m="urn:example:orders:messages" xmlns:o="urn:example:orders">)"
            R"(<m:order><id>42</id><status>shipped</status><line number="1"><sku>A</sku><qty>2</qty></line>)"
            R"(<o:reference>R-1</o:reference></m:order></m:GetOrderResponse>)" +
            soap12Close;
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"order":{"id":42,"status":"shipped","line":[{"@number":1,"sku":"A","qty":2}],)"
                        R"("reference":"R-1"}})"),
            json("<wsdl>imports/service.wsdl</wsdl>", reply));
    }

    void testReplyHeadersArePassedOn()
    {
        // Ping's output declares the SessionId header (a string of at most 8): typed; a header
        // block the WSDL does not declare (WS-Addressing's) still arrives, untyped, after it.
        const std::string headerAndBody =
            R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">)"
            R"(<soap:Header><wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:1</wsa:MessageID>)"
            R"(<b:SessionId xmlns:b="urn:example:bank">S-42</b:SessionId></soap:Header>)"
            R"(<soap:Body><b:PingResponse xmlns:b="urn:example:bank"/></soap:Body></soap:Envelope>)";
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"soap:Header":{"SessionId":"S-42","MessageID":"urn:uuid:1"}})"),
                             json("<wsdl>headers.wsdl</wsdl><operation>Ping</operation>", headerAndBody));
        // Beside the body's members, first; an empty Header adds nothing.
        const std::string withResult =
            R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>)"
            R"(<t:Trace xmlns:t="urn:trace" id="7">abc</t:Trace></soap:Header><soap:Body>)"
            R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse></soap:Body></soap:Envelope>)";
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"soap:Header":{"Trace":{"@id":"7","#text":"abc"}},"AddResult":5})"),
            json(add, withResult));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"AddResult":5})"),
            json(add,
                 soap11Open.substr(0, soap11Open.find("<soap:Body>")) + "<soap:Header/><soap:Body>" +
                     R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse>)" +
                     soap11Close));
        // Untyped routes pass headers on too.
        const char* const untyped =
            "<endpoint>http://legacy.example.test/</endpoint><operation>Echo</operation>"
            "<namespace>urn:legacy</namespace><soapAction/>";
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"soap:Header":{"Session":"s1"},"a":"1"})"),
            json(
                untyped,
                R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>)"
                R"(<l:Session xmlns:l="urn:legacy">s1</l:Session></soap:Header><soap:Body>)"
                R"(<l:EchoResponse xmlns:l="urn:legacy"><l:a>1</l:a></l:EchoResponse></soap:Body></soap:Envelope>)"));
    }

    void testUntyped()
    {
        const char* const untyped =
            "<endpoint>http://legacy.example.test/</endpoint><operation>Echo</operation>"
            "<namespace>urn:legacy</namespace><soapAction/>";
        const std::string reply =
            soap11(R"(<l:EchoResponse xmlns:l="urn:legacy" kind="full"><l:a>1</l:a><l:a>2</l:a>)"
                   R"(<l:b x="y">t</l:b><l:c><l:d>true</l:d></l:c><l:n xsi:nil="true"/><l:e/>)"
                   R"(<l:f>x<l:g>1</l:g>y</l:f></l:EchoResponse>)");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"@kind":"full","a":["1","2"],"b":{"@x":"y","#text":"t"},"c":{"d":"true"},)"
                        R"("n":null,"e":"","f":{"#text":"xy","g":"1"}})"),
            json(untyped, reply));
        // Whatever the wrapper is called.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"v":"1"})"), json(untyped, soap11("<Other><v>1</v></Other>")));
    }

    void testRefusedReplies()
    {
        // Found by fuzzing: bytes that are not UTF-8 in an element name reached the client as JSON.
        const char* const untyped =
            "<endpoint>http://legacy.example.test/</endpoint><operation>Echo</operation>"
            "<namespace>urn:legacy</namespace><soapAction/>";
        CPPUNIT_ASSERT_EQUAL(
            std::string("the SOAP service's reply holds bytes that are not valid UTF-8"),
            badGateway(untyped, soap11("<l:EchoResponse xmlns:l=\"urn:legacy\"><l:\xC3n>1</l:\xC3n>"
                                       "</l:EchoResponse>")));
        SOAP_ASSERT_CONTAINS(badGateway(add, "<soap:Envelope"),
                             "not acceptable XML: not well-formed XML at line 1");
        SOAP_ASSERT_CONTAINS(badGateway(add, "<html><body>Service Unavailable</body></html>", 200),
                             "XML that is not a SOAP envelope (root element <html>)");
        SOAP_ASSERT_CONTAINS(badGateway(add, "Internal error", 500),
                             "with a body that is not acceptable XML");
        CPPUNIT_ASSERT_EQUAL(
            std::string("the SOAP service answered with a SOAP 1.2 envelope to a SOAP 1.1 request"),
            badGateway(add, soap12Open + "<x/>" + soap12Close));
        CPPUNIT_ASSERT_EQUAL(
            std::string("the SOAP service answered with a SOAP 1.1 envelope to a SOAP 1.2 request"),
            badGateway(add12, soap11("<x/>")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("the SOAP envelope of the reply has no Body"),
            badGateway(add, R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>)"));
        CPPUNIT_ASSERT_EQUAL(std::string("the SOAP Body of the reply is empty; expected <AddResponse>"),
                             badGateway(add, soap11("")));
        CPPUNIT_ASSERT_EQUAL(std::string("the SOAP service answered HTTP 200 with an empty body"),
                             badGateway(add, ""));
        // A reply may not exhaust the stack.
        std::string deep;
        for (int i = 0; i < 500; ++i)
            deep += "<d>";
        for (int i = 0; i < 500; ++i)
            deep += "</d>";
        SOAP_ASSERT_CONTAINS(
            badGateway(add, soap11(R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>1</AddResult>)" +
                                   deep + "</AddResponse>")),
            "nests elements more than 128 deep");
    }

    void testDoctypeAndEntitiesRefused()
    {
        const std::string laughs = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<AddResponse xmlns="http://tempuri.org/"><AddResult>&lol2;</AddResult></AddResponse></soap:Body></soap:Envelope>)";
        SOAP_ASSERT_CONTAINS(badGateway(add, laughs), "a DOCTYPE declaration is not allowed");
        const std::string external =
            R"(<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)" +
            soap11(R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>&xxe;</AddResult></AddResponse>)");
        SOAP_ASSERT_CONTAINS(badGateway(add, external), "a DOCTYPE declaration is not allowed");
    }

    void testReplyNotMatchingTheWsdl()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string("the reply does not match the WSDL: AddResult: expected xs:int, got \"abc\""),
            badGateway(
                add,
                soap11(
                    R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>abc</AddResult></AddResponse>)")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("the SOAP Body of the reply holds {http://tempuri.org/}SubtractResponse, expected "
                        "{http://tempuri.org/}AddResponse"),
            badGateway(add, soap11(R"(<SubtractResponse xmlns="http://tempuri.org/"/>)")));
        CPPUNIT_ASSERT_EQUAL(std::string("the SOAP Body of the reply holds {urn:other}AddResponse, expected "
                                         "{http://tempuri.org/}AddResponse"),
                             badGateway(add, soap11(R"(<AddResponse xmlns="urn:other"/>)")));
        SOAP_ASSERT_CONTAINS(
            badGateway(shopOrder, soap11(R"(<PlaceOrderResponse xmlns="urn:example:shop"><lines>1</lines>)"
                                         R"(<lines>x</lines></PlaceOrderResponse>)")),
            "lines[1]: expected xs:int, got \"x\"");
    }

    void testStatusHandling()
    {
        // A normal envelope with an error status is not a success.
        SOAP_ASSERT_CONTAINS(
            badGateway(
                add,
                soap11(R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse>)"),
                503),
            "answered HTTP 503 without a SOAP fault");
        // 202 with an envelope is fine.
        CPPUNIT_ASSERT(
            mapped(
                add,
                soap11(R"(<AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse>)"),
                202)
                .ok());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ReplyMapperTest, "soap");
