// xs:any, xs:anyAttribute and xs:anyType (carried as untyped JSON both ways), substitution groups
// and abstract types named by xsi:type, on the hand-written tests/data/soap/open.wsdl.
#include "SoapTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using soaptest::makeRoute;

namespace
{

const char* const openService = "<wsdl>open.wsdl</wsdl><operation>{op}</operation>";

std::shared_ptr<const SoapRoute> route()
{
    static const std::shared_ptr<const SoapRoute> loaded = makeRoute(openService, {"op"});
    return loaded;
}

std::string envelopeOf(const std::string& operation, const std::string& json)
{
    std::string envelope, error;
    CPPUNIT_ASSERT_MESSAGE(error, soaptest::buildEnvelope(*route(), operation, json, envelope, error));
    return envelope;
}

// The body of the envelope, from the wrapper's first child on.
std::string bodyOf(const std::string& operation, const std::string& json)
{
    const std::string envelope = envelopeOf(operation, json);
    const std::size_t wrapperEnd = envelope.find('>', envelope.find("<ns1:" + operation)) + 1;
    return envelope.substr(wrapperEnd, envelope.rfind("</ns1:" + operation) - wrapperEnd);
}

std::string replyJson(const std::string& operation, const std::string& body)
{
    return soaptest::replyBody(
        *route(), operation,
        R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" )"
        R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" )"
        R"(xmlns:o="urn:example:open"><soap:Body>)" +
            body + "</soap:Body></soap:Envelope>");
}

} // namespace

class OpenContentTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OpenContentTest);
    CPPUNIT_TEST(testEveryOperationLoads);
    CPPUNIT_TEST(testWildcardsAndAnyTypeInRequests);
    CPPUNIT_TEST(testWildcardsAndAnyTypeInReplies);
    CPPUNIT_TEST(testSubstitutionGroups);
    CPPUNIT_TEST(testDerivedTypesNamedByXsiType);
    CPPUNIT_TEST(testOpenApi);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryOperationLoads()
    {
        std::vector<std::string> warnings;
        auto loaded = makeRoute(openService, {"op"}, warnings, " strict=\"true\"");
        CPPUNIT_ASSERT(loaded->unavailable().empty());
    }

    void testWildcardsAndAnyTypeInRequests()
    {
        // value (no type) and meta (xs:anyType) take any JSON: an object is untyped content in
        // the element's namespace, a plain value text with its xsi:type. Members the schema does
        // not name fill the xs:any (##other) at its place, before ttl; "{namespace}name" chooses
        // the namespace, for attributes (xs:anyAttribute) too.
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(<ns1:key>a</ns1:key><ns1:value z="q"><ns1:x>1</ns1:x><ns1:y>1</ns1:y><ns1:y>2</ns1:y>)"
                R"(</ns1:value><ns1:meta xsi:type="xsd:long">5</ns1:meta><ns2:trace>t1</ns2:trace>)"
                R"(<ns2:trace>t2</ns2:trace><ns1:ttl>3</ns1:ttl>)"),
            bodyOf("Put", R"({"ttl":3,"{urn:ext}trace":["t1","t2"],"key":"a","meta":5,)"
                          R"("value":{"x":1,"y":[1,2],"@z":"q"}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(<ns1:key>a</ns1:key><ns1:value xsi:type="xsd:string">s</ns1:value>)"
                        R"(<ns1:meta xsi:type="xsd:double">1.5</ns1:meta>)"),
            bodyOf("Put", R"({"key":"a","value":"s","meta":1.5})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(<ns1:key>a</ns1:key><ns1:value xsi:type="xsd:boolean">true</ns1:value>)"),
            bodyOf("Put", R"({"key":"a","value":true})"));
        const std::string envelope = envelopeOf("Put", R"({"key":"a","value":{},"@{urn:ext}tag":"v"})");
        SOAP_ASSERT_CONTAINS(envelope,
                             R"(<ns1:Put xmlns:ns1="urn:example:open" xmlns:ns2="urn:ext" ns2:tag="v">)");
        SOAP_ASSERT_CONTAINS(envelope, "<ns1:value/>");

        // ##other has no namespace to put a plain name in.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"("trace": the xs:any here takes elements of another namespace )"
                        R"((##other); name the member "{namespace}trace")"),
            soaptest::requestError(*route(), "Put", R"({"key":"a","value":1,"trace":"t1"})"));
        SOAP_ASSERT_CONTAINS(
            soaptest::requestError(*route(), "Put", R"({"key":"a","value":1,"{urn:x}1st":0})"),
            R"("{urn:x}1st" is not a valid XML element name)");
        SOAP_ASSERT_CONTAINS(soaptest::requestError(*route(), "Put", R"({"key":"a","value":[1,2]})"),
                             "value: expected a single value, got an array");
        // A required element is still required.
        SOAP_ASSERT_CONTAINS(soaptest::requestError(*route(), "Put", R"({"key":"a"})"),
                             R"(missing required field "value")");
        // Where the schema has no xs:anyAttribute, an unknown attribute is still refused.
        SOAP_ASSERT_CONTAINS(soaptest::requestError(*route(), "Draw", R"({"@x":1,"circle":{"radius":1}})"),
                             R"(unknown field "@x")");
    }

    void testWildcardsAndAnyTypeInReplies()
    {
        // previous (no type) is typed by its xsi:type when that names a built-in, else untyped;
        // the wildcard's elements are untyped members, in the order they came.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"stored":true,"previous":4,"audit":{"by":"me"},"note":"hi"})"),
            replyJson(
                "Put",
                R"(<o:PutResponse><o:stored>true</o:stored><o:previous xsi:type="xsd:int">4</o:previous>)"
                R"(<x:audit xmlns:x="urn:a"><x:by>me</x:by></x:audit><note>hi</note></o:PutResponse>)"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"@stamp":"7","stored":false,"previous":{"a":["1","2"]}})"),
            replyJson("Put",
                      R"(<o:PutResponse xmlns:e="urn:e" e:stamp="7"><o:stored>0</o:stored><o:previous>)"
                      R"(<o:a>1</o:a><o:a>2</o:a></o:previous></o:PutResponse>)"));
        // An xsi:type the value does not fit leaves it a string.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"stored":true,"previous":"n/a"})"),
                             replyJson("Put",
                                       R"(<o:PutResponse><o:stored>true</o:stored>)"
                                       R"(<o:previous xsi:type="xsd:int">n/a</o:previous></o:PutResponse>)"));
    }

    void testSubstitutionGroups()
    {
        // shape is abstract: circle or square stands in its place, under its own name.
        CPPUNIT_ASSERT_EQUAL(
            std::string("<ns1:circle><ns1:radius>2</ns1:radius></ns1:circle><ns1:label>c</ns1:label>"),
            bodyOf("Draw", R"({"label":"c","circle":{"radius":2}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(only one of "circle", "square" may be given (xs:choice), got "circle", "square")"),
            soaptest::requestError(*route(), "Draw", R"({"circle":{"radius":2},"square":{"side":1}})"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(one of "circle", "square" is required (xs:choice))"),
                             soaptest::requestError(*route(), "Draw", R"({"label":"x"})"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(unknown field "shape" (expected: circle, square, label))"),
                             soaptest::requestError(*route(), "Draw", R"({"shape":{}})"));
        // Where the head is one alternative of an xs:choice, each member is one more.
        CPPUNIT_ASSERT_EQUAL(std::string("<ns1:square><ns1:side>1</ns1:side></ns1:square>"),
                             bodyOf("Paint", R"({"square":{"side":1}})"));
        CPPUNIT_ASSERT_EQUAL(std::string("<ns1:background>blue</ns1:background>"),
                             bodyOf("Paint", R"({"background":"blue"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(only one of "circle", "square", "background" may be given (xs:choice), )"
                        R"(got "square", "background")"),
            soaptest::requestError(*route(), "Paint", R"({"square":{"side":1},"background":"x"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(one of "circle", "square", "background" is required (xs:choice))"),
            soaptest::requestError(*route(), "Paint", "{}"));
        // A member's content is typed by its own type, which extends the head's.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"square":{"colour":"red","side":2.5}})"),
                             replyJson("Draw", R"(<o:DrawResponse><o:square><o:colour>red</o:colour>)"
                                               R"(<o:side>2.5</o:side></o:square></o:DrawResponse>)"));
    }

    void testDerivedTypesNamedByXsiType()
    {
        // parcel's type is abstract: "@xsi:type" names the derived type, sent as xsi:type; the
        // content follows that type (Express: Box's elements and its own attribute).
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(<ns1:parcel xsi:type="ns1:Express" priority="high"><ns1:weight>2.5</ns1:weight>)"
                        R"(<ns1:width>3</ns1:width><ns1:height>4</ns1:height></ns1:parcel>)"),
            bodyOf(
                "Ship",
                R"({"parcel":{"@xsi:type":"Express","@priority":"high","weight":2.5,"width":3,"height":4}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(<ns1:parcel xsi:type="ns1:Letter"><ns1:weight>1</ns1:weight></ns1:parcel>)"),
            bodyOf("Ship", R"({"parcel":{"@xsi:type":"{urn:example:open}Letter","weight":1}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(parcel: type 'Parcel' is abstract: "@xsi:type" must name one of Letter, Box, Express)"),
            soaptest::requestError(*route(), "Ship", R"({"parcel":{"weight":2}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(parcel.@xsi:type: "Nope" is not type 'Parcel' or a type derived from )"
                        R"(it (one of Letter, Box, Express))"),
            soaptest::requestError(*route(), "Ship", R"({"parcel":{"@xsi:type":"Nope","weight":2}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(unknown field "parcel.width" (expected: weight, registered))"),
            soaptest::requestError(*route(), "Ship",
                                   R"({"parcel":{"@xsi:type":"Letter","weight":2,"width":3}})"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(parcel: expected an object with "@xsi:type", got 2)"),
                             soaptest::requestError(*route(), "Ship", R"({"parcel":2})"));

        // In replies the xsi:type picks the schema of the content, and the JSON names it.
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"parcel":{"@xsi:type":"Express","@priority":"high","weight":2.50,"width":3,"height":4},)"
                R"("price":9.90})"),
            replyJson(
                "Ship",
                R"(<o:ShipResponse><o:parcel xsi:type="o:Express" priority="high"><o:weight>2.50</o:weight>)"
                R"(<o:width>3</o:width><o:height>4</o:height></o:parcel><o:price>9.90</o:price></o:ShipResponse>)"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"parcel":{"@xsi:type":"Letter","weight":1,"registered":true},"price":1})"),
            replyJson("Ship", R"(<o:ShipResponse><o:parcel xmlns:p="urn:example:open" xsi:type="p:Letter">)"
                              R"(<o:weight>1</o:weight><o:registered>true</o:registered></o:parcel>)"
                              R"(<o:price>1</o:price></o:ShipResponse>)"));
    }

    void testOpenApi()
    {
        const Poco::JSON::Object::Ptr item = soaptest::parseObject(route()->openApiPathItem("/open/{op}"));
        const auto schemaOf = [&](const std::string& operation)
        {
            return item->getObject("x-portico-concrete-paths")
                ->getObject("/open/" + operation)
                ->getObject("post")
                ->getObject("requestBody")
                ->getObject("content")
                ->getObject("application/json")
                ->getObject("schema");
        };
        const Poco::JSON::Object::Ptr put = schemaOf("Put");
        CPPUNIT_ASSERT(put->getValue<bool>("additionalProperties"));
        SOAP_ASSERT_CONTAINS(put->getValue<std::string>("description"), "##other (xs:any)");
        SOAP_ASSERT_CONTAINS(toJsonText(put->getObject("properties")->get("value")), "xs:anyType");

        const Poco::JSON::Object::Ptr draw = schemaOf("Draw")->getObject("properties");
        CPPUNIT_ASSERT(draw->has("circle") && draw->has("square") && !draw->has("shape"));

        const Poco::JSON::Array::Ptr parcels =
            schemaOf("Ship")->getObject("properties")->getObject("parcel")->getArray("oneOf");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), parcels->size());
        const Poco::JSON::Object::Ptr express = parcels->getObject(2);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(["Express"])"),
            toJsonText(express->getObject("properties")->getObject("@xsi:type")->get("enum")));
        CPPUNIT_ASSERT(express->getObject("properties")->has("@priority"));
        SOAP_ASSERT_CONTAINS(toJsonText(express->get("required")), "@xsi:type");
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(OpenContentTest, "soap");
