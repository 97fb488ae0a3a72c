// The soap adapter end to end: real porticod with the soap plugin in front of a real SOAP
// service (spyne, started by the test), its WSDL fetched over http.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/ScriptService.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>
#include <portico/plugin/PluginAbi.h>

#include <set>
#include <sstream>

using namespace portico::test;

namespace
{

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class SoapTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SoapTest);
    CPPUNIT_TEST(testAddReturnsTypedJson);
    CPPUNIT_TEST(testEveryCalculatorOperation);
    CPPUNIT_TEST(testArraysInAndOut);
    CPPUNIT_TEST(testNilRoundTrip);
    CPPUNIT_TEST(testClientFaultIs400WithFaultFields);
    CPPUNIT_TEST(testFaultMappedTo404);
    CPPUNIT_TEST(testBadValueIs400NamingTheField);
    CPPUNIT_TEST(testUnknownFieldIs400);
    CPPUNIT_TEST(testUnreachableEndpointIs502);
    CPPUNIT_TEST(testOpenApiDescribesOperations);
    CPPUNIT_TEST(testAdminListsSoapPlugin);
    CPPUNIT_TEST(testConfigErrorsPointAtTheNestedNode);
    CPPUNIT_TEST(testCachedReadByItsJsonBody);
    CPPUNIT_TEST(testConnectionsToTheServiceAreKeptAlive);
    CPPUNIT_TEST(testAnUnmappableOperationLeavesTheOthersServing);
    CPPUNIT_TEST(testReplyHeaderIsPassedOnTyped);
    CPPUNIT_TEST(testDerivedTypesAndAnyTypeAgainstTheService);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _callLog = _folder->file("soap-calls.log");
        _service =
            std::make_unique<ScriptService>(*_folder, "soap-service", "tests/demo/soap/calculator_service.py",
                                            std::vector<std::string>{"--headers-log=" + _callLog});
        _wsdlUrl = "http://" + _service->address() + "/?wsdl";
        _plugins = privatePluginFolder(*_folder, "soap");
        _deadPort = freePort();
        std::string routes =
            "<route name=\"calculator\" path=\"/api/calculator/{operation}\" methods=\"POST\">\n"
            "  <adapter type=\"soap\"><wsdl>" +
            _wsdlUrl +
            "</wsdl><operation>{operation}</operation><timeout>10s</timeout>\n"
            "    <faults><fault code=\"NotFound\" status=\"404\"/></faults></adapter>\n"
            "</route>\n"
            "<route name=\"dead\" path=\"/api/dead/{operation}\" methods=\"POST\">\n"
            "  <adapter type=\"soap\"><wsdl>" +
            _wsdlUrl + "</wsdl><endpoint>http://127.0.0.1:" + std::to_string(_deadPort) +
            "/</endpoint><operation>{operation}</operation><timeout>2s</timeout></adapter>\n"
            "</route>\n"
            "<route name=\"cached\" path=\"/api/cached/{operation}\" methods=\"POST\">\n"
            "  <cache ttl=\"1m\" methods=\"GET,POST\"/>\n"
            "  <adapter type=\"soap\"><wsdl>" +
            _wsdlUrl +
            "</wsdl><operation>{operation}</operation><timeout>10s</timeout></adapter>\n"
            "</route>\n";
        std::string config = pluginGatewayConfig(_plugins, routes);
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    void tearDown() override
    {
        _gateway.reset();
        _service.reset();
        _folder.reset();
    }

    void testCachedReadByItsJsonBody()
    {
        // A SOAP read arrives as POST: keyed by the operation and what the JSON body means.
        const HttpResponse miss = _gateway->request(postJson("/api/cached/Add", R"({"a":2,"b":3})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(miss.body, 200, miss.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), miss.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(5, parseObject(miss.body)->getValue<int>("AddResult"));
        _service.reset(); // the SOAP service is gone: only the store can answer now
        const HttpResponse hit = _gateway->request(postJson("/api/cached/Add", "{ \"b\" : 3,\n  \"a\": 2 }"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(hit.body, 200, hit.status);
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), hit.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(miss.body, hit.body);
        // Another body, or another operation, was never stored.
        const HttpResponse other = _gateway->request(postJson("/api/cached/Add", R"({"a":2,"b":4})"));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), other.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(502, other.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("MISS"),
            _gateway->request(postJson("/api/cached/Subtract", R"({"a":2,"b":3})")).header("x-cache"));
        // A body that is not JSON is not cached (and the adapter refuses it).
        const HttpResponse broken = _gateway->request(postJson("/api/cached/Add", R"({"a":)"));
        CPPUNIT_ASSERT_EQUAL(std::string("BYPASS"), broken.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(400, broken.status);
    }

    // The service's own WSDL with one more operation, Legacy, in SOAP encoding (use="encoded"),
    // which the adapter does not map: written to the test's folder.
    std::string wsdlWithAnUnmappableOperation()
    {
        const std::size_t colon = _service->address().rfind(':');
        RawHttpClient client(_service->address().substr(0, colon),
                             static_cast<unsigned short>(std::stoi(_service->address().substr(colon + 1))));
        std::string wsdl = client.request("GET /?wsdl HTTP/1.1\r\nHost: soap\r\n\r\n").body;
        const auto insertBefore = [&](const std::string& marker, const std::string& text)
        {
            const std::size_t at = wsdl.find(marker);
            CPPUNIT_ASSERT_MESSAGE("no " + marker + " in the service's WSDL", at != std::string::npos);
            wsdl.insert(at, text);
        };
        insertBefore("<wsdl:portType",
                     "<wsdl:message name=\"Legacy\"><wsdl:part name=\"value\" type=\"xs:string\"/>"
                     "</wsdl:message>\n");
        insertBefore("</wsdl:portType>", "<wsdl:operation name=\"Legacy\"><wsdl:input name=\"Legacy\" "
                                         "message=\"tns:Legacy\"/><wsdl:output name=\"AddResponse\" "
                                         "message=\"tns:AddResponse\"/></wsdl:operation>\n");
        insertBefore(
            "</wsdl:binding>",
            "<wsdl:operation name=\"Legacy\"><wsdlsoap11:operation soapAction=\"Legacy\" style=\"rpc\"/>"
            "<wsdl:input name=\"Legacy\"><wsdlsoap11:body use=\"encoded\" "
            "namespace=\"http://portico.example/calculator\" "
            "encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"/></wsdl:input>"
            "<wsdl:output name=\"AddResponse\"><wsdlsoap11:body use=\"literal\"/></wsdl:output>"
            "</wsdl:operation>\n");
        const std::string path = _folder->file("legacy.wsdl");
        writeFile(path, wsdl);
        return path;
    }

    void testAnUnmappableOperationLeavesTheOthersServing()
    {
        const std::string wsdl = wsdlWithAnUnmappableOperation();
        const auto routes = [&](const std::string& adapterAttributes)
        {
            return "<route name=\"partial\" path=\"/api/partial/{operation}\" methods=\"POST\">\n"
                   "  <adapter type=\"soap\"" +
                   adapterAttributes + "><wsdl>" + wsdl + "</wsdl><endpoint>http://" + _service->address() +
                   "/</endpoint><operation>{operation}</operation></adapter>\n</route>\n";
        };
        // --check-config warns and passes; with strict="true" the same route is an error.
        TempDirectory checks;
        const ConfigCheckResult lenient = checkConfig(checks, pluginGatewayConfig(_plugins, routes("")));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(lenient.output, 0, lenient.exitCode);
        CPPUNIT_ASSERT_MESSAGE(lenient.output,
                               lenient.output.find("operation 'Legacy' is unavailable (answered 501") !=
                                   std::string::npos);
        CPPUNIT_ASSERT(lenient.output.find("use=\"encoded\"") != std::string::npos);
        const ConfigCheckResult strict =
            checkConfig(checks, pluginGatewayConfig(_plugins, routes(" strict=\"true\"")));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(strict.output, 1, strict.exitCode);
        CPPUNIT_ASSERT_MESSAGE(strict.output, strict.output.find(strict.path + ":") != std::string::npos &&
                                                  strict.output.find("use=\"encoded\"") != std::string::npos);

        // Served: the other operations work, Legacy answers 501 naming the construct and the line.
        _gateway.reset();
        _gateway = std::make_unique<Gateway>(*_folder, pluginGatewayConfig(_plugins, routes("")));
        const HttpResponse add = _gateway->request(postJson("/api/partial/Add", R"({"a":2,"b":3})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(add.body, 200, add.status);
        CPPUNIT_ASSERT_EQUAL(5, parseObject(add.body)->getValue<int>("AddResult"));
        const HttpResponse legacy = _gateway->request(postJson("/api/partial/Legacy", R"({"value":"x"})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(legacy.body, 501, legacy.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), legacy.header("content-type"));
        const std::string detail = parseObject(legacy.body)->getValue<std::string>("detail");
        CPPUNIT_ASSERT_MESSAGE(detail,
                               detail.find("operation 'Legacy' cannot be called through this gateway: "
                                           "use=\"encoded\" (SOAP encoding)") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(detail, detail.find("legacy.wsdl:") != std::string::npos);
        // Left out of the OpenAPI document, listed by /admin/routes with the reason.
        const std::string openApi = _gateway->get("/openapi.json").body;
        CPPUNIT_ASSERT(openApi.find("/api/partial/Add") != std::string::npos);
        CPPUNIT_ASSERT(openApi.find("/api/partial/Legacy") == std::string::npos);
        const HttpResponse routesListed = adminCall(*_gateway, "GET", "/admin/routes");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(routesListed.body, 200, routesListed.status);
        Poco::JSON::Array::Ptr listed =
            Poco::JSON::Parser().parse(routesListed.body).extract<Poco::JSON::Array::Ptr>();
        Poco::JSON::Object::Ptr handler = listed->getObject(0)->getObject("handler");
        Poco::JSON::Array::Ptr unavailable = handler->getArray("unavailable");
        CPPUNIT_ASSERT_MESSAGE(routesListed.body, unavailable && unavailable->size() == 1);
        CPPUNIT_ASSERT_EQUAL(std::string("Legacy"), unavailable->getObject(0)->getValue<std::string>("name"));
        CPPUNIT_ASSERT(unavailable->getObject(0)->getValue<std::string>("reason").find("use=\"encoded\"") !=
                       std::string::npos);
    }

    void testReplyHeaderIsPassedOnTyped()
    {
        // The service's OpenSession answers with a SessionTicket header block that its WSDL
        // declares on the output: it arrives typed (expires is an xs:int), before the body's members.
        const HttpResponse response =
            _gateway->request(postJson("/api/calculator/OpenSession", R"({"user":"ann"})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"soap:Header":{"SessionTicket":{"ticket":"T-ann","expires":300}},)"
                        R"("OpenSessionResult":"welcome ann"})"),
            response.body);
        // An operation whose reply has no header is unchanged.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"AddResult":5})"),
                             _gateway->request(postJson("/api/calculator/Add", R"({"a":2,"b":3})")).body);
    }

    void testDerivedTypesAndAnyTypeAgainstTheService()
    {
        // Ship takes a Parcel, which spyne's WSDL extends into Letter and Box: "@xsi:type" picks
        // one, the service reads it by its xsi:type, and answers with the other, named the same way.
        HttpResponse response = _gateway->request(postJson(
            "/api/calculator/Ship", R"({"parcel":{"@xsi:type":"Box","weight":2.5,"width":3,"height":4}})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"ShipResult":{"@xsi:type":"Letter","weight":2.5,"registered":true}})"),
            response.body);
        response = _gateway->request(postJson(
            "/api/calculator/Ship", R"({"parcel":{"@xsi:type":"Letter","weight":2,"registered":false}})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"ShipResult":{"@xsi:type":"Box","weight":2,"width":1,"height":3}})"),
            response.body);
        // Without "@xsi:type" the declared Parcel is sent, which the service refuses as a Client fault.
        response = _gateway->request(postJson("/api/calculator/Ship", R"({"parcel":{"weight":1}})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 400, response.status);
        CPPUNIT_ASSERT(response.body.find("a Parcel must be a Letter or a Box") != std::string::npos);
        response = _gateway->request(postJson("/api/calculator/Ship", R"({"parcel":{"@xsi:type":"Crate"}})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 400, response.status);
        CPPUNIT_ASSERT(response.body.find("one of Parcel, Box, Letter") != std::string::npos);

        // EchoAny's value is xs:anyType: untyped content goes out and comes back as it was.
        response = _gateway->request(
            postJson("/api/calculator/EchoAny", R"({"value":{"item":{"@id":"7","name":"x"}}})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"EchoAnyResult":{"item":{"@id":"7","name":"x"}}})"),
                             response.body);
    }

    void testConnectionsToTheServiceAreKeptAlive()
    {
        // Sequential calls, each from a fresh client connection (landing on either event loop):
        // the service sees at most one connection per loop, each carrying many calls.
        for (int i = 0; i < 20; ++i)
        {
            const HttpResponse response = _gateway->request(
                postJson("/api/calculator/Add", "{\"a\":" + std::to_string(i) + ",\"b\":1}"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
            CPPUNIT_ASSERT_EQUAL(i + 1, parseObject(response.body)->getValue<int>("AddResult"));
        }
        std::set<std::string> peerPorts;
        std::istringstream calls(readFile(_callLog));
        std::size_t posts = 0;
        for (std::string line; std::getline(calls, line); ++posts)
        {
            peerPorts.insert(parseObject(line)->getValue<std::string>("peer_port"));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), posts);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(peerPorts.size()) + " connections carried 20 calls",
                               !peerPorts.empty() && peerPorts.size() <= 2);
    }

    void testAddReturnsTypedJson()
    {
        HttpResponse response = _gateway->request(postJson("/api/calculator/Add", R"({"a":2,"b":3})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT(response.header("content-type").find("application/json") == 0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), response.header("x-request-id").size());
        Poco::JSON::Object::Ptr result = parseObject(response.body);
        CPPUNIT_ASSERT(result->get("AddResult").isInteger());
        CPPUNIT_ASSERT_EQUAL(5, result->getValue<int>("AddResult"));
    }

    void testEveryCalculatorOperation()
    {
        struct Case
        {
            const char* operation;
            int expected;
        };
        for (const Case& c : {Case{"Add", 19}, Case{"Subtract", 11}, Case{"Multiply", 60}, Case{"Divide", 3}})
        {
            HttpResponse response = _gateway->request(
                postJson(std::string("/api/calculator/") + c.operation, R"({"a":15,"b":4})"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                c.operation, c.expected,
                parseObject(response.body)->getValue<int>(std::string(c.operation) + "Result"));
        }
    }

    void testArraysInAndOut()
    {
        HttpResponse average =
            _gateway->request(postJson("/api/calculator/Average", R"({"values":{"double":[1.5,2.5,5]}})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(average.body, 200, average.status);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3.0, parseObject(average.body)->getValue<double>("AverageResult"), 1e-9);

        HttpResponse split =
            _gateway->request(postJson("/api/calculator/Split", R"({"text":"one two three"})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(split.body, 200, split.status);
        Poco::JSON::Array::Ptr words = parseObject(split.body)->getObject("SplitResult")->getArray("string");
        CPPUNIT_ASSERT(!words.isNull());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), words->size());
        CPPUNIT_ASSERT_EQUAL(std::string("three"), words->getElement<std::string>(2));

        // One element of a maxOccurs="unbounded" element is still an array.
        HttpResponse single = _gateway->request(postJson("/api/calculator/Split", R"({"text":"alone"})"));
        Poco::JSON::Array::Ptr one = parseObject(single.body)->getObject("SplitResult")->getArray("string");
        CPPUNIT_ASSERT(!one.isNull());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), one->size());
    }

    void testNilRoundTrip()
    {
        HttpResponse response = _gateway->request(
            postJson("/api/calculator/Describe",
                     R"({"person":{"name":"Ada","nickname":null,"age":36,"active":true}})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Object::Ptr person = parseObject(response.body)->getObject("DescribeResult");
        CPPUNIT_ASSERT(!person.isNull());
        CPPUNIT_ASSERT_EQUAL(std::string("Ada"), person->getValue<std::string>("name"));
        CPPUNIT_ASSERT(person->has("nickname") && person->isNull("nickname"));
        CPPUNIT_ASSERT_EQUAL(36, person->getValue<int>("age"));
        CPPUNIT_ASSERT(person->get("active").type() == typeid(bool));
        CPPUNIT_ASSERT(person->getValue<bool>("active"));
    }

    void testClientFaultIs400WithFaultFields()
    {
        HttpResponse response = _gateway->request(postJson("/api/calculator/Divide", R"({"a":1,"b":0})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 400, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
        Poco::JSON::Object::Ptr problem = parseObject(response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Client"), problem->getValue<std::string>("faultcode"));
        CPPUNIT_ASSERT_EQUAL(std::string("division by zero"), problem->getValue<std::string>("detail"));
        CPPUNIT_ASSERT_EQUAL(400, problem->getValue<int>("status"));
    }

    void testFaultMappedTo404()
    {
        HttpResponse found =
            _gateway->request(postJson("/api/calculator/FindCustomer", R"({"customerId":42})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(found.body, 200, found.status);
        HttpResponse missing =
            _gateway->request(postJson("/api/calculator/FindCustomer", R"({"customerId":7})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(missing.body, 404, missing.status);
        Poco::JSON::Object::Ptr problem = parseObject(missing.body);
        CPPUNIT_ASSERT_EQUAL(std::string("no customer 7"), problem->getValue<std::string>("detail"));
        Poco::JSON::Object::Ptr detail = problem->getObject("faultdetail");
        CPPUNIT_ASSERT(!detail.isNull());
        CPPUNIT_ASSERT(detail->has("CustomerNotFound"));
    }

    void testBadValueIs400NamingTheField()
    {
        HttpResponse response = _gateway->request(postJson("/api/calculator/Add", R"({"a":"abc","b":3})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 400, response.status);
        CPPUNIT_ASSERT(parseObject(response.body)->getValue<std::string>("detail").find("a") !=
                       std::string::npos);
        HttpResponse overflow =
            _gateway->request(postJson("/api/calculator/Add", R"({"a":3000000000,"b":3})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(overflow.body, 400, overflow.status);
        HttpResponse broken = _gateway->request(postJson("/api/calculator/Add", R"({"a":)"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(broken.body, 400, broken.status);
    }

    void testUnknownFieldIs400()
    {
        HttpResponse response = _gateway->request(postJson("/api/calculator/Add", R"({"a":1,"b":2,"c":3})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 400, response.status);
        CPPUNIT_ASSERT(parseObject(response.body)->getValue<std::string>("detail").find("c") !=
                       std::string::npos);
        HttpResponse operation = _gateway->request(postJson("/api/calculator/Power", R"({"a":1})"));
        CPPUNIT_ASSERT(operation.status == 404 || operation.status == 400);
    }

    void testUnreachableEndpointIs502()
    {
        HttpResponse response = _gateway->request(postJson("/api/dead/Add", R"({"a":1,"b":2})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 502, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
        // Failing again and again, the endpoint's circuit breaker opens (5 failures in a row, on
        // whichever event loops): then 503 at once with Retry-After, nothing sent.
        int open = 0;
        for (int i = 0; i < 14; ++i)
        {
            HttpResponse again = _gateway->request(postJson("/api/dead/Add", R"({"a":1,"b":2})"));
            CPPUNIT_ASSERT(again.status == 502 || again.status == 503);
            if (again.status != 503) continue;
            ++open;
            CPPUNIT_ASSERT(again.body.find("circuit breaker") != std::string::npos);
            CPPUNIT_ASSERT(std::stoi(again.header("retry-after")) >= 1);
        }
        CPPUNIT_ASSERT_EQUAL(10, open);
        // One breaker for the endpoint, shown with the adapters' peers.
        RawHttpClient admin("127.0.0.1", _gateway->adminPort());
        HttpResponse peers =
            admin.request(simpleRequest("GET", "/admin/peers", "Authorization: Bearer test-admin-token\r\n"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(peers.body, 200, peers.status);
        Poco::JSON::Array::Ptr list =
            Poco::JSON::Parser().parse(peers.body).extract<Poco::JSON::Array::Ptr>();
        bool shown = false;
        for (std::size_t i = 0; i < list->size(); ++i)
        {
            Poco::JSON::Object::Ptr peer = list->getObject(static_cast<unsigned>(i));
            if (peer->getValue<std::string>("kind") != "http") continue;
            if (peer->getValue<int>("failures") != 5) continue; // the dead endpoint, not the live one
            CPPUNIT_ASSERT_EQUAL(std::string("open"), peer->getValue<std::string>("circuit"));
            CPPUNIT_ASSERT_EQUAL(1, peer->getValue<int>("circuitOpened"));
            shown = true;
        }
        CPPUNIT_ASSERT_MESSAGE(peers.body, shown);
    }

    void testOpenApiDescribesOperations()
    {
        HttpResponse response = _gateway->get("/openapi.json");
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        Poco::JSON::Object::Ptr document = parseObject(response.body);
        CPPUNIT_ASSERT(document->getValue<std::string>("openapi").rfind("3.0", 0) == 0);
        std::string text = response.body;
        // The WSDL's operations and their typed fields are in the document.
        CPPUNIT_ASSERT(text.find("Add") != std::string::npos);
        CPPUNIT_ASSERT(text.find("AddResult") != std::string::npos);
        CPPUNIT_ASSERT(text.find("integer") != std::string::npos);
    }

    void testAdminListsSoapPlugin()
    {
        RawHttpClient client("127.0.0.1", _gateway->adminPort());
        HttpResponse response = client.request(
            simpleRequest("GET", "/admin/plugins", "Authorization: Bearer test-admin-token\r\n"));
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT(response.body.find("\"soap\"") != std::string::npos);
        CPPUNIT_ASSERT(response.body.find("\"abiVersion\":" + std::to_string(portico::plugin::abiVersion)) !=
                       std::string::npos);
    }

    // The adapter's own errors name the line and column of the element or attribute concerned.
    void testConfigErrorsPointAtTheNestedNode()
    {
        const std::string routes =
            "<route name=\"legacy\" path=\"/api/legacy/{operation}\" methods=\"POST\">\n"
            "  <adapter type=\"soap\">\n"
            "    <endpoint>http://127.0.0.1:1/</endpoint><namespace>urn:x</namespace>\n"
            "    <soapAction></soapAction><operation>{operation}</operation>\n"
            "    <version>1.3</version>\n"
            "    <wsSecurity username=\"u\" password=\"p\" type=\"Digest\"/>\n"
            "  </adapter>\n"
            "</route>\n";
        TempDirectory folder;
        assertRefusedAt(
            checkConfig(folder, pluginGatewayConfig(_plugins, routes)),
            {{"<version>", "route 'legacy': <version>: '1.3' is not a SOAP version (1.1 or 1.2)"},
             {"type=\"Digest\"", "route 'legacy': invalid value 'Digest' for 'type' on <wsSecurity>"}});
    }

private:
    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<ScriptService> _service;
    std::string _callLog; // one JSON line per POST the service received
    std::string _wsdlUrl;
    std::unique_ptr<Gateway> _gateway;
    std::string _plugins;
    unsigned short _deadPort = 0;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SoapTest, "soap");
