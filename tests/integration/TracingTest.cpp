// W3C trace context through a real porticod: a client's traceparent continued (same trace id, the
// gateway's span as the upstream's parent, tracestate passed on) to a proxied upstream and to a
// real SOAP service through the soap adapter; a trace started when the client sent none or a
// malformed one (its tracestate then dropped); the trace id in the access log and the audit row.

#include "support/GatewayFixture.h"
#include "support/ScriptService.h"
#include "support/SqliteTool.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace portico::test;

namespace
{

const std::string clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
const std::string clientParent = "00f067aa0ba902b7";
const std::string clientTraceparent = "00-" + clientTrace + "-" + clientParent + "-01";

bool isTraceparent(const std::string& value)
{
    if (value.size() != 55 || value.compare(0, 3, "00-") != 0 || value[35] != '-' || value[52] != '-')
        return false;
    return value.find_first_not_of("0123456789abcdef-") == std::string::npos;
}

Poco::JSON::Object::Ptr parse(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class TracingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TracingTest);
    CPPUNIT_TEST(testClientTraceContinuedToProxiedUpstream);
    CPPUNIT_TEST(testTraceStartedWhenAbsentOrMalformed);
    CPPUNIT_TEST(testTraceReachesSoapService);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        _soapLog = _folder->file("soap-headers.log");
        _soap =
            std::make_unique<ScriptService>(*_folder, "soap-service", "tests/demo/soap/calculator_service.py",
                                            std::vector<std::string>{"--headers-log", _soapLog});
        const std::string routes =
            "<route name=\"echo\" path=\"/echo/{id}\"><proxy url=\"" + _upstream->url() +
            "\" path=\"/echo/{id}\"/></route>\n"
            "<route name=\"calculator\" path=\"/api/calculator/{operation}\" methods=\"POST\">\n"
            "  <adapter type=\"soap\"><wsdl>http://" +
            _soap->address() + "/?wsdl</wsdl><operation>{operation}</operation></adapter>\n</route>\n";
        std::string config = pluginGatewayConfig(privatePluginFolder(*_folder, "soap"), routes);
        config.insert(config.find("  </server>"),
                      "    <accessLog path=\"" + _folder->file("access.log") + "\"/>\n");
        config.insert(config.find("  <routes>"),
                      "  <audit database=\"" + _folder->file("audit.db") + "\"/>\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    void tearDown() override
    {
        _gateway.reset();
        _soap.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testClientTraceContinuedToProxiedUpstream()
    {
        const HttpResponse answer =
            _gateway->get("/echo/1", "traceparent: " + clientTraceparent +
                                         "\r\ntracestate: vendor=abc\r\nX-Request-Id: traced\r\n");
        CPPUNIT_ASSERT_EQUAL(200, answer.status);
        Poco::JSON::Object::Ptr headers = parse(answer.body)->getObject("headers");
        const std::string sent = headers->getValue<std::string>("traceparent");
        CPPUNIT_ASSERT_MESSAGE(sent, isTraceparent(sent));
        CPPUNIT_ASSERT_EQUAL(clientTrace, sent.substr(3, 32));       // the same trace
        CPPUNIT_ASSERT(sent.substr(36, 16) != clientParent);         // the gateway's own span
        CPPUNIT_ASSERT_EQUAL(std::string("01"), sent.substr(53, 2)); // sampled, as the client said
        CPPUNIT_ASSERT_EQUAL(std::string("vendor=abc"), headers->getValue<std::string>("tracestate"));
        // The trace id in the audit row and the access log.
        _gateway.reset();
        CPPUNIT_ASSERT_EQUAL(clientTrace + "\n",
                             sqlite("SELECT trace_id FROM audit_log WHERE request_id = 'traced'"));
        CPPUNIT_ASSERT_MESSAGE(accessLog(), accessLog().find("\"requestId\":\"traced\",\"traceId\":\"" +
                                                             clientTrace + "\"") != std::string::npos);
    }

    void testTraceStartedWhenAbsentOrMalformed()
    {
        const HttpResponse fresh = _gateway->get("/echo/2", "X-Request-Id: fresh\r\n");
        const std::string started =
            parse(fresh.body)->getObject("headers")->getValue<std::string>("traceparent");
        CPPUNIT_ASSERT_MESSAGE(started, isTraceparent(started));
        // Upper-case hex is malformed: a new trace, and the client's tracestate is not passed on.
        std::string upper = clientTraceparent;
        upper[3] = 'A';
        const HttpResponse malformed = _gateway->get(
            "/echo/3", "traceparent: " + upper + "\r\ntracestate: vendor=abc\r\nX-Request-Id: bad\r\n");
        Poco::JSON::Object::Ptr headers = parse(malformed.body)->getObject("headers");
        const std::string restarted = headers->getValue<std::string>("traceparent");
        CPPUNIT_ASSERT_MESSAGE(restarted, isTraceparent(restarted));
        CPPUNIT_ASSERT(restarted.substr(3, 32) != clientTrace &&
                       restarted.substr(3, 32) != started.substr(3, 32));
        CPPUNIT_ASSERT(!headers->has("tracestate"));
        _gateway.reset();
        CPPUNIT_ASSERT_EQUAL(
            started.substr(3, 32) + "\n" + restarted.substr(3, 32) + "\n",
            sqlite("SELECT trace_id FROM audit_log WHERE request_id IN ('fresh', 'bad') ORDER BY "
                   "request_id = 'bad'"));
    }

    void testTraceReachesSoapService()
    {
        const std::string json = R"({"a":2,"b":3})";
        const HttpResponse answer =
            _gateway->request("POST /api/calculator/Add HTTP/1.1\r\nHost: test\r\nContent-Type: "
                              "application/json\r\ntraceparent: " +
                              clientTraceparent +
                              "\r\ntracestate: vendor=abc\r\nX-Request-Id: soap-traced\r\nContent-Length: " +
                              std::to_string(json.size()) + "\r\n\r\n" + json);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        std::string line;
        std::ifstream log(_soapLog);
        std::getline(log, line);
        Poco::JSON::Object::Ptr seen = parse(line);
        const std::string sent = seen->getValue<std::string>("traceparent");
        CPPUNIT_ASSERT_MESSAGE(line, isTraceparent(sent));
        CPPUNIT_ASSERT_EQUAL(clientTrace, sent.substr(3, 32));
        CPPUNIT_ASSERT(sent.substr(36, 16) != clientParent);
        CPPUNIT_ASSERT_EQUAL(std::string("vendor=abc"), seen->getValue<std::string>("tracestate"));
        CPPUNIT_ASSERT_EQUAL(std::string("soap-traced"), seen->getValue<std::string>("x-request-id"));
    }

private:
    std::string sqlite(const std::string& sql) { return sqliteTool(*_folder, sql); }

    std::string accessLog()
    {
        std::ifstream file(_folder->file("access.log"));
        std::stringstream text;
        text << file.rdbuf();
        return text.str();
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<ScriptService> _soap;
    std::string _soapLog;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TracingTest, "tracing");
