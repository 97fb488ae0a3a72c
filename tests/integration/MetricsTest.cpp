// GET /metrics through a real porticod: the contract's series counted from real exchanges (by
// route, method and status; latency histograms; upstream errors; rate-limit refusals; cache
// results; the audit queue and group-commit sizes), behind the admin token, and the whole answer
// accepted by `promtool check metrics` (Debian's prometheus package).

#include "support/UpstreamGatewayTest.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

using namespace portico::test;

class MetricsTest : public UpstreamGatewayTest
{
    CPPUNIT_TEST_SUITE(MetricsTest);
    CPPUNIT_TEST(testSeriesCountExchanges);
    CPPUNIT_TEST(testPromtoolAcceptsTheFormat);
    CPPUNIT_TEST(testNeedsTheAdminToken);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSeriesCountExchanges()
    {
        start();
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/open/1").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/open/2").status);
        CPPUNIT_ASSERT_EQUAL(404, _gateway->get("/nowhere").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/limited/1").status);
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/limited/2").status);
        CPPUNIT_ASSERT_EQUAL(502, _gateway->get("/dead/1").status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/cached/1").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), _gateway->get("/cached/1").header("x-cache"));

        const std::string text = scrape();
        assertLine(text, "portico_requests_total{route=\"open\",method=\"GET\",status=\"200\"} 2");
        assertLine(text, "portico_requests_total{route=\"\",method=\"GET\",status=\"404\"} 1");
        assertLine(text, "portico_requests_total{route=\"limited\",method=\"GET\",status=\"429\"} 1");
        assertLine(text, "portico_request_duration_seconds_count{route=\"open\"} 2");
        assertLine(text, "portico_request_duration_seconds_bucket{route=\"open\",le=\"+Inf\"} 2");
        assertLine(text,
                   "portico_upstream_errors_total{route=\"dead\",upstream=\"route:dead\",adapter=\"\"} 1");
        assertLine(text, "portico_ratelimited_total{route=\"limited\"} 1");
        assertLine(text, "portico_cache_total{route=\"cached\",result=\"MISS\"} 1");
        assertLine(text, "portico_cache_total{route=\"cached\",result=\"HIT\"} 1");
        // Strict audit: every answer waited for a commit; the commits are counted by size.
        assertLine(text, "portico_audit_rows_lost_total 0");
        CPPUNIT_ASSERT_MESSAGE(text, text.find("\nportico_audit_queue_depth ") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("\nportico_audit_commit_rows_bucket{le=\"+Inf\"} ") !=
                                         std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("\nportico_audit_commit_rows_count 0\n") == std::string::npos);
    }

    void testPromtoolAcceptsTheFormat()
    {
        start();
        _gateway->get("/open/1");
        _gateway->get("/dead/1");
        _gateway->get("/limited/1");
        _gateway->get("/limited/2");
        _gateway->get("/cached/1");
        const std::string file = _folder->file("metrics.txt");
        std::ofstream(file) << scrape();
        TestProcess promtool;
        promtool.start("/bin/sh", {"-c", "promtool check metrics < '" + file + "'"},
                       _folder->file("promtool"));
        const int exit = promtool.waitForExit(std::chrono::seconds(30));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(promtool.output() + promtool.errorOutput(), 0, exit);
    }

    void testNeedsTheAdminToken()
    {
        start();
        RawHttpClient client("127.0.0.1", _gateway->adminPort());
        const HttpResponse anonymous = client.request("GET /metrics HTTP/1.1\r\nHost: admin\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(401, anonymous.status);
        const HttpResponse answer = adminCall(*_gateway, "GET", "/metrics");
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4; charset=utf-8"),
                             answer.header("content-type"));
    }

private:
    void start()
    {
        const std::string proxy = "<proxy url=\"" + _upstream->url() + "\" path=\"/echo/{id}\"/>";
        std::string config = gatewayConfig(
            "", "<route name=\"open\" path=\"/open/{id}\">" + proxy +
                    "</route>\n<route name=\"limited\" path=\"/limited/{id}\"><rateLimit requests=\"1\" "
                    "per=\"1m\" "
                    "key=\"route\"/>" +
                    proxy + "</route>\n<route name=\"cached\" path=\"/cached/{id}\"><cache ttl=\"30s\"/>" +
                    proxy +
                    "</route>\n<route name=\"dead\" path=\"/dead/{id}\"><proxy url=\"http://127.0.0.1:" +
                    std::to_string(freePort()) + "\"/></route>\n");
        config.insert(config.find("  <upstreams>"),
                      "  <audit database=\"" + _folder->file("audit.db") + "\" mode=\"strict\"/>\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    std::string scrape()
    {
        const HttpResponse answer = adminCall(*_gateway, "GET", "/metrics");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        return answer.body;
    }

    static void assertLine(const std::string& text, const std::string& line)
    {
        CPPUNIT_ASSERT_MESSAGE("no line \"" + line + "\" in:\n" + text,
                               text.find("\n" + line + "\n") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MetricsTest, "metrics");
