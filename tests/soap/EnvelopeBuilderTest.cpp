#include "SoapTestSupport.h"

#include "soap/EnvelopeBuilder.h"
#include "soap/SecureXml.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using soaptest::golden;
using soaptest::makeRoute;
using soaptest::requestError;

namespace
{

const char* const calculatorAny = "<wsdl>wsdl/calculator.wsdl</wsdl><operation>{operation}</operation>";
const char* const checkTypes = "<wsdl>shop.wsdl</wsdl><operation>CheckTypes</operation>";
const char* const placeOrder = "<wsdl>shop.wsdl</wsdl><operation>PlaceOrder</operation>";

std::string envelopeFor(const std::string& children, const std::string& operation, const std::string& json,
                        const std::vector<std::string>& params = {}, const SecurityStamp* stamp = nullptr)
{
    auto route = makeRoute(children, params);
    NameValues path;
    if (!params.empty()) path.emplace_back(params.front(), operation);
    std::string error;
    auto selected = route->selectOperation(path, error);
    CPPUNIT_ASSERT_MESSAGE(error, selected != nullptr);
    Poco::JSON::Object::Ptr fields;
    CPPUNIT_ASSERT_MESSAGE(error, mergeRequestFields(json, path, route->selectorParam(), {}, fields, error));
    SoapCall call;
    int status = 0;
    CPPUNIT_ASSERT_MESSAGE(error, route->buildCall(*selected, *fields, call, status, error, stamp));
    // Whatever is compared, it must be well-formed XML.
    pugi::xml_document document;
    CPPUNIT_ASSERT_MESSAGE(error, parseXml(call.body, document, error));
    return call.body;
}

// The text of the one element named local in the envelope.
std::string bodyValue(const std::string& children, const std::string& json, const std::string& local)
{
    const std::string envelope = envelopeFor(children, "", json);
    const std::string open = "<ns1:" + local + ">", close = "</ns1:" + local + ">";
    const std::size_t begin = envelope.find(open);
    CPPUNIT_ASSERT_MESSAGE("no <" + local + "> in " + envelope, begin != std::string::npos);
    const std::size_t end = envelope.find(close, begin);
    return envelope.substr(begin + open.size(), end - begin - open.size());
}

} // namespace

class EnvelopeBuilderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EnvelopeBuilderTest);
    CPPUNIT_TEST(testCalculatorAddSoap11);
    CPPUNIT_TEST(testCalculatorAddSoap12);
    CPPUNIT_TEST(testNestedArraysAttributesChoice);
    CPPUNIT_TEST(testNil);
    CPPUNIT_TEST(testRpcLiteral);
    CPPUNIT_TEST(testImportedSchemasSoap12);
    CPPUNIT_TEST(testUntyped);
    CPPUNIT_TEST(testWsSecurityHeaders);
    CPPUNIT_TEST(testHttpHeaders);
    CPPUNIT_TEST(testAcceptedValueForms);
    CPPUNIT_TEST(testTypeErrorsNameTheField);
    CPPUNIT_TEST(testUnknownAndMissingFields);
    CPPUNIT_TEST(testOccurrenceErrors);
    CPPUNIT_TEST(testChoiceErrors);
    CPPUNIT_TEST(testSimpleContentErrors);
    CPPUNIT_TEST(testEmptyInputOperation);
    CPPUNIT_TEST(testReferencesGroupsAndQualifiedAttributes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCalculatorAddSoap11()
    {
        CPPUNIT_ASSERT_EQUAL(golden("calculator-add-soap11.xml"),
                             envelopeFor(calculatorAny, "Add", R"({"intA":2,"intB":3})", {"operation"}));
        // Key order in the JSON does not matter: the schema's order does.
        CPPUNIT_ASSERT_EQUAL(golden("calculator-add-soap11.xml"),
                             envelopeFor(calculatorAny, "Add", R"({"intB":3,"intA":2})", {"operation"}));
    }

    void testCalculatorAddSoap12()
    {
        CPPUNIT_ASSERT_EQUAL(
            golden("calculator-add-soap12.xml"),
            envelopeFor("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation><version>1.2</version>",
                        "Add", R"({"intA":-7,"intB":"40"})"));
    }

    void testNestedArraysAttributesChoice()
    {
        CPPUNIT_ASSERT_EQUAL(
            golden("shop-placeorder.xml"),
            envelopeFor(
                placeOrder, "PlaceOrder",
                R"({"@channel":"web","customer":{"@id":7,"name":"Ann & Co <AG>","address":{"street":"Main 1","city":"Bern"},)"
                R"("vip":true,"birthday":"1990-05-17"},"items":[{"sku":"A1","qty":2,"colour":"red","price":{"@currency":"CHF",)"
                R"("#text":"12.50"}},{"sku":"B2","qty":"1","price":{"@currency":"EUR","#text":0.1}}],"delivery":{"street":"Side 2",)"
                R"("city":"Basel","zip":"4000"},"note":"leave at door","placed":"2024-03-15T10:20:30Z","tags":["gift","fragile"]})"));
    }

    void testNil()
    {
        // Also: a single object for an element with maxOccurs="unbounded" is one occurrence.
        CPPUNIT_ASSERT_EQUAL(
            golden("shop-nil.xml"),
            envelopeFor(
                placeOrder, "PlaceOrder",
                R"({"customer":{"name":"Bo","address":{"street":"S","city":"C"},"vip":false},)"
                R"("items":{"sku":"Z9","qty":1,"price":{"@currency":"USD","#text":"3"}},"pickup":"counter","note":null})"));
    }

    void testRpcLiteral()
    {
        CPPUNIT_ASSERT_EQUAL(golden("rpc-move.xml"),
                             envelopeFor("<wsdl>rpc.wsdl</wsdl><operation>Move</operation>", "Move",
                                         R"({"point":{"x":1.5,"y":-2},"dx":3,"label":"p1"})"));
    }

    void testImportedSchemasSoap12()
    {
        CPPUNIT_ASSERT_EQUAL(golden("imports-getorder-soap12.xml"),
                             envelopeFor("<wsdl>imports/service.wsdl</wsdl>", "GetOrder", R"({"id":42})"));
    }

    void testUntyped()
    {
        const char* const untyped =
            "<endpoint>http://legacy.example.test/svc</endpoint><operation>Echo</operation>"
            "<namespace>urn:legacy</namespace><soapAction>urn:legacy#Echo</soapAction>";
        CPPUNIT_ASSERT_EQUAL(
            golden("untyped-echo.xml"),
            envelopeFor(
                untyped, "Echo",
                R"({"name":"x","count":3,"ok":true,"items":[1,2],"inner":{"@id":"5","#text":"t"},"gone":null})"));
        auto route = makeRoute(untyped);
        SOAP_ASSERT_CONTAINS(requestError(*route, "Echo", R"({"not a name":1})"),
                             "\"not a name\" is not a valid XML element name");
        SOAP_ASSERT_CONTAINS(requestError(*route, "Echo", R"({"a":[[1]]})"),
                             "a[0]: expected a single value, got an array");
    }

    void testWsSecurityHeaders()
    {
        const SecurityStamp stamp{
            std::string("\x8f\x3a\x1c\x5e\x2b\x7d\x90\x46\xa1\xe3\xc5\xb7\xd9\xf0\x24\x68", 16),
            "2024-03-15T10:20:30.456Z"};
        CPPUNIT_ASSERT_EQUAL(
            golden("calculator-add-wss-digest.xml"),
            envelopeFor("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>"
                        "<wsSecurity username=\"calc\" password=\"Correct horse battery staple!\" "
                        "type=\"PasswordDigest\"/>",
                        "Add", R"({"intA":1,"intB":2})", {}, &stamp));
        CPPUNIT_ASSERT_EQUAL(
            golden("calculator-add-wss-text.xml"),
            envelopeFor("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation><version>1.2</version>"
                        "<wsSecurity username=\"calc\" password=\"p&amp;w&lt;d\"/>",
                        "Add", R"({"intA":1,"intB":2})", {}, &stamp));
        // Without a fixed stamp every request gets its own nonce.
        const char* const digest = "<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>"
                                   "<wsSecurity username=\"u\" password=\"p\" type=\"PasswordDigest\"/>";
        const std::string first = envelopeFor(digest, "Add", R"({"intA":1,"intB":2})");
        const std::string second = envelopeFor(digest, "Add", R"({"intA":1,"intB":2})");
        SOAP_ASSERT_CONTAINS(first, "<wsse:Nonce EncodingType=");
        const auto nonceOf = [](const std::string& envelope)
        {
            const std::size_t begin = envelope.find("Base64Binary\">") + 14;
            return envelope.substr(begin, envelope.find('<', begin) - begin);
        };
        CPPUNIT_ASSERT_EQUAL(std::size_t(24), nonceOf(first).size());
        CPPUNIT_ASSERT(nonceOf(first) != nonceOf(second));
    }

    void testHttpHeaders()
    {
        auto soap11 = makeRoute("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Divide</operation>"
                                "<endpoint>http://127.0.0.1:9/calc</endpoint><timeout>250ms</timeout>");
        std::string error;
        auto operation = soap11->selectOperation({}, error);
        SoapCall call;
        int status = 0;
        CPPUNIT_ASSERT(soap11->buildCall(*operation, *soaptest::parseObject(R"({"intA":1,"intB":1})"), call,
                                         status, error));
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:9/calc"), call.url);
        CPPUNIT_ASSERT_EQUAL(250LL, static_cast<long long>(call.timeout.count()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), call.headers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Content-Type"), call.headers[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), call.headers[0].second);
        CPPUNIT_ASSERT_EQUAL(std::string("SOAPAction"), call.headers[1].first);
        CPPUNIT_ASSERT_EQUAL(std::string("\"http://tempuri.org/Divide\""), call.headers[1].second);

        auto soap12 = makeRoute(
            "<wsdl>wsdl/calculator.wsdl</wsdl><operation>Divide</operation><port>CalculatorSoap12</port>");
        operation = soap12->selectOperation({}, error);
        CPPUNIT_ASSERT(soap12->buildCall(*operation, *soaptest::parseObject(R"({"intA":1,"intB":1})"), call,
                                         status, error));
        CPPUNIT_ASSERT_EQUAL(std::string("http://www.dneonline.com/calculator.asmx"), call.url);
        CPPUNIT_ASSERT_EQUAL(30000LL, static_cast<long long>(call.timeout.count()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), call.headers.size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("application/soap+xml; charset=utf-8; action=\"http://tempuri.org/Divide\""),
            call.headers[0].second);

        // An empty soapAction: SOAP 1.1 still sends the (empty, quoted) header; 1.2 omits action=.
        auto numbers11 =
            makeRoute("<wsdl>wsdl/NumberConversion.wsdl</wsdl><operation>NumberToWords</operation>");
        operation = numbers11->selectOperation({}, error);
        CPPUNIT_ASSERT(
            numbers11->buildCall(*operation, *soaptest::parseObject(R"({"ubiNum":1})"), call, status, error));
        CPPUNIT_ASSERT_EQUAL(std::string("\"\""), call.headers[1].second);
        auto numbers12 = makeRoute("<wsdl>wsdl/NumberConversion.wsdl</wsdl><operation>NumberToWords</"
                                   "operation><version>1.2</version>");
        operation = numbers12->selectOperation({}, error);
        CPPUNIT_ASSERT(
            numbers12->buildCall(*operation, *soaptest::parseObject(R"({"ubiNum":1})"), call, status, error));
        CPPUNIT_ASSERT_EQUAL(std::string("application/soap+xml; charset=utf-8"), call.headers[0].second);
    }

    void testAcceptedValueForms()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("5"), bodyValue(checkTypes, R"({"anInt":"5"})", "anInt"));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), bodyValue(checkTypes, R"({"anInt":5.0})", "anInt"));
        CPPUNIT_ASSERT_EQUAL(std::string("-2147483648"),
                             bodyValue(checkTypes, R"({"anInt":-2147483648})", "anInt"));
        CPPUNIT_ASSERT_EQUAL(std::string("9223372036854775807"),
                             bodyValue(checkTypes, R"({"aLong":9223372036854775807})", "aLong"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("18446744073709551615"),
            bodyValue(checkTypes, R"({"anUnsignedLong":18446744073709551615})", "anUnsignedLong"));
        // Decimals keep every digit when sent as strings; JSON numbers are written shortest-exact.
        CPPUNIT_ASSERT_EQUAL(
            std::string("12345678901234567890.123456789"),
            bodyValue(checkTypes, R"({"aDecimal":"12345678901234567890.123456789"})", "aDecimal"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.1"), bodyValue(checkTypes, R"({"aDecimal":0.1})", "aDecimal"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.0000001"),
                             bodyValue(checkTypes, R"({"aDecimal":1e-7})", "aDecimal"));
        CPPUNIT_ASSERT_EQUAL(std::string("1e-07"), bodyValue(checkTypes, R"({"aDouble":1e-7})", "aDouble"));
        CPPUNIT_ASSERT_EQUAL(std::string("INF"), bodyValue(checkTypes, R"({"aDouble":"INF"})", "aDouble"));
        CPPUNIT_ASSERT_EQUAL(std::string("true"), bodyValue(checkTypes, R"({"aBoolean":true})", "aBoolean"));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), bodyValue(checkTypes, R"({"aBoolean":"0"})", "aBoolean"));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29"),
                             bodyValue(checkTypes, R"({"aDate":"2024-02-29"})", "aDate"));
        CPPUNIT_ASSERT_EQUAL(std::string("SGVsbG8="),
                             bodyValue(checkTypes, R"({"aBase64":"SGVsbG8="})", "aBase64"));
        CPPUNIT_ASSERT_EQUAL(std::string("blue"), bodyValue(checkTypes, R"({"aColour":"blue"})", "aColour"));
        // Simple content with an attribute: "@currency" and "#text".
        SOAP_ASSERT_CONTAINS(envelopeFor(checkTypes, "", R"({"aPrice":{"@currency":"CHF","#text":9.95}})"),
                             "<ns1:aPrice currency=\"CHF\">9.95</ns1:aPrice>");
    }

    void testTypeErrorsNameTheField()
    {
        auto route = makeRoute(checkTypes);
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got \"abc\""),
                             requestError(*route, "", R"({"anInt":"abc"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got 3000000000 (out of range)"),
                             requestError(*route, "", R"({"anInt":3000000000})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got \"3000000000\" (out of range)"),
                             requestError(*route, "", R"({"anInt":"3000000000"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got 1.5 (not a whole number)"),
                             requestError(*route, "", R"({"anInt":1.5})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got \" 5\""),
                             requestError(*route, "", R"({"anInt":" 5"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got true"),
                             requestError(*route, "", R"({"anInt":true})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got an object"),
                             requestError(*route, "", R"({"anInt":{}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aShort: expected xs:short, got 40000 (out of range)"),
                             requestError(*route, "", R"({"aShort":40000})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anUnsignedInt: expected xs:unsignedInt, got -1 (out of range)"),
                             requestError(*route, "", R"({"anUnsignedInt":-1})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aPositive: expected xs:positiveInteger, got 0 (out of range)"),
                             requestError(*route, "", R"({"aPositive":0})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aDecimal: expected xs:decimal, got \"1,5\""),
                             requestError(*route, "", R"({"aDecimal":"1,5"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aBoolean: expected xs:boolean, got \"yes\""),
                             requestError(*route, "", R"({"aBoolean":"yes"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aBoolean: expected xs:boolean, got 1"),
                             requestError(*route, "", R"({"aBoolean":1})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aDate: expected xs:date, got \"2023-02-29\" (not a valid date)"),
                             requestError(*route, "", R"({"aDate":"2023-02-29"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aDate: expected xs:date, got \"15.03.2024\""),
                             requestError(*route, "", R"({"aDate":"15.03.2024"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aDate: expected xs:date, got 20240315"),
                             requestError(*route, "", R"({"aDate":20240315})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aDateTime: expected xs:dateTime, got \"2024-03-15 10:00:00\""),
                             requestError(*route, "", R"({"aDateTime":"2024-03-15 10:00:00"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aTime: expected xs:time, got \"25:00:00\""),
                             requestError(*route, "", R"({"aTime":"25:00:00"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aHex: expected xs:hexBinary, got \"xyz\""),
                             requestError(*route, "", R"({"aHex":"xyz"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "aColour: expected one of \"red\", \"green\", \"blue\" (type 'Colour'), got \"purple\""),
            requestError(*route, "", R"({"aColour":"purple"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("aToken: the value contains a character that XML cannot carry (a control "
                        "character or invalid UTF-8)"),
            requestError(*route, "", R"({"aToken":"bell\u0007"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("anAddress.city: expected a single value, got an array (the element occurs at "
                        "most once)"),
            requestError(*route, "", R"({"anAddress":{"street":"s","city":["a"]}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anAddress: expected an object, got \"Main street\""),
                             requestError(*route, "", R"({"anAddress":"Main street"})"));
    }

    void testUnknownAndMissingFields()
    {
        auto calculator = makeRoute(calculatorAny, {"operation"});
        CPPUNIT_ASSERT_EQUAL(std::string("missing required field \"intB\""),
                             requestError(*calculator, "Add", R"({"intA":1})"));
        CPPUNIT_ASSERT_EQUAL(std::string("missing required fields \"intA\", \"intB\""),
                             requestError(*calculator, "Add", R"({})"));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown field \"intC\" (expected: intA, intB)"),
                             requestError(*calculator, "Add", R"({"intA":1,"intB":2,"intC":3})"));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown fields \"x\", \"y\" (expected: intA, intB)"),
                             requestError(*calculator, "Add", R"({"x":1,"y":2})"));
        auto types = makeRoute(checkTypes);
        CPPUNIT_ASSERT_EQUAL(
            std::string("unknown field \"anAddress.planet\" (expected: street, city, zip)"),
            requestError(*types, "", R"({"anAddress":{"street":"s","city":"c","planet":"x"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("missing required field \"anAddress.city\""),
                             requestError(*types, "", R"({"anAddress":{"street":"s"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown field \"anAddress.#text\" (expected: street, city, zip)"),
                             requestError(*types, "", R"({"anAddress":{"#text":"s"}})"));
        auto order = makeRoute(placeOrder);
        SOAP_ASSERT_CONTAINS(requestError(*order, "", R"({"pickup":"x","customer":{"@nope":1}})"),
                             "unknown field \"customer.@nope\"");
    }

    void testOccurrenceErrors()
    {
        auto types = makeRoute(checkTypes);
        CPPUNIT_ASSERT_EQUAL(
            std::string("anInt: expected a single value, got an array (the element occurs at most once)"),
            requestError(*types, "", R"({"anInt":[1,2]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: null is not allowed (the element is not nillable)"),
                             requestError(*types, "", R"({"anInt":null})"));
        auto order = makeRoute(placeOrder);
        const std::string base =
            R"({"customer":{"name":"Bo","address":{"street":"S","city":"C"},"vip":false},"pickup":"x","note":"n",)";
        const std::string item = R"({"sku":"Z","qty":1,"price":{"@currency":"USD","#text":"3"}})";
        CPPUNIT_ASSERT_EQUAL(std::string("items: at least 1 value is required, got 0"),
                             requestError(*order, "", base + R"("items":[]})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("tags: at most 5 values are allowed, got 6"),
            requestError(*order, "", base + R"("items":)" + item + R"(,"tags":["a","b","c","d","e","f"]})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("items[1].qty: expected xs:int, got \"many\""),
            requestError(*order, "",
                         base + R"("items":[)" + item +
                             R"(,{"sku":"Y","qty":"many","price":{"@currency":"USD","#text":"1"}}]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("items[0]: null is not allowed (the element is not nillable)"),
                             requestError(*order, "", base + R"("items":[null]})"));
    }

    void testChoiceErrors()
    {
        auto order = makeRoute(placeOrder);
        const std::string base =
            R"({"customer":{"name":"Bo","address":{"street":"S","city":"C"},"vip":false},"note":"n",)"
            R"("items":{"sku":"Z","qty":1,"price":{"@currency":"USD","#text":"3"}})";
        CPPUNIT_ASSERT_EQUAL(
            std::string("only one of \"pickup\", \"delivery\" may be given (xs:choice), got \"pickup\", "
                        "\"delivery\""),
            requestError(*order, "", base + R"(,"pickup":"p","delivery":{"street":"s","city":"c"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("one of \"pickup\", \"delivery\" is required (xs:choice)"),
                             requestError(*order, "", base + "}"));
    }

    void testSimpleContentErrors()
    {
        auto types = makeRoute(checkTypes);
        CPPUNIT_ASSERT_EQUAL(
            std::string("aPrice: expected an object with \"@currency\" and \"#text\", got 5"),
            requestError(*types, "", R"({"aPrice":5})"));
        CPPUNIT_ASSERT_EQUAL(std::string("missing required attribute \"aPrice.@currency\""),
                             requestError(*types, "", R"({"aPrice":{"#text":"5"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("aPrice.#text: expected xs:decimal, got \"five\""),
                             requestError(*types, "", R"({"aPrice":{"@currency":"CHF","#text":"five"}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("missing required field \"aPrice.#text\""),
                             requestError(*types, "", R"({"aPrice":{"@currency":"CHF"}})"));
    }

    void testEmptyInputOperation()
    {
        const std::string envelope = envelopeFor(
            "<wsdl>wsdl/CountryInfoService.wsdl</wsdl><operation>ListOfContinentsByName</operation>",
            "ListOfContinentsByName", "");
        SOAP_ASSERT_CONTAINS(
            envelope,
            "<ns1:ListOfContinentsByName xmlns:ns1=\"http://www.oorsprong.org/websamples.countryinfo\"/>");
        auto route = makeRoute(
            "<wsdl>wsdl/CountryInfoService.wsdl</wsdl><operation>ListOfContinentsByName</operation>");
        CPPUNIT_ASSERT_EQUAL(std::string("unknown field \"x\" (no fields are expected here)"),
                             requestError(*route, "", R"({"x":1})"));
    }

    void testReferencesGroupsAndQualifiedAttributes()
    {
        // ref= to a global element (always qualified), a named xs:group, an xs:attributeGroup.
        SOAP_ASSERT_CONTAINS(
            envelopeFor(checkTypes, "", R"({"@traceId":"t-1","createdBy":"me","coupon":"SPRING"})"),
            "<ns1:CheckTypes xmlns:ns1=\"urn:example:shop\" traceId=\"t-1\"><ns1:coupon>SPRING</ns1:coupon>"
            "<ns1:createdBy>me</ns1:createdBy></ns1:CheckTypes>");
        // form="qualified" on an attribute of an unqualified schema: it gets a prefix.
        SOAP_ASSERT_CONTAINS(
            envelopeFor("<wsdl>rpc.wsdl</wsdl><operation>Move</operation>", "Move",
                        R"({"point":{"@unit":"cm","x":1,"y":2},"dx":0,"label":""})"),
            "<ns1:Move xmlns:ns1=\"urn:example:geometry:rpc\" xmlns:ns2=\"urn:example:geometry\">"
            "<point ns2:unit=\"cm\"><x>1</x><y>2</y></point><dx>0</dx><label/></ns1:Move>");
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(EnvelopeBuilderTest, "soap");
