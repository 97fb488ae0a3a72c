#include "SoapTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using Poco::JSON::Array;
using Poco::JSON::Object;
using soaptest::makeRoute;
using soaptest::parseObject;

namespace
{

Object::Ptr pathItem(const std::string& children, const std::string& routePath,
                     const std::vector<std::string>& params = {})
{
    return parseObject(makeRoute(children, params)->openApiPathItem(routePath));
}

Object::Ptr requestSchema(const Object::Ptr& item)
{
    return item->getObject("post")
        ->getObject("requestBody")
        ->getObject("content")
        ->getObject("application/json")
        ->getObject("schema");
}

Object::Ptr responseSchema(const Object::Ptr& item)
{
    return item->getObject("post")
        ->getObject("responses")
        ->getObject("200")
        ->getObject("content")
        ->getObject("application/json")
        ->getObject("schema");
}

std::string text(const Poco::Dynamic::Var& value)
{
    return toJsonText(value);
}

} // namespace

class OpenApiBuilderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OpenApiBuilderTest);
    CPPUNIT_TEST(testFixedOperation);
    CPPUNIT_TEST(testOperationParameterRoute);
    CPPUNIT_TEST(testSchemaDetails);
    CPPUNIT_TEST(testArrayOfWrappersAndRecursion);
    CPPUNIT_TEST(testPathParametersLeaveTheBody);
    CPPUNIT_TEST(testUntyped);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFixedOperation()
    {
        const Object::Ptr item =
            pathItem("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>", "/api/add");
        CPPUNIT_ASSERT(!item->has("parameters"));
        const Object::Ptr post = item->getObject("post");
        CPPUNIT_ASSERT_EQUAL(std::string("test.Add"), post->getValue<std::string>("operationId"));
        CPPUNIT_ASSERT(post->getObject("requestBody")->getValue<bool>("required"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"type":"object","properties":{"intA":{"type":"integer","format":"int32"},)"
                        R"("intB":{"type":"integer","format":"int32"}},"required":["intA","intB"],)"
                        R"("additionalProperties":false})"),
            text(requestSchema(item)));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"type":"object","properties":{"AddResult":{"type":"integer","format":"int32"}},)"
                        R"("required":["AddResult"],"additionalProperties":true})"),
            text(responseSchema(item)));
        const Object::Ptr responses = post->getObject("responses");
        for (const char* status : {"200", "400", "502", "504"})
            CPPUNIT_ASSERT_MESSAGE(status, responses->has(status));
        CPPUNIT_ASSERT(!responses->has("404"));
        CPPUNIT_ASSERT(responses->getObject("400")->getObject("content")->has("application/problem+json"));
    }

    void testOperationParameterRoute()
    {
        const Object::Ptr item =
            pathItem("<wsdl>wsdl/calculator.wsdl</wsdl><operation>{operation}</operation>"
                     "<faults><fault code=\"Throttled\" status=\"429\"/></faults>",
                     "/api/calculator/{operation}", {"operation"});
        const Array::Ptr parameters = item->getArray("parameters");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), parameters->size());
        const Object::Ptr parameter = parameters->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("operation"), parameter->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("path"), parameter->getValue<std::string>("in"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"type":"string","enum":["Add","Subtract","Multiply","Divide"]})"),
            text(parameter->getObject("schema")));
        const Array::Ptr anyOf = requestSchema(item)->getArray("anyOf");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), anyOf->size());
        CPPUNIT_ASSERT_EQUAL(std::string("Subtract"), anyOf->getObject(1)->getValue<std::string>("title"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), responseSchema(item)->getArray("anyOf")->size());
        CPPUNIT_ASSERT(responseSchema(item)
                           ->getArray("anyOf")
                           ->getObject(3)
                           ->getObject("properties")
                           ->has("DivideResult"));
        const Object::Ptr responses = item->getObject("post")->getObject("responses");
        CPPUNIT_ASSERT(responses->has("404"));
        CPPUNIT_ASSERT(responses->has("429"));

        const Object::Ptr concrete = item->getObject("x-portico-concrete-paths");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), concrete->size());
        for (const char* name : {"Add", "Subtract", "Multiply", "Divide"})
        {
            const std::string path = std::string("/api/calculator/") + name;
            CPPUNIT_ASSERT_MESSAGE(path, concrete->has(path));
            const Object::Ptr operation = concrete->getObject(path);
            CPPUNIT_ASSERT(!operation->has("parameters")); // the operation is fixed in the path
            CPPUNIT_ASSERT_EQUAL("test." + std::string(name),
                                 operation->getObject("post")->getValue<std::string>("operationId"));
            CPPUNIT_ASSERT(
                responseSchema(operation)->getObject("properties")->has(std::string(name) + "Result"));
        }
    }

    void testSchemaDetails()
    {
        const Object::Ptr item =
            pathItem("<wsdl>shop.wsdl</wsdl><operation>PlaceOrder</operation>", "/orders");
        const Object::Ptr request = requestSchema(item);
        const Object::Ptr properties = request->getObject("properties");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string"})"), text(properties->get("@channel")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(["customer","items","note"])"), text(request->get("required")));
        CPPUNIT_ASSERT_EQUAL(std::string("Exactly one of: pickup, delivery."),
                             request->getValue<std::string>("description"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string","nullable":true})"),
                             text(properties->get("note")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string","format":"date-time"})"),
                             text(properties->get("placed")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"array","items":{"type":"string"},"maxItems":5})"),
                             text(properties->get("tags")));
        const Object::Ptr items = properties->getObject("items");
        CPPUNIT_ASSERT_EQUAL(std::string("array"), items->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(1, items->getValue<int>("minItems"));
        CPPUNIT_ASSERT(!items->has("maxItems"));
        const Object::Ptr item0 = items->getObject("items")->getObject("properties");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string","enum":["red","green","blue"]})"),
                             text(item0->get("colour")));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"type":"object","properties":{"@currency":{"type":"string"},)"
                R"("#text":{"type":"number"}},"required":["@currency"],"additionalProperties":false})"),
            text(item0->get("price")));
        // The extension's base elements come first.
        const Object::Ptr customer = properties->getObject("customer");
        std::string names;
        for (const std::string& name : customer->getObject("properties")->getNames())
            names += (names.empty() ? "" : ",") + name;
        CPPUNIT_ASSERT_EQUAL(std::string("@id,name,address,vip,birthday"), names);
        const Object::Ptr types =
            requestSchema(pathItem("<wsdl>shop.wsdl</wsdl><operation>CheckTypes</operation>", "/t"))
                ->getObject("properties");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"integer","format":"int64"})"),
                             text(types->get("aLong")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"integer","minimum":-32768,"maximum":32767})"),
                             text(types->get("aShort")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"integer","minimum":0})"),
                             text(types->get("anUnsignedLong")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"integer","minimum":1})"), text(types->get("aPositive")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"number","format":"double"})"),
                             text(types->get("aDouble")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"boolean"})"), text(types->get("aBoolean")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string","format":"date"})"), text(types->get("aDate")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string","format":"byte"})"),
                             text(types->get("aBase64")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string","description":"xs:token"})"),
                             text(types->get("aToken")));
    }

    void testArrayOfWrappersAndRecursion()
    {
        const Object::Ptr continents = responseSchema(
            pathItem("<wsdl>wsdl/CountryInfoService.wsdl</wsdl><operation>ListOfContinentsByName</operation>",
                     "/continents"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"type":"object","properties":{"ListOfContinentsByNameResult":{"type":"object","properties":)"
                R"({"tContinent":{"type":"array","items":{"type":"object","properties":{"sCode":{"type":"string"},)"
                R"("sName":{"type":"string"}},"required":["sCode","sName"],"additionalProperties":false,)"
                R"("nullable":true}}},"additionalProperties":false}},"required":["ListOfContinentsByNameResult"],)"
                R"("additionalProperties":true})"),
            text(continents));
        const Object::Ptr empty = requestSchema(pathItem(
            "<wsdl>wsdl/CountryInfoService.wsdl</wsdl><operation>ListOfContinentsByName</operation>", "/c"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"object","properties":{},"additionalProperties":false})"),
                             text(empty));
        CPPUNIT_ASSERT(
            !pathItem(
                 "<wsdl>wsdl/CountryInfoService.wsdl</wsdl><operation>ListOfContinentsByName</operation>",
                 "/c")
                 ->getObject("post")
                 ->getObject("requestBody")
                 ->getValue<bool>("required"));

        const Object::Ptr category =
            responseSchema(pathItem("<wsdl>shop.wsdl</wsdl><operation>GetCategory</operation>", "/c"))
                ->getObject("properties")
                ->getObject("category");
        const Object::Ptr sub = category->getObject("properties")->getObject("sub");
        CPPUNIT_ASSERT_EQUAL(std::string("array"), sub->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"x({"type":"object","description":"recursive or deeply nested type 'Category' (not expanded)"})x"),
            text(sub->get("items")));
    }

    void testPathParametersLeaveTheBody()
    {
        const Object::Ptr item =
            pathItem("<wsdl>rpc.wsdl</wsdl><operation>Move</operation>", "/move/{label}", {"label"});
        const Array::Ptr parameters = item->getArray("parameters");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), parameters->size());
        CPPUNIT_ASSERT_EQUAL(std::string("label"), parameters->getObject(0)->getValue<std::string>("name"));
        const Object::Ptr request = requestSchema(item);
        CPPUNIT_ASSERT(!request->getObject("properties")->has("label"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(["point","dx"])"), text(request->get("required")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"number"})"),
                             text(responseSchema(item)->getObject("properties")->get("distance")));
    }

    void testUntyped()
    {
        const Object::Ptr item =
            pathItem("<endpoint>http://h/</endpoint><operation>{op}</operation><namespace>urn:x</namespace>"
                     "<soapAction/>",
                     "/legacy/{op}", {"op"});
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string"})"),
                             text(item->getArray("parameters")->getObject(0)->get("schema")));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"object","additionalProperties":true})"),
                             text(requestSchema(item)));
        CPPUNIT_ASSERT(!item->has("x-portico-concrete-paths"));
        const Object::Ptr fixed =
            pathItem("<endpoint>http://h/</endpoint><operation>Ping</operation><namespace>urn:x</namespace>"
                     "<soapAction/>",
                     "/ping");
        CPPUNIT_ASSERT_EQUAL(std::string("test.Ping"),
                             fixed->getObject("post")->getValue<std::string>("operationId"));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(OpenApiBuilderTest, "soap");
