// JSON and XML built to hurt a parser, through a real porticod and its soap adapter: a client's
// JSON nested 100,000 deep, and a SOAP service (tests/demo/faults/hostile_soap_service.py) whose
// replies nest 100,000 deep, carry a DTD, expand entities a billion-fold, name an external entity
// or put header lines into a fault. Each is refused with its status as problem+json, nothing of it
// reaches a header, and the gateway goes on serving.

#include "support/GatewayFixture.h"
#include "support/ScriptService.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>

using namespace portico::test;

namespace
{

const char* const modes[] = {"ok", "deep", "dtd", "entities", "external", "fault-crlf"};

// {"value":{"a":{"a":…1…}}}: the body's object and depth objects inside it.
std::string nestedJson(int depth)
{
    std::string json = "{\"value\":";
    for (int level = 0; level < depth; ++level)
        json += "{\"a\":";
    json += "1";
    json.append(static_cast<std::size_t>(depth) + 1, '}');
    return json;
}

} // namespace

class HostileDocumentsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HostileDocumentsTest);
    CPPUNIT_TEST(testDeeplyNestedJsonIsRefusedBeforeTheService);
    CPPUNIT_TEST(testHostileRepliesAre502);
    CPPUNIT_TEST(testFaultCannotInjectHeaders);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _service = std::make_unique<ScriptService>(*_folder, "hostile-soap",
                                                   "tests/demo/faults/hostile_soap_service.py");
        std::string routes;
        for (const char* mode : modes)
        {
            routes +=
                std::string("<route name=\"") + mode + "\" path=\"/" + mode +
                "/{operation}\" methods=\"POST\"><adapter type=\"soap\"><wsdl>" PORTICO_SOURCE_DIR
                "/etc/demo/calculator.wsdl</wsdl><endpoint>http://" +
                _service->address() + "/" + mode +
                "</endpoint><operation>{operation}</operation><timeout>10s</timeout></adapter></route>\n";
        }
        std::string config = pluginGatewayConfig(privatePluginFolder(*_folder, "soap"), routes);
        config.insert(config.find("  </server>"), "    <limits maxBodyBytes=\"4MiB\"/>\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    void tearDown() override
    {
        _gateway.reset();
        _service.reset();
        _folder.reset();
    }

    void testDeeplyNestedJsonIsRefusedBeforeTheService()
    {
        assertStillServing();
        const int before = serviceRequests();
        // 100 levels pass the JSON parser (128) and stop at the adapter's bound on untyped values
        // (64); the rest stop at the parser.
        for (int depth : {100, 128, 100000})
        {
            const HttpResponse refused = _gateway->request(postJson("/ok/EchoAny", nestedJson(depth)));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 400, refused.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), refused.header("content-type"));
            CPPUNIT_ASSERT_MESSAGE(refused.body,
                                   refused.body.find("depth") != std::string::npos ||
                                       refused.body.find("nested too deeply") != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(before, serviceRequests());
        // Nesting within the limit is the service's to answer.
        const HttpResponse allowed = _gateway->request(postJson("/ok/EchoAny", nestedJson(10)));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(allowed.body, 200, allowed.status);
        assertStillServing();
    }

    void testHostileRepliesAre502()
    {
        for (const char* mode : {"deep", "dtd", "entities", "external"})
        {
            const HttpResponse refused =
                _gateway->request(postJson(std::string("/") + mode + "/EchoAny", "{\"value\":1}"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(mode) + ": " + refused.body, 502, refused.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), refused.header("content-type"));
            CPPUNIT_ASSERT_MESSAGE(refused.body, refused.body.find("root:") == std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(refused.body, refused.body.find("lollol") == std::string::npos);
            assertStillServing();
        }
    }

    void testFaultCannotInjectHeaders()
    {
        const HttpResponse fault = _gateway->request(postJson("/fault-crlf/EchoAny", "{\"value\":1}"));
        CPPUNIT_ASSERT_MESSAGE(fault.body, fault.status >= 500 && fault.status < 600);
        CPPUNIT_ASSERT(!fault.has("x-injected"));
        for (const auto& [name, value] : fault.headers)
        {
            CPPUNIT_ASSERT_MESSAGE(name + ": " + value, value.find("from-") == std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(name + ": " + value, value.find('\r') == std::string::npos);
        }
        // The fault's text reaches the client only inside the JSON body, escaped.
        CPPUNIT_ASSERT_MESSAGE(fault.body, fault.body.find("\r\n") == std::string::npos);
        assertStillServing();
    }

private:
    void assertStillServing()
    {
        const HttpResponse answer = _gateway->request(postJson("/ok/EchoAny", "{\"value\":1}"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        CPPUNIT_ASSERT_MESSAGE(answer.body, answer.body.find("fine") != std::string::npos);
    }

    int serviceRequests()
    {
        const HttpResponse stats =
            RawHttpClient("127.0.0.1", _service->port()).request(simpleRequest("GET", "/stats"));
        const std::size_t colon = stats.body.find(':');
        return colon == std::string::npos ? -1 : std::stoi(stats.body.substr(colon + 1));
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<ScriptService> _service;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HostileDocumentsTest, "documents");
