// <audit database="postgresql://…" node> through real porticod processes and a real PostgreSQL
// server (Debian's, started by the test on a free loopback port): two gateways write one table,
// each its own chain (the node column); porticod --verify-audit checks every node's chain and
// names the one a change broke; a restart continues its node's chain; a second gateway with a
// node name already writing is refused; strict mode commits to PostgreSQL before answering; the
// admin API reads this node's rows and usage from PostgreSQL.

#include "support/GatewayFixture.h"
#include "support/PostgresServer.h"
#include "support/ProcessHoldings.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace portico::test;

class SharedAuditTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SharedAuditTest);
    CPPUNIT_TEST(testTwoNodesOneTableTwoChains);
    CPPUNIT_TEST(testChangedRowFoundOnItsNode);
    CPPUNIT_TEST(testNodeNameTakenIsRefused);
    CPPUNIT_TEST(testStrictCommitsBeforeAnswering);
    CPPUNIT_TEST(testServerGoneAndBack);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _postgres = std::make_unique<PostgresServer>(*_folder);
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
    }

    void tearDown() override
    {
        _gateways.clear();
        _upstream.reset();
        _postgres.reset();
        _folder.reset();
    }

    void testTwoNodesOneTableTwoChains()
    {
        Gateway& first = start("gw1");
        Gateway& second = start("gw2");
        for (int i = 0; i < 3; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(200, first.get("/open/" + std::to_string(i)).status);
            CPPUNIT_ASSERT_EQUAL(200, second.get("/open/" + std::to_string(i)).status);
        }
        CPPUNIT_ASSERT_EQUAL(404, second.get("/nowhere").status);
        waitForRows("gw2", 5); // the start and four requests
        // Each node's admin API reads and verifies its own chain.
        CPPUNIT_ASSERT_EQUAL(std::string("{\"ok\":true,\"rows\":5}"),
                             adminCall(second, "GET", "/admin/audit/verify").body);
        Poco::JSON::Array::Ptr rows = parseArray(adminCall(second, "GET", "/admin/audit?status=404").body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows->size());
        CPPUNIT_ASSERT_EQUAL(std::string("/nowhere"), rows->getObject(0)->getValue<std::string>("path"));
        Poco::JSON::Array::Ptr usage = parseArray(adminCall(first, "GET", "/admin/usage?route=open").body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), usage->size());
        CPPUNIT_ASSERT_EQUAL(3, usage->getObject(0)->getValue<int>("requests"));
        _gateways.clear(); // clean stops: a STOP row each

        CPPUNIT_ASSERT_EQUAL(
            std::string("gw1|5\ngw2|6"),
            _postgres->psql("SELECT node, count(*) FROM audit_log GROUP BY node ORDER BY node"));
        // Rows of the two nodes interleave in the table; each chain links only its own.
        CPPUNIT_ASSERT_EQUAL(
            std::string("0000000000000000000000000000000000000000000000000000000000000000|2"),
            _postgres->psql("SELECT prev_hash, count(*) FROM audit_log WHERE prev_hash LIKE '0000%' "
                            "GROUP BY prev_hash"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("node gw1: ok: 5 rows, the chain holds\nnode gw2: ok: 6 rows, the chain holds\n"),
            verify(0));
        // A restart continues the node's chain.
        Gateway& again = start("gw1");
        CPPUNIT_ASSERT_EQUAL(200, again.get("/open/9").status);
        _gateways.clear();
        CPPUNIT_ASSERT_EQUAL(
            std::string("node gw1: ok: 8 rows, the chain holds\nnode gw2: ok: 6 rows, the chain holds\n"),
            verify(0));
    }

    void testChangedRowFoundOnItsNode()
    {
        Gateway& first = start("gw1");
        Gateway& second = start("gw2");
        first.get("/open/1");
        second.get("/open/2");
        second.get("/open/3");
        _gateways.clear();
        const std::string id =
            _postgres->psql("SELECT id FROM audit_log WHERE node = 'gw2' AND path = '/open/3'");
        _postgres->psql("UPDATE audit_log SET status = 204 WHERE id = " + id);
        const std::string report = verify(1);
        CPPUNIT_ASSERT_EQUAL(std::string("node gw1: ok: 3 rows, the chain holds\nnode gw2: broken at row " +
                                         id + " (after 2 good rows)\n"),
                             report);
    }

    void testNodeNameTakenIsRefused()
    {
        start("gw1");
        const std::string config = configFor("gw1");
        std::string text = config;
        const std::size_t port = text.find("@PORT@");
        text.replace(port, 6, std::to_string(freePort()));
        const std::size_t admin = text.find("@ADMIN_PORT@");
        text.replace(admin, 12, std::to_string(freePort()));
        const std::string file = _folder->file("twin.xml");
        std::ofstream(file) << text;
        TestProcess twin;
        twin.start(binaryPath("porticod"), {"--config=" + file}, _folder->file("twin"));
        const int exit = twin.waitForExit(std::chrono::seconds(20));
        CPPUNIT_ASSERT_MESSAGE(twin.errorOutput(), exit > 0);
        CPPUNIT_ASSERT_MESSAGE(
            twin.errorOutput(),
            twin.errorOutput().find("another gateway writes the audit chain of node \"gw1\"") !=
                std::string::npos);
    }

    void testStrictCommitsBeforeAnswering()
    {
        Gateway& gateway = start("gw1", " mode=\"strict\"");
        for (int i = 0; i < 5; ++i)
        {
            const std::string id = "pg-strict-" + std::to_string(i);
            CPPUNIT_ASSERT_EQUAL(
                200, gateway.get("/open/" + std::to_string(i), "X-Request-Id: " + id + "\r\n").status);
            CPPUNIT_ASSERT_EQUAL(
                std::string("200"),
                _postgres->psql("SELECT status FROM audit_log WHERE request_id = '" + id + "'"));
        }
    }

    void testServerGoneAndBack()
    {
        Gateway& gateway = start("gw1");
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(200, gateway.get("/open/before-" + std::to_string(i)).status);
        waitForRows("gw1", 4); // the start and three requests

        // Five outages: each one's rows are lost and counted, the next rows written on a new
        // connection, and nothing is left behind by the connection that died. Descriptors are
        // compared with those after the first, allowing 2 for connections that come and go (the
        // pooled upstream one, an admin call's): one left behind per outage would exceed that.
        ProcessHoldings afterFirst;
        int rows = 4;
        for (int outage = 1; outage <= 5; ++outage)
        {
            // PostgreSQL goes away. Async answers go on; the rows of the outage cannot be written
            // and are counted as lost, in /metrics, never silently.
            _postgres->stop();
            for (int i = 0; i < 3; ++i)
                CPPUNIT_ASSERT_EQUAL(200, gateway.get("/open/during-" + std::to_string(i)).status);
            const std::string expectedLost = std::to_string(3 * outage);
            std::string lost;
            for (int attempt = 0; attempt < 100 && lost != expectedLost; ++attempt)
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                lost =
                    metricValue(adminCall(gateway, "GET", "/metrics").body, "portico_audit_rows_lost_total");
            }
            CPPUNIT_ASSERT_EQUAL(expectedLost, lost);

            // It comes back: the next rows are written on a new connection, and the node's chain
            // goes on from its last stored row, so it verifies across the outage.
            _postgres->start();
            for (int i = 0; i < 5; ++i)
                CPPUNIT_ASSERT_EQUAL(200, gateway.get("/open/after-" + std::to_string(i)).status);
            rows += 5;
            waitForRows("gw1", rows);
            CPPUNIT_ASSERT_EQUAL("{\"ok\":true,\"rows\":" + std::to_string(rows) + "}",
                                 adminCall(gateway, "GET", "/admin/audit/verify").body);
            const ProcessHoldings now = holdingsOf(gateway.process().pid());
            if (outage == 1) afterFirst = now;
            assertNothingLeftBehind(afterFirst, now, 2, "outage " + std::to_string(outage));
        }
        CPPUNIT_ASSERT_EQUAL(
            std::string("0"),
            _postgres->psql("SELECT count(*) FROM audit_log WHERE path LIKE '/open/during-%'"));
    }

private:
    // The value of an unlabelled series in Prometheus text.
    static std::string metricValue(const std::string& text, const std::string& name)
    {
        const std::size_t at = text.find("\n" + name + " ");
        if (at == std::string::npos) return "";
        const std::size_t start = at + name.size() + 2;
        return text.substr(start, text.find('\n', start) - start);
    }

    std::string configFor(const std::string& node, const std::string& attributes = "")
    {
        std::string config = gatewayConfig("", "<route name=\"open\" path=\"/open/{id}\"><proxy url=\"" +
                                                   _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n");
        config.insert(config.find("  <upstreams>"), "  <audit database=\"" + _postgres->url() + "\" node=\"" +
                                                        node + "\"" + attributes + "/>\n");
        return config;
    }

    Gateway& start(const std::string& node, const std::string& attributes = "")
    {
        // Each gateway its own folder: the fixture writes portico.xml there.
        _nodeFolders.push_back(std::make_unique<TempDirectory>());
        _gateways.push_back(std::make_unique<Gateway>(*_nodeFolders.back(), configFor(node, attributes)));
        return *_gateways.back();
    }

    void waitForRows(const std::string& node, int rows)
    {
        for (int attempt = 0; attempt < 50; ++attempt)
        {
            if (_postgres->psql("SELECT count(*) FROM audit_log WHERE node = '" + node + "'") ==
                std::to_string(rows))
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CPPUNIT_FAIL("the rows of " + node + " did not arrive");
    }

    std::string verify(int expectedExit)
    {
        TestProcess verifier;
        verifier.start(binaryPath("porticod"), {"--verify-audit=" + _postgres->url()},
                       _folder->file("verify"));
        const int exit = verifier.waitForExit(std::chrono::seconds(20));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(verifier.errorOutput() + verifier.output(), expectedExit, exit);
        return verifier.output();
    }

    static Poco::JSON::Array::Ptr parseArray(const std::string& text)
    {
        return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<PostgresServer> _postgres;
    std::unique_ptr<DemoUpstream> _upstream;
    std::vector<std::unique_ptr<TempDirectory>> _nodeFolders;
    std::vector<std::unique_ptr<Gateway>> _gateways;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SharedAuditTest, "sharedaudit");
