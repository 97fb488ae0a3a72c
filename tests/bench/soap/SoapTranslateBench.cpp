// Drives the soap adapter's per-request path in a loop, without a network, so that its cost can be
// counted with callgrind (instructions) and memcheck (heap allocations) rather than timed on a
// shared machine. One iteration is what the gateway asks of the adapter for one
// POST /api/calculator/Add {"intA":2,"intB":3}: SoapAdapter::handle() (operation, JSON body,
// schema checks, envelope), then the reply callback with a canned AddResponse (XML parse, JSON).
//
//   portico-soap-translate-bench [ITERATIONS [WSDL]]
//
// Per-iteration figures: run twice with different ITERATIONS and divide the difference, which
// cancels the one-off cost of loading the WSDL.

#include "soap/SoapAdapterFactory.h"

#include <portico/plugin/PluginAbi.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

using namespace portico;

namespace
{

const char* const replyEnvelope =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
    "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><AddResponse "
    "xmlns=\"http://tempuri.org/\"><AddResult>5</AddResult></AddResponse></soap:Body></soap:Envelope>";

const char* const expectedEnvelope =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
    "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><ns1:Add "
    "xmlns:ns1=\"http://tempuri.org/\"><ns1:intA>2</ns1:intA><ns1:intB>3</ns1:intB></ns1:Add></soap:Body>"
    "</soap:Envelope>";

// Answers every SOAP call at once with the canned reply, on the calling thread.
class CannedHost : public plugin::HostServices
{
public:
    std::string lastBody;
    bool keepBody = false;

    void http(plugin::HttpCall call, std::function<void(plugin::HttpResult)> done) override
    {
        if (keepBody) lastBody = call.body;
        plugin::HttpResult result;
        result.outcome = plugin::HttpResult::Outcome::Ok;
        result.status = 200;
        result.body = replyEnvelope;
        done(std::move(result));
    }
    plugin::HttpResult httpBlocking(const plugin::HttpCall&) override { return plugin::HttpResult(); }
    void submit(std::function<void()> work) override { work(); }
    void log(plugin::LogLevel, const std::string&) override {}
    std::shared_ptr<plugin::StreamPool> streamPool(const plugin::StreamPoolSettings&) override
    {
        return nullptr;
    }
};

class CountingResponder : public plugin::Responder
{
public:
    int answers = 0;
    int failures = 0;
    std::string lastBody;

    void respond(plugin::Response response) override
    {
        ++answers;
        lastBody = std::move(response.body);
    }
    void fail(int status, std::string detail, std::string) override
    {
        ++failures;
        std::fprintf(stderr, "unexpected %d: %s\n", status, detail.c_str());
    }

    void unavailable(std::string detail, std::chrono::seconds) override { fail(503, std::move(detail), {}); }
};

} // namespace

int main(int argc, char** argv)
{
    const long iterations = argc > 1 ? std::atol(argv[1]) : 1000;
    const std::string wsdl = argc > 2 ? argv[2] : PORTICO_SOAP_BENCH_WSDL;

    plugin::AdapterConfig config;
    config.elementXml = "<adapter type=\"soap\"><wsdl>" + wsdl +
                        "</wsdl><endpoint>http://127.0.0.1:9/calculator.asmx</endpoint>"
                        "<operation>{operation}</operation></adapter>";
    config.routeName = "calculator";
    config.routePath = "/api/calculator/{operation}";
    config.routeMethods = {"POST"};
    config.pathParameters = {"operation"};
    CannedHost host;
    std::vector<std::string> errors;
    std::unique_ptr<plugin::Adapter> adapter = soap::SoapAdapterFactory().create(config, host, errors);
    if (!adapter)
    {
        for (const std::string& error : errors)
            std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }

    auto request = std::make_shared<plugin::Request>();
    request->method = "POST";
    request->path = "/api/calculator/Add";
    request->pathParams = {{"operation", "Add"}};
    request->headers = {{"Content-Type", "application/json"}};
    request->body = R"({"intA":2,"intB":3})";
    request->routeName = "calculator";
    auto responder = std::make_shared<CountingResponder>();

    // One checked round first, so that a broken build cannot report a fast but wrong figure.
    host.keepBody = true;
    adapter->handle(request, responder);
    host.keepBody = false;
    if (host.lastBody != expectedEnvelope || responder->lastBody != R"({"AddResult":5})")
    {
        std::fprintf(stderr, "unexpected translation:\n%s\n%s\n", host.lastBody.c_str(),
                     responder->lastBody.c_str());
        return 1;
    }

    for (long i = 0; i < iterations; ++i)
        adapter->handle(request, responder);

    std::printf("%ld iterations, %d answers, %d failures\n", iterations, responder->answers - 1,
                responder->failures);
    return responder->failures == 0 ? 0 : 1;
}
