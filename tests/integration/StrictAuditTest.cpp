// <audit mode="strict"> through a real porticod: an answer is not written before its row is
// committed (the row is in the file the moment the client has the answer), a commit that cannot
// happen answers 503 rather than a 2xx without a row, and after kill -9 under load every request
// whose client received a 2xx has its row and the chain verifies.

#include "support/SqliteTool.h"
#include "support/UpstreamGatewayTest.h"

#include <cppunit/extensions/HelperMacros.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace portico::test;

class StrictAuditTest : public UpstreamGatewayTest
{
    CPPUNIT_TEST_SUITE(StrictAuditTest);
    CPPUNIT_TEST(testAnswerFollowsItsCommittedRow);
    CPPUNIT_TEST(testCommitThatFailsAnswers503);
    CPPUNIT_TEST(testRowKeepsTheBodyReleased);
    CPPUNIT_TEST(testKilledUnderLoadLosesNoAnsweredRow);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnswerFollowsItsCommittedRow()
    {
        start();
        for (int i = 0; i < 20; ++i)
        {
            const std::string id = "strict-" + std::to_string(i);
            const int expected = i % 2 == 0 ? 200 : 404;
            const HttpResponse answer = _gateway->get(i % 2 == 0 ? "/open/" + std::to_string(i) : "/nowhere",
                                                      "X-Request-Id: " + id + "\r\n");
            CPPUNIT_ASSERT_EQUAL(expected, answer.status);
            // Read at once, by another connection to the file: the row is already committed.
            CPPUNIT_ASSERT_EQUAL(std::to_string(expected) + "\n",
                                 sqlite("SELECT status FROM audit_log WHERE request_id = '" + id + "'"));
        }
    }

    void testCommitThatFailsAnswers503()
    {
        start();
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/open/1").status);
        {
            // Another writer holds the database's write lock longer than strict mode waits for it.
            sqlite3* db = nullptr;
            CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_open(_folder->file("audit.db").c_str(), &db));
            CPPUNIT_ASSERT_EQUAL(SQLITE_OK, sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr));
            const HttpResponse refused = _gateway->get("/open/2", "X-Request-Id: locked-out\r\n");
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close(db);
            CPPUNIT_ASSERT_EQUAL(503, refused.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), refused.header("content-type"));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("0\n"),
                             sqlite("SELECT count(*) FROM audit_log WHERE request_id = 'locked-out'"));
        // The lock gone, answers flow again and the chain holds.
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/open/3").status);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"ok\":true,\"rows\":3}"),
                             adminCall(*_gateway, "GET", "/admin/audit/verify").body);
    }

    void testRowKeepsTheBodyReleased()
    {
        // The answer waits for its body (within the limit) as well as for the commit: the row
        // holds exactly what the client received.
        start(" bodies=\"full\" bodyLimit=\"1MiB\"");
        const HttpResponse proxied = _gateway->get("/open/7", "X-Request-Id: proxied\r\n");
        const HttpResponse local = _gateway->get("/nowhere", "X-Request-Id: local\r\n");
        CPPUNIT_ASSERT_EQUAL(200, proxied.status);
        CPPUNIT_ASSERT_EQUAL(404, local.status);
        CPPUNIT_ASSERT_EQUAL(proxied.body + "\n",
                             sqlite("SELECT response_body FROM audit_log WHERE request_id = 'proxied'"));
        CPPUNIT_ASSERT_EQUAL(local.body + "\n",
                             sqlite("SELECT response_body FROM audit_log WHERE request_id = 'local'"));
        // A body longer than the limit is released after its first bytes are in the row.
        _gateway.reset();
        start(" bodies=\"full\" bodyLimit=\"10\"");
        const HttpResponse cut = _gateway->get("/open/8", "X-Request-Id: cut\r\n");
        CPPUNIT_ASSERT_EQUAL(200, cut.status);
        CPPUNIT_ASSERT_EQUAL(cut.body.substr(0, 10) + "\n",
                             sqlite("SELECT response_body FROM audit_log WHERE request_id = 'cut'"));
    }

    void testKilledUnderLoadLosesNoAnsweredRow()
    {
        start();
        std::mutex mutex;
        std::set<std::string> answered; // request ids whose client received a 2xx
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int client = 0; client < 8; ++client)
        {
            clients.emplace_back(
                [&, client]
                {
                    for (int n = 0; n < 20000 && !stop.load(); ++n)
                    {
                        const std::string id = "load-" + std::to_string(client) + "-" + std::to_string(n);
                        const HttpResponse answer =
                            _gateway->get("/open/" + std::to_string(n), "X-Request-Id: " + id + "\r\n");
                        if (answer.status == 0) break; // the gateway is gone
                        if (answer.status >= 200 && answer.status < 300)
                        {
                            std::lock_guard<std::mutex> lock(mutex);
                            answered.insert(id);
                        }
                    }
                });
        }
        // Load for a while, then the gateway dies without a chance to write anything more.
        for (int waited = 0; waited < 100; ++waited)
        {
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (answered.size() >= 300) break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        _gateway->process().stop(9);
        stop = true;
        for (std::thread& client : clients)
            client.join();
        CPPUNIT_ASSERT(answered.size() >= 100);

        const std::string stored = sqlite("SELECT request_id FROM audit_log WHERE method != 'ADMIN'");
        std::set<std::string> rows;
        std::size_t begin = 0;
        while (begin < stored.size())
        {
            const std::size_t end = stored.find('\n', begin);
            rows.insert(stored.substr(begin, end - begin));
            begin = end == std::string::npos ? stored.size() : end + 1;
        }
        std::size_t missing = 0;
        for (const std::string& id : answered)
            missing += rows.count(id) == 0 ? 1 : 0;
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), missing);
        TestProcess verifier;
        verifier.start(binaryPath("porticod"), {"--verify-audit=" + _folder->file("audit.db")},
                       _folder->file("verify"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(verifier.output(), 0, verifier.waitForExit(std::chrono::seconds(10)));
    }

private:
    void start(const std::string& auditAttributes = "")
    {
        std::string config = gatewayConfig("", "<route name=\"open\" path=\"/open/{id}\"><proxy url=\"" +
                                                   _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n");
        config.insert(config.find("  <upstreams>"), "  <audit database=\"" + _folder->file("audit.db") +
                                                        "\" mode=\"strict\"" + auditAttributes + "/>\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    std::string sqlite(const std::string& sql) { return sqliteTool(*_folder, sql); }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(StrictAuditTest, "strictaudit");
