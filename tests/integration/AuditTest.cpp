// <audit> through a real porticod: one row for every request on the public listener (answered,
// refused with 401, 404 or 429, failed upstream), none for admin calls, the chain verified by
// GET /admin/audit/verify and by porticod --verify-audit, and a row changed with the sqlite3 tool
// found by both.

#include "support/SqliteTool.h"
#include "support/TestConsumers.h"
#include "support/UpstreamGatewayTest.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

using namespace portico::test;

class AuditTest : public UpstreamGatewayTest
{
    CPPUNIT_TEST_SUITE(AuditTest);
    CPPUNIT_TEST(testEveryRequestHasItsRow);
    CPPUNIT_TEST(testTamperingIsFound);
    CPPUNIT_TEST(testListingWithFiltersAndPages);
    CPPUNIT_TEST(testBodiesRedactedAndCut);
    CPPUNIT_TEST(testRetentionRemovesOldRowsAndTheChainHolds);
    CPPUNIT_TEST(testUsageForBilling);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryRequestHasItsRow()
    {
        start();
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/open/1").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/keyed/1", apiKeyHeader(acmeKey)).status);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/keyed/2").status);
        CPPUNIT_ASSERT_EQUAL(404, _gateway->get("/nowhere").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/limited/1").status);
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/limited/2").status);
        CPPUNIT_ASSERT_EQUAL(502, _gateway->get("/dead/1").status);
        CPPUNIT_ASSERT_EQUAL(200, adminCall(*_gateway, "GET", "/admin/routes").status); // a read: not audited
        CPPUNIT_ASSERT_EQUAL(200,
                             adminCall(*_gateway, "POST", "/admin/cache/purge", "{}").status); // a change
        // The start, seven requests and the purge.
        const HttpResponse verified = waitForRows(9);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"ok\":true,\"rows\":9}"), verified.body);
        _gateway.reset(); // a clean stop writes what is left, and its own row

        // Rows are in the order exchanges completed, which for requests on two event loops need not be
        // the order they were sent: compared by path.
        const std::string rows =
            sqlite("SELECT status, coalesce(consumer, '-'), coalesce(route, '-'), path, length(hash), "
                   "coalesce(upstream, '-') = '-' FROM audit_log WHERE method != 'ADMIN' ORDER BY path");
        CPPUNIT_ASSERT_EQUAL(std::string("502|-|dead|/dead/1|64|0\n"
                                         "200|acme|keyed|/keyed/1|64|0\n"
                                         "401|-|keyed|/keyed/2|64|1\n"
                                         "200|-|limited|/limited/1|64|0\n"
                                         "429|-|limited|/limited/2|64|1\n"
                                         "404|-|-|/nowhere|64|1\n"
                                         "200|-|open|/open/1|64|0\n"),
                             rows);
        // The start comes first and the stop last; the purge in between.
        const std::string changes = sqlite(
            "SELECT id = 1, id = (SELECT max(id) FROM audit_log), status, CASE WHEN path LIKE 'START %' "
            "THEN 'START' ELSE path END FROM audit_log WHERE method = 'ADMIN' ORDER BY id");
        CPPUNIT_ASSERT_EQUAL(
            std::string("1|0|0|START\n0|0|200|POST /admin/cache/purge\n0|1|0|STOP porticod\n"), changes);
        const std::string started = sqlite("SELECT path FROM audit_log WHERE id = 1");
        CPPUNIT_ASSERT_MESSAGE(started, started.rfind("START porticod " PORTICO_VERSION " config=", 0) == 0 &&
                                            started.find(" sha256=") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(
            std::string("0000000000000000000000000000000000000000000000000000000000000000\n"),
            sqlite("SELECT prev_hash FROM audit_log WHERE id = 1"));
        // A restart continues the chain: the ten rows, a start, one request.
        start();
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/open/2").status);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"ok\":true,\"rows\":12}"), waitForRows(12).body);
    }

    void testTamperingIsFound()
    {
        start();
        for (int i = 0; i < 5; ++i)
            _gateway->get("/open/" + std::to_string(i));
        waitForRows(6);
        _gateway.reset(); // the start, five requests, the stop
        CPPUNIT_ASSERT_EQUAL(std::string("ok: 7 rows, the chain holds\n"), verify(0));
        sqlite("UPDATE audit_log SET status = 204 WHERE id = 3");
        CPPUNIT_ASSERT_EQUAL(std::string("broken at row 3 (after 2 good rows)\n"), verify(1));
        start();
        CPPUNIT_ASSERT_EQUAL(std::string("{\"ok\":false,\"brokenAt\":3}"),
                             adminCall(*_gateway, "GET", "/admin/audit/verify").body);
    }

    void testListingWithFiltersAndPages()
    {
        start();
        _gateway->get("/keyed/1", apiKeyHeader(acmeKey));
        _gateway->get("/keyed/2");
        _gateway->get("/open/1");
        waitForRows(4); // with the start
        Poco::JSON::Array::Ptr keyed = list("route=keyed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), keyed->size());
        // The order exchanges completed in: told apart by status.
        const bool acmeFirst = keyed->getObject(0)->getValue<int>("status") == 200;
        Poco::JSON::Object::Ptr admitted = keyed->getObject(acmeFirst ? 0 : 1);
        Poco::JSON::Object::Ptr refused = keyed->getObject(acmeFirst ? 1 : 0);
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), admitted->getValue<std::string>("consumer"));
        CPPUNIT_ASSERT_EQUAL(std::string("/keyed/1"), admitted->getValue<std::string>("path"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), admitted->getValue<std::string>("hash").size());
        CPPUNIT_ASSERT(refused->isNull("consumer"));
        CPPUNIT_ASSERT_EQUAL(401, refused->getValue<int>("status"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), list("status=401")->size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), list("consumer=acme")->size());
        // Pages, oldest first.
        Poco::JSON::Array::Ptr page = list("limit=2");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), page->size());
        CPPUNIT_ASSERT_EQUAL(1, page->getObject(0)->getValue<int>("id"));
        Poco::JSON::Array::Ptr next = list("limit=2&after_id=2");
        CPPUNIT_ASSERT_EQUAL(3, next->getObject(0)->getValue<int>("id"));
        CPPUNIT_ASSERT_EQUAL(page->getObject(1)->getValue<std::string>("hash"),
                             list("after_id=2")->getObject(0)->getValue<std::string>("prev_hash"));
        CPPUNIT_ASSERT_EQUAL(400, adminCall(*_gateway, "GET", "/admin/audit?limit=5000").status);
        CPPUNIT_ASSERT_EQUAL(400, adminCall(*_gateway, "GET", "/admin/audit?colour=red").status);
    }

    void testBodiesRedactedAndCut()
    {
        start(" bodies=\"redacted\" bodyLimit=\"96\" redact=\"X-Secret-Note\"");
        const std::string secret =
            "{\"user\":\"ann\",\"password\":\"hunter2\",\"card_number\":\"4111 1111\"}";
        CPPUNIT_ASSERT_EQUAL(200, post("/reply", secret, "login").status);
        const std::string longNote = "{\"note\":\"" + std::string(200, 'a') + "\"}";
        CPPUNIT_ASSERT_EQUAL(200, post("/reply", longNote, "long").status);
        CPPUNIT_ASSERT_EQUAL(
            200, _gateway->get("/open/1", "X-Secret-Note: topsecret\r\nX-Request-Id: note\r\n").status);
        waitForRows(4);
        _gateway.reset();
        // Masked before it was stored: the values are nowhere in the file.
        CPPUNIT_ASSERT_EQUAL(std::string("{\"user\":\"ann\",\"password\":\"***\",\"card_number\":\"***\"}\n"),
                             sqlite("SELECT request_body FROM audit_log WHERE request_id = 'login'"));
        // Cut at the limit; bytes_in still tells the whole length.
        CPPUNIT_ASSERT_EQUAL(std::string("96|211|" + longNote.substr(0, 96) + "\n"),
                             sqlite("SELECT length(request_body), bytes_in, request_body FROM audit_log "
                                    "WHERE request_id = 'long'"));
        // Answers too, and names configured beside the built-in ones: the echo holds the header.
        CPPUNIT_ASSERT_EQUAL(std::string("1|0|1\n"),
                             sqlite("SELECT response_body LIKE '{%', instr(response_body, 'topsecret'), "
                                    "request_body IS NULL FROM audit_log WHERE request_id = 'note'"));
        const std::string file =
            sqlite("SELECT count(*) FROM audit_log WHERE request_body LIKE '%hunter2%' OR "
                   "response_body LIKE '%hunter2%' OR response_body LIKE '%topsecret%'");
        CPPUNIT_ASSERT_EQUAL(std::string("0\n"), file);
        CPPUNIT_ASSERT_EQUAL(std::string("ok: 5 rows, the chain holds\n"), verify(0));
    }

    void testRetentionRemovesOldRowsAndTheChainHolds()
    {
        start(" retention=\"2s\"");
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/open/" + std::to_string(i)).status);
        std::string left;
        for (int attempt = 0; attempt < 50 && left != "0\n"; ++attempt)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            left = sqlite("SELECT count(*) FROM audit_log WHERE path LIKE '/open/%'");
        }
        CPPUNIT_ASSERT_EQUAL(std::string("0\n"), left);
        // The removal is itself a row, naming the anchor the kept rows start from.
        CPPUNIT_ASSERT_EQUAL(std::string("1\n"),
                             sqlite("SELECT count(*) > 0 FROM audit_log WHERE method = 'ADMIN' "
                                    "AND path LIKE 'RETENTION removed % rows older than %'"));
        CPPUNIT_ASSERT_EQUAL(std::string("1\n"), sqlite("SELECT removed_rows >= 4 FROM audit_anchor"));
        const HttpResponse verified = adminCall(*_gateway, "GET", "/admin/audit/verify");
        CPPUNIT_ASSERT_MESSAGE(verified.body, verified.body.rfind("{\"ok\":true,", 0) == 0);
        _gateway.reset();
        CPPUNIT_ASSERT(verify(0).rfind("ok: ", 0) == 0);
    }

    void testUsageForBilling()
    {
        start();
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(200,
                                 _gateway->get("/keyed/" + std::to_string(i), apiKeyHeader(acmeKey)).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/keyed/9", apiKeyHeader(betaKey)).status);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/keyed/1").status);
        waitForRows(6);
        const HttpResponse report =
            adminCall(*_gateway, "GET", "/admin/usage?route=keyed&consumer=acme&granularity=month");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(report.body, 200, report.status);
        Poco::JSON::Array::Ptr lines =
            Poco::JSON::Parser().parse(report.body).extract<Poco::JSON::Array::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines->size());
        Poco::JSON::Object::Ptr acme = lines->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), acme->getValue<std::string>("consumer"));
        CPPUNIT_ASSERT_EQUAL(3, acme->getValue<int>("requests"));
        CPPUNIT_ASSERT_EQUAL(0, acme->getValue<int>("errors"));
        CPPUNIT_ASSERT(acme->getValue<int>("bytes_out") > 0);
        CPPUNIT_ASSERT(acme->getValue<double>("p99_ms") >= acme->getValue<double>("p50_ms"));
        CPPUNIT_ASSERT_EQUAL(sqlite("SELECT substr(min(ts), 1, 7) FROM audit_log"),
                             acme->getValue<std::string>("period") + "\n");

        // Everyone on the route, by day, as CSV: acme, beta and the refused request without a consumer.
        RawHttpClient client("127.0.0.1", _gateway->adminPort());
        const HttpResponse csv =
            client.request("GET /admin/usage?route=keyed HTTP/1.1\r\nHost: admin\r\n"
                           "Authorization: Bearer test-admin-token\r\nAccept: text/csv\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, csv.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/csv; charset=utf-8"), csv.header("content-type"));
        const std::string day = acme->getValue<std::string>("period") + "-" +
                                sqlite("SELECT substr(min(ts), 9, 2) FROM audit_log").substr(0, 2);
        CPPUNIT_ASSERT_MESSAGE(csv.body,
                               csv.body.rfind("period,consumer,route,requests,errors,server_errors,bytes_in,"
                                              "bytes_out,p50_ms,p99_ms\r\n" +
                                                  day + ",,keyed,1,1,0,",
                                              0) == 0);
        CPPUNIT_ASSERT_MESSAGE(csv.body,
                               csv.body.find("\r\n" + day + ",acme,keyed,3,0,0,") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(csv.body,
                               csv.body.find("\r\n" + day + ",beta,keyed,1,0,0,") != std::string::npos);

        CPPUNIT_ASSERT_EQUAL(400, adminCall(*_gateway, "GET", "/admin/usage?granularity=week").status);
        CPPUNIT_ASSERT_EQUAL(400, adminCall(*_gateway, "GET", "/admin/usage?from=yesterday").status);
        CPPUNIT_ASSERT_EQUAL(std::string("[]"),
                             adminCall(*_gateway, "GET", "/admin/usage?from=2000-01&to=2000-02").body);
    }

private:
    HttpResponse post(const std::string& target, const std::string& body, const std::string& requestId)
    {
        return _gateway->request("POST " + target + " HTTP/1.1\r\nHost: test\r\nX-Request-Id: " + requestId +
                                 "\r\nContent-Type: application/json\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    }

    Poco::JSON::Array::Ptr list(const std::string& query)
    {
        const HttpResponse answer = adminCall(*_gateway, "GET", "/admin/audit?" + query);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        return Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Array::Ptr>();
    }

    void start(const std::string& auditAttributes = "")
    {
        const std::string proxy = "<proxy url=\"" + _upstream->url() + "\" path=\"/echo/{id}\"/>";
        std::string config = gatewayConfig(
            "", "<route name=\"open\" path=\"/open/{id}\">" + proxy +
                    "</route>\n<route name=\"keyed\" path=\"/keyed/{id}\"><auth><apiKey "
                    "header=\"X-API-Key\"/></auth>" +
                    proxy +
                    "</route>\n<route name=\"limited\" path=\"/limited/{id}\"><rateLimit requests=\"1\" "
                    "per=\"1m\" key=\"route\"/>" +
                    proxy + "</route>\n<route name=\"reply\" path=\"/reply\" methods=\"POST\"><proxy url=\"" +
                    _upstream->url() + "\" path=\"/respond\"/></route>\n" +
                    "<route name=\"dead\" path=\"/dead/{id}\"><proxy url=\"http://127.0.0.1:" +
                    std::to_string(freePort()) + "\"/></route>\n");
        config.insert(config.find("  <upstreams>"), "  <audit database=\"" + _folder->file("audit.db") +
                                                        "\"" + auditAttributes + "/>\n" +
                                                        acmeAndBetaConsumers());
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    // The rows are written by their own thread: wait (bounded) until the chain holds rows rows.
    HttpResponse waitForRows(int rows)
    {
        HttpResponse answer;
        const std::string wanted = "{\"ok\":true,\"rows\":" + std::to_string(rows) + "}";
        for (int attempt = 0; attempt < 50; ++attempt)
        {
            answer = adminCall(*_gateway, "GET", "/admin/audit/verify");
            if (answer.body == wanted) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return answer;
    }

    std::string sqlite(const std::string& sql) { return sqliteTool(*_folder, sql); }

    std::string verify(int expectedExit)
    {
        TestProcess verifier;
        verifier.start(binaryPath("porticod"), {"--verify-audit=" + _folder->file("audit.db")},
                       _folder->file("verify"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(verifier.errorOutput(), expectedExit,
                                     verifier.waitForExit(std::chrono::seconds(10)));
        return verifier.output();
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuditTest, "audit");
