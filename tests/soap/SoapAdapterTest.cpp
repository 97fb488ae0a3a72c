#include "SoapTestSupport.h"

#include "soap/SoapAdapter.h"
#include "soap/SoapAdapterFactory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <map>

using namespace portico;
using namespace portico::soap;

namespace
{

// A host whose HTTP client is driven by the test: http() records the call, the test completes it.
class FakeHost : public plugin::HostServices
{
public:
    std::vector<plugin::HttpCall> calls;
    std::vector<std::function<void(plugin::HttpResult)>> pending;
    std::map<std::string, std::string> documents; // served by httpBlocking()
    std::vector<std::string> fetched;
    std::vector<std::string> logs;

    void http(plugin::HttpCall call, std::function<void(plugin::HttpResult)> done) override
    {
        calls.push_back(std::move(call));
        pending.push_back(std::move(done));
    }

    plugin::HttpResult httpBlocking(const plugin::HttpCall& call) override
    {
        fetched.push_back(call.method + " " + call.url);
        plugin::HttpResult result;
        result.outcome = plugin::HttpResult::Outcome::Ok;
        const auto found = documents.find(call.url);
        result.status = found == documents.end() ? 404 : 200;
        if (found != documents.end()) result.body = found->second;
        return result;
    }

    void submit(std::function<void()> work) override { work(); }
    void log(plugin::LogLevel, const std::string& message) override { logs.push_back(message); }
    // The soap adapter speaks HTTP only; it never asks for a TCP stream pool.
    std::shared_ptr<plugin::StreamPool> streamPool(const plugin::StreamPoolSettings&) override
    {
        return nullptr;
    }

    void complete(plugin::HttpResult::Outcome outcome, int status = 0,
                  const std::string& body = std::string())
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pending.size());
        plugin::HttpResult result;
        result.outcome = outcome;
        result.status = status;
        result.body = body;
        result.error = "connection refused";
        auto done = std::move(pending.front());
        pending.clear();
        done(result);
    }
};

class FakeResponder : public plugin::Responder
{
public:
    int answers = 0;
    bool failed = false;
    int status = 0;
    std::string detail;
    std::string extensions;
    plugin::Response response;

    void respond(plugin::Response answer) override
    {
        ++answers;
        status = answer.status;
        response = std::move(answer);
    }

    void fail(int code, std::string text, std::string extensionsJson) override
    {
        ++answers;
        failed = true;
        status = code;
        detail = std::move(text);
        extensions = std::move(extensionsJson);
    }

    void unavailable(std::string text, std::chrono::seconds) override { fail(503, std::move(text), {}); }
};

plugin::AdapterConfig adapterConfig(const std::string& children,
                                    const std::vector<std::string>& parameters = {"operation"},
                                    const std::string& routePath = "/api/calculator/{operation}")
{
    plugin::AdapterConfig config;
    config.elementXml = "<adapter type=\"soap\">" + children + "</adapter>";
    config.baseDirectory = PORTICO_SOAP_TEST_DATA;
    config.sourceFile = "gateway.xml";
    config.line = 10;
    config.column = 7;
    config.routeName = "calculator";
    config.routePath = routePath;
    config.routeMethods = {"POST"};
    config.pathParameters = parameters;
    return config;
}

std::shared_ptr<const plugin::Request> request(const std::string& operation, const std::string& body,
                                               const plugin::Parameters& query = {})
{
    auto result = std::make_shared<plugin::Request>();
    result->method = "POST";
    result->path = "/api/calculator/" + operation;
    result->pathParams = {{"operation", operation}};
    result->queryParams = query;
    result->body = body;
    result->requestId = "req-123";
    result->routeName = "calculator";
    return result;
}

const std::string calculator =
    "<wsdl>wsdl/calculator.wsdl</wsdl><operation>{operation}</operation>"
    "<endpoint>http://127.0.0.1:8089/calculator.asmx</endpoint><timeout>2s</timeout>";

std::string header(const plugin::HttpCall& call, const std::string& name)
{
    for (const plugin::Header& field : call.headers)
    {
        if (field.name == name) return field.value;
    }
    return "(none)";
}

} // namespace

class SoapAdapterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SoapAdapterTest);
    CPPUNIT_TEST(testFactory);
    CPPUNIT_TEST(testCreateErrors);
    CPPUNIT_TEST(testSuccessfulCall);
    CPPUNIT_TEST(testRequestErrorsMakeNoCall);
    CPPUNIT_TEST(testTransportOutcomes);
    CPPUNIT_TEST(testFaultAnswer);
    CPPUNIT_TEST(testBadReplies);
    CPPUNIT_TEST(testWsdlOverHttp);
    CPPUNIT_TEST(testWarningsAreLogged);
    CPPUNIT_TEST(testPathAndQueryParameters);
    CPPUNIT_TEST(testUntypedOperationRoute);
    CPPUNIT_TEST(testOpenApiPathItem);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFactory()
    {
        SoapAdapterFactory factory;
        CPPUNIT_ASSERT_EQUAL(std::string("soap"), factory.type());
        CPPUNIT_ASSERT(!factory.description().empty());
    }

    void testCreateErrors()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        CPPUNIT_ASSERT(!factory.create(
            adapterConfig("<wsdl>wsdl/calculator.wsdl</wsdl><operation>{op}</operation>"), host, errors));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "gateway.xml:10:7: <operation>: the route path does not bind {op} (it binds: operation)"),
            errors[0]);

        errors.clear();
        CPPUNIT_ASSERT(!factory.create(adapterConfig("<wsdl>missing.wsdl</wsdl>"), host, errors));
        SOAP_ASSERT_CONTAINS(errors.at(0), "<wsdl>: cannot read '");

        errors.clear();
        CPPUNIT_ASSERT(!factory.create(
            adapterConfig("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Sum</operation>"), host, errors));
        SOAP_ASSERT_CONTAINS(errors.at(0),
                             "has no operation 'Sum' (it has: Add, Divide, Multiply, Subtract)");

        errors.clear();
        plugin::AdapterConfig broken = adapterConfig("");
        broken.elementXml = "<adapter type=\"soap\"><wsdl>x</wsdl";
        CPPUNIT_ASSERT(!factory.create(broken, host, errors));
        SOAP_ASSERT_CONTAINS(errors.at(0), "not well-formed XML");
    }

    void testSuccessfulCall()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        std::unique_ptr<plugin::Adapter> adapter = factory.create(adapterConfig(calculator), host, errors);
        CPPUNIT_ASSERT_MESSAGE(soaptest::joined(errors), adapter != nullptr);

        auto responder = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", R"({"intA":2,"intB":3})"), responder);
        CPPUNIT_ASSERT_EQUAL(0, responder->answers); // waits for the SOAP service
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.calls.size());
        const plugin::HttpCall& call = host.calls.front();
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), call.method);
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:8089/calculator.asmx"), call.url);
        CPPUNIT_ASSERT_EQUAL(2000LL, static_cast<long long>(call.timeout.count()));
        CPPUNIT_ASSERT_EQUAL(std::string("text/xml; charset=utf-8"), header(call, "Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"http://tempuri.org/Add\""), header(call, "SOAPAction"));
        CPPUNIT_ASSERT_EQUAL(std::string("req-123"), header(call, "X-Request-Id"));
        CPPUNIT_ASSERT_EQUAL(soaptest::golden("calculator-add-soap11.xml"), call.body);

        host.complete(
            plugin::HttpResult::Outcome::Ok, 200,
            R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">)"
            R"(<soap:Body><AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse>)"
            R"(</soap:Body></soap:Envelope>)");
        CPPUNIT_ASSERT_EQUAL(1, responder->answers);
        CPPUNIT_ASSERT(!responder->failed);
        CPPUNIT_ASSERT_EQUAL(200, responder->response.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), responder->response.headers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Content-Type"), responder->response.headers[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), responder->response.headers[0].value);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"AddResult":5})"), responder->response.body);
    }

    void testRequestErrorsMakeNoCall()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(adapterConfig(calculator), host, errors);

        auto unknown = std::make_shared<FakeResponder>();
        adapter->handle(request("Sum", "{}"), unknown);
        CPPUNIT_ASSERT_EQUAL(404, unknown->status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("the SOAP service has no operation 'Sum' (it has: Add, Divide, Multiply, Subtract)"),
            unknown->detail);

        auto badJson = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", R"({"intA":)"), badJson);
        CPPUNIT_ASSERT_EQUAL(400, badJson->status);
        SOAP_ASSERT_CONTAINS(badJson->detail, "invalid JSON in the request body: ");

        auto notObject = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", "[1]"), notObject);
        CPPUNIT_ASSERT_EQUAL(400, notObject->status);
        CPPUNIT_ASSERT_EQUAL(std::string("the request body must be a JSON object, not an array"),
                             notObject->detail);

        auto badValue = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", R"({"intA":"x","intB":1})"), badValue);
        CPPUNIT_ASSERT_EQUAL(400, badValue->status);
        CPPUNIT_ASSERT_EQUAL(std::string("intA: expected xs:int, got \"x\""), badValue->detail);

        auto missing = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", ""), missing);
        CPPUNIT_ASSERT_EQUAL(400, missing->status);
        CPPUNIT_ASSERT_EQUAL(std::string("missing required fields \"intA\", \"intB\""), missing->detail);

        CPPUNIT_ASSERT(host.calls.empty());
    }

    void testTransportOutcomes()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(adapterConfig(calculator), host, errors);
        const std::string body = R"({"intA":2,"intB":3})";

        auto unreachable = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", body), unreachable);
        host.complete(plugin::HttpResult::Outcome::Unreachable);
        CPPUNIT_ASSERT_EQUAL(502, unreachable->status);
        CPPUNIT_ASSERT_EQUAL(std::string("the SOAP service is unreachable: connection refused"),
                             unreachable->detail);

        auto timedOut = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", body), timedOut);
        host.complete(plugin::HttpResult::Outcome::TimedOut);
        CPPUNIT_ASSERT_EQUAL(504, timedOut->status);

        auto badHttp = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", body), badHttp);
        host.complete(plugin::HttpResult::Outcome::BadResponse);
        CPPUNIT_ASSERT_EQUAL(502, badHttp->status);
        CPPUNIT_ASSERT(badHttp->failed);
    }

    void testFaultAnswer()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(
            adapterConfig(calculator + "<faults><fault code=\"DivideByZero\" status=\"422\"/></faults>"),
            host, errors);
        auto client = std::make_shared<FakeResponder>();
        adapter->handle(request("Divide", R"({"intA":1,"intB":0})"), client);
        host.complete(
            plugin::HttpResult::Outcome::Ok, 500,
            R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>)"
            R"(<faultcode>soap:Client</faultcode><faultstring>Attempted to divide by zero.</faultstring>)"
            R"(<detail><Info>x</Info></detail></soap:Fault></soap:Body></soap:Envelope>)");
        CPPUNIT_ASSERT_EQUAL(400, client->status);
        CPPUNIT_ASSERT_EQUAL(std::string("Attempted to divide by zero."), client->detail);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"faultcode":"Client","faultdetail":{"Info":"x"}})"),
                             client->extensions);

        auto overridden = std::make_shared<FakeResponder>();
        adapter->handle(request("Divide", R"({"intA":1,"intB":0})"), overridden);
        host.complete(
            plugin::HttpResult::Outcome::Ok, 500,
            R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>)"
            R"(<faultcode>soap:Server.DivideByZero</faultcode><faultstring>nope</faultstring></soap:Fault>)"
            R"(</soap:Body></soap:Envelope>)");
        CPPUNIT_ASSERT_EQUAL(422, overridden->status);
    }

    void testBadReplies()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(adapterConfig(calculator), host, errors);

        auto doctype = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", R"({"intA":2,"intB":3})"), doctype);
        host.complete(
            plugin::HttpResult::Outcome::Ok, 200,
            R"(<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>)"
            R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&b;</soap:Body></soap:Envelope>)");
        CPPUNIT_ASSERT_EQUAL(502, doctype->status);
        SOAP_ASSERT_CONTAINS(doctype->detail, "DOCTYPE");

        auto html = std::make_shared<FakeResponder>();
        adapter->handle(request("Add", R"({"intA":2,"intB":3})"), html);
        host.complete(plugin::HttpResult::Outcome::Ok, 503, "<html><body>Service Unavailable</body></html>");
        CPPUNIT_ASSERT_EQUAL(502, html->status);
        SOAP_ASSERT_CONTAINS(html->detail, "HTTP 503");
    }

    void testWsdlOverHttp()
    {
        const std::string base = "http://wsdl.example.test/v1/";
        FakeHost host;
        host.documents[base + "imports/service.wsdl"] =
            soaptest::readText(soaptest::dataPath("imports/service.wsdl"));
        host.documents[base + "imports/abstract/orders-abstract.wsdl"] =
            soaptest::readText(soaptest::dataPath("imports/abstract/orders-abstract.wsdl"));
        host.documents[base + "imports/schemas/orders.xsd"] =
            soaptest::readText(soaptest::dataPath("imports/schemas/orders.xsd"));
        host.documents[base + "imports/schemas/common/order-common.xsd"] =
            soaptest::readText(soaptest::dataPath("imports/schemas/common/order-common.xsd"));
        SoapAdapterFactory factory;
        std::vector<std::string> errors;
        auto adapter = factory.create(
            adapterConfig("<wsdl>" + base + "imports/service.wsdl</wsdl>", {}, "/orders"), host, errors);
        CPPUNIT_ASSERT_MESSAGE(soaptest::joined(errors), adapter != nullptr);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), host.fetched.size());
        CPPUNIT_ASSERT_EQUAL("GET " + base + "imports/service.wsdl", host.fetched[0]);
        CPPUNIT_ASSERT_EQUAL("GET " + base + "imports/abstract/orders-abstract.wsdl", host.fetched[1]);
        CPPUNIT_ASSERT_EQUAL("GET " + base + "imports/schemas/orders.xsd", host.fetched[2]);
        CPPUNIT_ASSERT_EQUAL("GET " + base + "imports/schemas/common/order-common.xsd", host.fetched[3]);

        errors.clear();
        CPPUNIT_ASSERT(!factory.create(
            adapterConfig("<wsdl>http://wsdl.example.test/missing.wsdl</wsdl>", {}, "/x"), host, errors));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<wsdl>: fetching 'http://wsdl.example.test/missing.wsdl' answered HTTP 404"),
            errors.at(0));
    }

    void testWarningsAreLogged()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(
            adapterConfig("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Echo</operation>", {}, "/echo"),
            host, errors);
        CPPUNIT_ASSERT_MESSAGE(soaptest::joined(errors), adapter != nullptr);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.logs.size());
        SOAP_ASSERT_CONTAINS(host.logs[0], "route 'calculator': operation 'Echo' of binding 'OddSoap'");
        SOAP_ASSERT_CONTAINS(host.logs[0], "declares SOAP headers; the soap adapter does not send them");
    }

    void testPathAndQueryParameters()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(adapterConfig("<wsdl>shop.wsdl</wsdl><operation>CheckTypes</operation>",
                                                    {"anInt"}, "/types/{anInt}"),
                                      host, errors);
        CPPUNIT_ASSERT_MESSAGE(soaptest::joined(errors), adapter != nullptr);
        auto typed = std::make_shared<plugin::Request>();
        typed->pathParams = {{"anInt", "42"}};
        typed->queryParams = {{"aBoolean", "true"}, {"aColour", "green"}};
        typed->body = R"({"aToken":"t"})";
        auto responder = std::make_shared<FakeResponder>();
        adapter->handle(typed, responder);
        CPPUNIT_ASSERT_MESSAGE(responder->detail, host.calls.size() == 1);
        SOAP_ASSERT_CONTAINS(host.calls[0].body,
                             "<ns1:anInt>42</ns1:anInt><ns1:aBoolean>true</ns1:aBoolean>"
                             "<ns1:aToken>t</ns1:aToken><ns1:aColour>green</ns1:aColour>");

        auto badPath = std::make_shared<plugin::Request>();
        badPath->pathParams = {{"anInt", "forty-two"}};
        auto refused = std::make_shared<FakeResponder>();
        adapter->handle(badPath, refused);
        CPPUNIT_ASSERT_EQUAL(400, refused->status);
        CPPUNIT_ASSERT_EQUAL(std::string("anInt: expected xs:int, got \"forty-two\""), refused->detail);
    }

    void testUntypedOperationRoute()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(
            adapterConfig("<endpoint>http://legacy.example.test/svc</endpoint>"
                          "<operation>{operation}</operation><namespace>urn:legacy</namespace>"
                          "<soapAction>urn:legacy#{operation}</soapAction><version>1.2</version>"),
            host, errors);
        CPPUNIT_ASSERT_MESSAGE(soaptest::joined(errors), adapter != nullptr);
        auto responder = std::make_shared<FakeResponder>();
        adapter->handle(request("Ping", R"({"n":1})"), responder);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), host.calls.size());
        CPPUNIT_ASSERT_EQUAL(std::string("application/soap+xml; charset=utf-8; action=\"urn:legacy#Ping\""),
                             header(host.calls[0], "Content-Type"));
        SOAP_ASSERT_CONTAINS(host.calls[0].body,
                             "<ns1:Ping xmlns:ns1=\"urn:legacy\"><ns1:n>1</ns1:n></ns1:Ping>");
        host.complete(
            plugin::HttpResult::Outcome::Ok, 200,
            R"(<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><PingResponse><ok>1</ok>)"
            R"(</PingResponse></e:Body></e:Envelope>)");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"ok":"1"})"), responder->response.body);

        auto invalid = std::make_shared<FakeResponder>();
        adapter->handle(request("no such", "{}"), invalid);
        CPPUNIT_ASSERT_EQUAL(404, invalid->status);
        CPPUNIT_ASSERT_EQUAL(std::string("'no such' is not a valid SOAP operation name"), invalid->detail);
    }

    void testOpenApiPathItem()
    {
        SoapAdapterFactory factory;
        FakeHost host;
        std::vector<std::string> errors;
        auto adapter = factory.create(adapterConfig(calculator), host, errors);
        const Poco::JSON::Object::Ptr item =
            soaptest::parseObject(adapter->openApiPathItem("/api/calculator/{operation}"));
        CPPUNIT_ASSERT(item->has("post"));
        CPPUNIT_ASSERT(item->getObject("x-portico-concrete-paths")->has("/api/calculator/Multiply"));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SoapAdapterTest, "soap");
