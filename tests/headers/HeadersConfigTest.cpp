// <headers> as configuration: what parses, what is refused and where, and how the parsed
// edits behave on a request and a response head.

#include "config/ConfigLoader.h"
#include "headers/HeadersPolicy.h"
#include "pipeline/Exchange.h"
#include "pipeline/ResponseHead.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico;

namespace
{

std::string document(const std::string& routeChildren, const std::string& extra = "")
{
    return "<portico>\n"
           "  <server><listener address=\"127.0.0.1:8080\"/></server>\n" +
           extra +
           "  <routes>\n"
           "    <route name=\"r\" path=\"/orders/{id}\">" +
           routeChildren +
           "<proxy url=\"http://127.0.0.1:9\"/></route>\n"
           "  </routes>\n"
           "</portico>\n";
}

config::LoadResult load(const std::string& text)
{
    return config::ConfigLoader::loadString(text, "test.xml", ".");
}

std::string joined(const std::vector<std::string>& errors)
{
    std::string text;
    for (const std::string& error : errors)
    {
        text += error + "\n";
    }
    return text;
}

const headers::HeadersPolicy& headersOf(const config::RouteConfig& route)
{
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), route.policies.size());
    CPPUNIT_ASSERT_EQUAL(std::string("headers"), route.policies[0].element);
    CPPUNIT_ASSERT(route.policies[0].slot == pipeline::Slot::Transforms);
    return dynamic_cast<const headers::HeadersPolicy&>(*route.policies[0].policy);
}

// Runs the policy's request and response hooks the way the runner does, without a connection.
class HookCall final : public pipeline::RequestContext, public pipeline::ResponseContext
{
public:
    explicit HookCall(pipeline::Exchange& exchange) : _exchange(exchange) {}
    pipeline::Exchange& exchange() override { return _exchange; }
    pipeline::PolicyLoopState* loopState() override { return nullptr; }
    pipeline::LocalReply& reply(int status, std::string_view detail) override
    {
        _reply.status = status;
        _reply.detail = detail;
        return _reply;
    }
    pipeline::ResumeToken pause() override { return {}; }
    pipeline::ResponseHead& head() override { return _head; }
    bool localReply() const override { return false; }

private:
    pipeline::Exchange& _exchange;
    pipeline::LocalReply _reply;
    pipeline::ResponseHead _head;
};

} // namespace

class HeadersConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HeadersConfigTest);
    CPPUNIT_TEST(testParsesEditsInOrder);
    CPPUNIT_TEST(testReservedNamesRefused);
    CPPUNIT_TEST(testPlaceholdersChecked);
    CPPUNIT_TEST(testUnknownChildrenRefused);
    CPPUNIT_TEST(testDefaultsApplyWhereTheRouteHasNone);
    CPPUNIT_TEST(testDefaultsErrorsReportedOnce);
    CPPUNIT_TEST(testRequestEdits);
    CPPUNIT_TEST(testResponseEdits);
    CPPUNIT_TEST(testParameterValuesCannotSplitAHead);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParsesEditsInOrder()
    {
        config::LoadResult result = load(document("<headers><request><set name=\"A\" value=\"1\"/>"
                                                  "<remove name=\"B\"/></request><response>"
                                                  "<add name=\"C\" value=\"{id}\"/></response></headers>"));
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        const headers::HeadersPolicy& policy = headersOf(result.config->routes[0]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), policy.requestEdits().size());
        CPPUNIT_ASSERT(policy.requestEdits()[0].kind == headers::HeaderEdit::Kind::Set);
        CPPUNIT_ASSERT(policy.requestEdits()[1].kind == headers::HeaderEdit::Kind::Remove);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), policy.responseEdits().size());
        CPPUNIT_ASSERT(!policy.responseEdits()[0].value.constant());
    }

    void testReservedNamesRefused()
    {
        for (const char* name :
             {"Content-Length", "transfer-encoding", "Connection", "Host", "Upgrade", "X-Request-Id"})
        {
            config::LoadResult result = load(document(std::string("<headers><request><set name=\"") + name +
                                                      "\" value=\"1\"/></request></headers>"));
            CPPUNIT_ASSERT(!result.ok());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(result.errors), std::size_t(1), result.errors.size());
            CPPUNIT_ASSERT_EQUAL(std::string("test.xml:4:64: <headers> cannot change '") + name +
                                     "': framing, hop-by-hop and request-id fields are the gateway's own",
                                 result.errors[0]);
        }
    }

    void testPlaceholdersChecked()
    {
        config::LoadResult result = load(document("<headers><response><add name=\"A\" value=\"{missing}\"/>"
                                                  "<add name=\"B\" value=\"x{id\"/></response></headers>"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(result.errors), std::size_t(2), result.errors.size());
        CPPUNIT_ASSERT(result.errors[0].find("'{missing}' is neither a parameter of the route's path") !=
                       std::string::npos);
        CPPUNIT_ASSERT(result.errors[1].find("unterminated '{' at character 2") != std::string::npos);
        CPPUNIT_ASSERT(result.ok() == false);
        config::LoadResult fine =
            load(document("<headers><response><add name=\"A\" "
                          "value=\"{requestId}/{clientIp}/{consumer}/{id}\"/></response></headers>"));
        CPPUNIT_ASSERT_MESSAGE(joined(fine.errors), fine.ok());
    }

    void testUnknownChildrenRefused()
    {
        config::LoadResult result =
            load(document("<headers><request><rename name=\"A\"/></request></headers>"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(result.errors), std::size_t(1), result.errors.size());
        CPPUNIT_ASSERT(result.errors[0].find("unknown element <rename> in <request>") != std::string::npos);
        result = load(document("<headers><request><set name=\"A\"/></request></headers>"));
        CPPUNIT_ASSERT(result.errors.at(0).find("'value'") != std::string::npos);
        result = load(document("<headers><request><set name=\"A B\" value=\"1\"/></request></headers>"));
        CPPUNIT_ASSERT(result.errors.at(0).find("expected a header field name") != std::string::npos);
    }

    void testDefaultsApplyWhereTheRouteHasNone()
    {
        std::string text =
            "<portico>\n"
            "  <server><listener address=\"127.0.0.1:8080\"/></server>\n"
            "  <routes>\n"
            "    <route name=\"a\" path=\"/a/{id}\"><proxy url=\"http://127.0.0.1:9\"/></route>\n"
            "    <route name=\"b\" path=\"/b\"><headers/><proxy url=\"http://127.0.0.1:9\"/></route>\n"
            "  </routes>\n"
            "  <defaults><headers><response><add name=\"D\" value=\"1\"/></response></headers></defaults>\n"
            "</portico>\n";
        config::LoadResult result = load(text);
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        const config::RouteConfig& a = result.config->routes[0];
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), a.policies.size());
        CPPUNIT_ASSERT(a.policies[0].fromDefaults);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), headersOf(a).responseEdits().size());
        const config::RouteConfig& b = result.config->routes[1];
        CPPUNIT_ASSERT(!b.policies.at(0).fromDefaults);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), headersOf(b).responseEdits().size());
    }

    void testDefaultsErrorsReportedOnce()
    {
        std::string text = "<portico>\n"
                           "  <server><listener address=\"127.0.0.1:8080\"/></server>\n"
                           "  <defaults><headers><response><set name=\"Connection\" value=\"x\"/></response>"
                           "</headers><cache ttl=\"soon\"/><bogus/></defaults>\n"
                           "  <routes>\n"
                           "    <route name=\"a\" path=\"/a\"><proxy url=\"http://127.0.0.1:9\"/></route>\n"
                           "    <route name=\"b\" path=\"/b\"><proxy url=\"http://127.0.0.1:9\"/></route>\n"
                           "  </routes>\n"
                           "</portico>\n";
        config::LoadResult result = load(text);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(result.errors), std::size_t(3), result.errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("test.xml:3:37: <headers> cannot change 'Connection'"),
                             result.errors[0].substr(0, 51));
        CPPUNIT_ASSERT(result.errors[1].find("invalid value 'soon' for 'ttl' on <cache>") !=
                       std::string::npos);
        CPPUNIT_ASSERT(result.errors[2].find("unknown element <bogus> in <defaults>") != std::string::npos);
    }

    void testRequestEdits()
    {
        config::LoadResult result = load(document("<headers><request><set name=\"X-A\" value=\"new\"/>"
                                                  "<add name=\"X-B\" value=\"{id}-{requestId}\"/>"
                                                  "<remove name=\"x-c\"/></request></headers>"));
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        pipeline::Exchange exchange;
        exchange.requestId = "rid";
        exchange.request.headers = {{"X-A", "old"}, {"x-a", "older"}, {"X-B", "kept"}, {"X-C", "gone"}};
        exchange.match.params.push_back({"id", "42"});
        HookCall call(exchange);
        CPPUNIT_ASSERT(headersOf(result.config->routes[0]).onRequest(call) == pipeline::Verdict::Next);
        const auto& fields = exchange.request.headers;
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), fields.size());
        CPPUNIT_ASSERT_EQUAL(std::string("X-B:kept"),
                             std::string(fields[0].name) + ":" + std::string(fields[0].value));
        CPPUNIT_ASSERT_EQUAL(std::string("X-A:new"),
                             std::string(fields[1].name) + ":" + std::string(fields[1].value));
        CPPUNIT_ASSERT_EQUAL(std::string("X-B:42-rid"),
                             std::string(fields[2].name) + ":" + std::string(fields[2].value));
    }

    void testResponseEdits()
    {
        config::LoadResult result =
            load(document("<headers><response><set name=\"Server\" value=\"portico\"/>"
                          "<add name=\"Via\" value=\"{clientIp}\"/>"
                          "<remove name=\"X-Powered-By\"/></response></headers>"));
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        pipeline::Exchange exchange;
        std::string clientIp = "10.0.0.1";
        exchange.clientIp = &clientIp;
        HookCall call(exchange);
        pipeline::ResponseHead& head = call.head();
        head.status = 200;
        head.addView("Server", "nginx");
        head.addView("X-Powered-By", "php");
        head.addView("Via", "1.1 upstream");
        CPPUNIT_ASSERT(headersOf(result.config->routes[0]).onResponseHead(call) == pipeline::Verdict::Next);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), head.fields.size());
        CPPUNIT_ASSERT_EQUAL(std::string("1.1 upstream"), std::string(head.fields[0].value));
        CPPUNIT_ASSERT_EQUAL(std::string("portico"), std::string(head.find("server")));
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1"), std::string(head.fields[2].value));
        CPPUNIT_ASSERT(head.find("x-powered-by").data() == nullptr);
    }

    void testParameterValuesCannotSplitAHead()
    {
        config::LoadResult result = load(document("<headers><response><set name=\"X-Id\" value=\"[{id}]\"/>"
                                                  "</response></headers>"));
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        pipeline::Exchange exchange;
        exchange.match.params.push_back({"id", "1\r\nSet-Cookie: a=b\x01"});
        HookCall call(exchange);
        headersOf(result.config->routes[0]).onResponseHead(call);
        CPPUNIT_ASSERT_EQUAL(std::string("[1Set-Cookie: a=b]"), std::string(call.head().find("x-id")));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(HeadersConfigTest, "headers");
