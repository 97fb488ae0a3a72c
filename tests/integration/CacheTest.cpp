// <cache> through a real porticod in front of a real upstream that counts what reaches it: hits
// served from memory (same answer, Age, no back-end request), misses stored, what HTTP forbids
// storing never stored (no-store, private, Set-Cookie, a POST), freshness from the origin's
// Cache-Control winning over the route's ttl, Vary and the route's vary list, per-consumer entries
// on an authenticating route unless public, Authorization on an open route bypassing the store,
// 304 to conditional requests, stale answers while the upstream is down, and purges.

#include "support/TestConsumers.h"
#include "support/UpstreamGatewayTest.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

using namespace portico::test;

class CacheTest : public UpstreamGatewayTest
{
    CPPUNIT_TEST_SUITE(CacheTest);
    CPPUNIT_TEST(testHitsComeFromMemory);
    CPPUNIT_TEST(testStoredBeforeTheClientHasIt);
    CPPUNIT_TEST(testWhatIsNeverStored);
    CPPUNIT_TEST(testOriginFreshnessWins);
    CPPUNIT_TEST(testVary);
    CPPUNIT_TEST(testConsumersAndAuthorization);
    CPPUNIT_TEST(testConditionalRequests);
    CPPUNIT_TEST(testStaleIfError);
    CPPUNIT_TEST(testPurge);
    CPPUNIT_TEST(testConcurrentMissesCoalesce);
    CPPUNIT_TEST(testLeaderLeavingDoesNotFailFollowers);
    CPPUNIT_TEST(testPostReadsKeyedByJsonBody);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHitsComeFromMemory()
    {
        start("<cache ttl=\"30s\"/>");
        const HttpResponse miss = _gateway->get("/c/a");
        CPPUNIT_ASSERT_EQUAL(200, miss.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), miss.header("x-cache"));
        const HttpResponse hit = _gateway->get("/c/a");
        CPPUNIT_ASSERT_EQUAL(200, hit.status);
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), hit.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(miss.body, hit.body); // the same serial: the answer replayed
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), hit.header("content-type"));
        CPPUNIT_ASSERT(!hit.header("age").empty() && std::stoi(hit.header("age")) <= 1);
        CPPUNIT_ASSERT(hit.header("x-request-id") != miss.header("x-request-id"));
        // HEAD is answered from GET's entry, without a body.
        const HttpResponse head = _gateway->request(simpleRequest("HEAD", "/c/a", ""), true);
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), head.header("x-cache"));
        CPPUNIT_ASSERT(head.body.empty());
        // Another path, or another query, is another entry.
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/b").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/a?x=1").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), _gateway->get("/c/a?x=1").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(3, _upstream->requestsServed());
    }

    void testStoredBeforeTheClientHasIt()
    {
        // The entry is in place before the answer's last byte leaves: a client that asks again
        // the moment it has the answer (on another connection, so perhaps another loop) hits.
        start("<cache ttl=\"30s\"/>");
        for (int round = 0; round < 100; ++round)
        {
            const std::string path = "/c/round" + std::to_string(round);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("MISS"), _gateway->get(path).header("x-cache"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("HIT"), _gateway->get(path).header("x-cache"));
        }
        CPPUNIT_ASSERT_EQUAL(100, _upstream->requestsServed());
    }

    void testWhatIsNeverStored()
    {
        start("<cache ttl=\"30s\"/>");
        for (const std::string query :
             {"h=Cache-Control:no-store", "h=Cache-Control:private", "h=Cache-Control:no-cache",
              "h=Set-Cookie:session%3D1", "status=500", "h=Vary:*"})
        {
            for (int i = 0; i < 2; ++i)
            {
                const HttpResponse answer = _gateway->get("/c/x?" + query);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(query, std::string("MISS"), answer.header("x-cache"));
            }
        }
        CPPUNIT_ASSERT_EQUAL(12, _upstream->requestsServed());
        // Other methods and a client's no-store pass by the store.
        const HttpResponse post =
            _gateway->request("POST /c/p HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}");
        CPPUNIT_ASSERT_EQUAL(std::string("BYPASS"), post.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("BYPASS"),
                             _gateway->get("/c/n", "Cache-Control: no-store\r\n").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/n").header("x-cache"));
    }

    void testOriginFreshnessWins()
    {
        // The route says 30 s; the origin says 2 s, and wins. (Ages count whole seconds, so the
        // hit right after the miss has a second of slack on a slow machine.)
        start("<cache ttl=\"30s\"/>");
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"),
                             _gateway->get("/c/f?h=Cache-Control:max-age%3D2").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"),
                             _gateway->get("/c/f?h=Cache-Control:max-age%3D2").header("x-cache"));
        std::this_thread::sleep_for(std::chrono::milliseconds(3100));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"),
                             _gateway->get("/c/f?h=Cache-Control:max-age%3D2").header("x-cache"));
        // An Expires in the past (with no Cache-Control) is never fresh.
        for (int i = 0; i < 2; ++i)
            CPPUNIT_ASSERT_EQUAL(
                std::string("MISS"),
                _gateway->get("/c/e?h=Expires:Thu,%2001%20Jan%201970%2000:00:00%20GMT").header("x-cache"));
        // An origin that already aged the answer: its Age counts.
        const HttpResponse aged = _gateway->get("/c/g?h=Age:7");
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), aged.header("x-cache"));
        const HttpResponse agedHit = _gateway->get("/c/g?h=Age:7");
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), agedHit.header("x-cache"));
        CPPUNIT_ASSERT(std::stoi(agedHit.header("age")) >= 7);
    }

    void testVary()
    {
        start("<cache ttl=\"30s\" vary=\"X-Region\"/>");
        // The route's vary list.
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"),
                             _gateway->get("/c/v", "X-Region: eu\r\n").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"),
                             _gateway->get("/c/v", "X-Region: us\r\n").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), _gateway->get("/c/v", "X-Region: eu\r\n").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/v").header("x-cache"));
        // The origin's Vary.
        const std::string varies = "/c/l?h=Vary:Accept-Language";
        const HttpResponse french = _gateway->get(varies, "Accept-Language: fr\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), french.header("x-cache"));
        const HttpResponse frenchAgain = _gateway->get(varies, "Accept-Language: fr\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), frenchAgain.header("x-cache"));
        CPPUNIT_ASSERT(frenchAgain.body.find("\"acceptLanguage\":\"fr\"") != std::string::npos);
        const HttpResponse german = _gateway->get(varies, "Accept-Language: de\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), german.header("x-cache"));
        CPPUNIT_ASSERT(german.body.find("\"acceptLanguage\":\"de\"") != std::string::npos);
    }

    void testConsumersAndAuthorization()
    {
        // Each consumer its own entries...
        start("<auth><apiKey header=\"X-API-Key\"/></auth><cache ttl=\"30s\"/>", acmeAndBetaConsumers());
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"),
                             _gateway->get("/c/k", apiKeyHeader(acmeKey)).header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"),
                             _gateway->get("/c/k", apiKeyHeader(acmeKey)).header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"),
                             _gateway->get("/c/k", apiKeyHeader(betaKey)).header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/c/k").status); // and nothing for no one
        // ...unless the route declares its answers public.
        _gateway.reset();
        start("<auth><apiKey header=\"X-API-Key\"/></auth><cache ttl=\"30s\" public=\"true\"/>",
              acmeAndBetaConsumers());
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"),
                             _gateway->get("/c/p", apiKeyHeader(acmeKey)).header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"),
                             _gateway->get("/c/p", apiKeyHeader(betaKey)).header("x-cache"));
        // On a route that authenticates no one, credentials are the upstream's business: never
        // answered from (or stored into) the shared store.
        _gateway.reset();
        start("<cache ttl=\"30s\"/>");
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/o").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("BYPASS"),
                             _gateway->get("/c/o", "Authorization: Bearer secret\r\n").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("BYPASS"),
                             _gateway->get("/c/o2", "Authorization: Bearer secret\r\n").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/o2").header("x-cache"));
    }

    void testConditionalRequests()
    {
        start("<cache ttl=\"30s\"/>");
        const std::string target =
            "/c/t?h=ETag:%22v1%22&h=Last-Modified:Tue,%2001%20Dec%202026%2010:00:00%20GMT";
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get(target).header("x-cache"));
        const HttpResponse matched = _gateway->get(target, "If-None-Match: \"v0\", W/\"v1\"\r\n");
        CPPUNIT_ASSERT_EQUAL(304, matched.status);
        CPPUNIT_ASSERT(matched.body.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("\"v1\""), matched.header("etag"));
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get(target, "If-None-Match: \"v2\"\r\n").status);
        CPPUNIT_ASSERT_EQUAL(
            304, _gateway->get(target, "If-Modified-Since: Wed, 02 Dec 2026 10:00:00 GMT\r\n").status);
        CPPUNIT_ASSERT_EQUAL(
            200, _gateway->get(target, "If-Modified-Since: Mon, 30 Nov 2026 10:00:00 GMT\r\n").status);
        CPPUNIT_ASSERT_EQUAL(1, _upstream->requestsServed());
    }

    void testStaleIfError()
    {
        start("<cache ttl=\"1s\" staleIfError=\"1m\"/>");
        const HttpResponse fresh = _gateway->get("/c/s");
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), fresh.header("x-cache"));
        std::this_thread::sleep_for(std::chrono::milliseconds(2100));
        _upstream.reset(); // the back end is down
        const HttpResponse stale = _gateway->get("/c/s");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(stale.body, 200, stale.status);
        CPPUNIT_ASSERT_EQUAL(std::string("STALE"), stale.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(fresh.body, stale.body);
        CPPUNIT_ASSERT(std::stoi(stale.header("age")) >= 2);
        // Nothing stored for that one: the failure shows.
        const HttpResponse never = _gateway->get("/c/never");
        CPPUNIT_ASSERT_EQUAL(502, never.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), never.header("x-cache"));
    }

    void testPurge()
    {
        start("<cache ttl=\"30s\"/>");
        for (const char* path : {"/c/a", "/c/b", "/c/deep/1", "/c/deep/2"})
            _gateway->get(path);
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), _gateway->get("/c/a").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("{\"purged\":2}"),
            adminCall(*_gateway, "POST", "/admin/cache/purge", "{\"prefix\":\"/c/deep/\"}").body);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/deep/1").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), _gateway->get("/c/a").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("{\"purged\":0}"),
            adminCall(*_gateway, "POST", "/admin/cache/purge", "{\"route\":\"other\"}").body);
        CPPUNIT_ASSERT_EQUAL(
            std::string("{\"purged\":3}"),
            adminCall(*_gateway, "POST", "/admin/cache/purge", "{\"route\":\"cached\"}").body);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), _gateway->get("/c/a").header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"purged\":1}"),
                             adminCall(*_gateway, "POST", "/admin/cache/purge", "{}").body);
        CPPUNIT_ASSERT_EQUAL(400,
                             adminCall(*_gateway, "POST", "/admin/cache/purge", "{\"path\":\"/c\"}").status);
        CPPUNIT_ASSERT_EQUAL(400, adminCall(*_gateway, "POST", "/admin/cache/purge", "[").status);
    }

    void testConcurrentMissesCoalesce()
    {
        start("<cache ttl=\"30s\"/>");
        // Twelve clients at once on a slow back end (both event loops): one request reaches it.
        std::vector<HttpResponse> answers(12);
        std::vector<std::thread> clients;
        for (std::size_t i = 0; i < answers.size(); ++i)
            clients.emplace_back([&, i] { answers[i] = _gateway->get("/c/slow?delay=700"); });
        for (std::thread& client : clients)
            client.join();
        int misses = 0, hits = 0;
        for (const HttpResponse& answer : answers)
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
            CPPUNIT_ASSERT_EQUAL(answers[0].body, answer.body); // one answer, one serial
            misses += answer.header("x-cache") == "MISS" ? 1 : 0;
            hits += answer.header("x-cache") == "HIT" ? 1 : 0;
        }
        CPPUNIT_ASSERT_EQUAL(1, misses);
        CPPUNIT_ASSERT_EQUAL(11, hits);
        CPPUNIT_ASSERT_EQUAL(1, _upstream->requestsServed());
        // An answer that may not be stored sends the waiting ones on to the back end themselves.
        clients.clear();
        for (std::size_t i = 0; i < 4; ++i)
            clients.emplace_back(
                [&, i] { answers[i] = _gateway->get("/c/private?delay=500&h=Cache-Control:private"); });
        for (std::thread& client : clients)
            client.join();
        for (std::size_t i = 0; i < 4; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(200, answers[i].status);
            CPPUNIT_ASSERT_EQUAL(std::string("MISS"), answers[i].header("x-cache"));
        }
        CPPUNIT_ASSERT_EQUAL(5, _upstream->requestsServed());
    }

    void testLeaderLeavingDoesNotFailFollowers()
    {
        start("<cache ttl=\"30s\"/>");
        // The first client asks and leaves before the slow answer comes; two more were waiting.
        auto leaving = std::make_unique<RawHttpClient>("127.0.0.1", _gateway->port());
        leaving->send(simpleRequest("GET", "/c/left?delay=800", ""));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        HttpResponse first, second;
        std::thread followerA([&] { first = _gateway->get("/c/left?delay=800"); });
        std::thread followerB([&] { second = _gateway->get("/c/left?delay=800"); });
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        leaving.reset();
        followerA.join();
        followerB.join();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.body, 200, first.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(second.body, 200, second.status);
        CPPUNIT_ASSERT_EQUAL(first.body, second.body); // the one who took over fetched for both
        CPPUNIT_ASSERT(_upstream->requestsServed() <= 2);
    }

    void testPostReadsKeyedByJsonBody()
    {
        // The body is read before the cache looks, and reaches the upstream whole all the same.
        start("<cache ttl=\"30s\" methods=\"GET,POST\"/>", "", "/echo");
        const std::string body =
            R"({"customer":{"id":42,"fields":["name","address"]},"pad":")" + std::string(100000, 'x') + "\"}";
        const HttpResponse miss = _gateway->request(postJson("/c/read", body));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(miss.body, 200, miss.status);
        CPPUNIT_ASSERT_EQUAL(std::string("MISS"), miss.header("x-cache"));
        CPPUNIT_ASSERT(miss.body.find("\"bodyLength\":" + std::to_string(body.size())) != std::string::npos);
        // The same meaning, written otherwise and sent in chunks: a hit.
        const std::string reordered = R"({ "pad": ")" + std::string(100000, 'x') +
                                      R"(", "customer": {"fields": ["name", "address"], "id": 42}})";
        const std::string chunked = "POST /c/read HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                    "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                    chunk(reordered.substr(0, 1000)) + chunk(reordered.substr(1000)) +
                                    "0\r\n\r\n";
        const HttpResponse hit = _gateway->request(chunked);
        CPPUNIT_ASSERT_EQUAL(std::string("HIT"), hit.header("x-cache"));
        CPPUNIT_ASSERT_EQUAL(miss.body, hit.body);
        CPPUNIT_ASSERT_EQUAL(1, _upstream->requestsServed());
        // Another body is another entry; a body that is not JSON passes by.
        CPPUNIT_ASSERT_EQUAL(
            std::string("MISS"),
            _gateway->request(postJson("/c/read", R"({"customer":{"id":43}})")).header("x-cache"));
        const HttpResponse text = _gateway->request(postJson("/c/read", "not json"));
        CPPUNIT_ASSERT_EQUAL(std::string("BYPASS"), text.header("x-cache"));
        CPPUNIT_ASSERT(text.body.find("\"body\":\"not json\"") != std::string::npos);
    }

private:
    static std::string chunk(const std::string& bytes)
    {
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
        return size + bytes + "\r\n";
    }

    static std::string postJson(const std::string& target, const std::string& body)
    {
        return "POST " + target +
               " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    }

    void start(const std::string& policies, const std::string& topLevel = "",
               const std::string& upstreamPath = "/respond")
    {
        std::string config =
            gatewayConfig("", "<route name=\"cached\" path=\"/c/*\">" + policies + "<proxy url=\"" +
                                  _upstream->url() + "\" path=\"" + upstreamPath + "\"/></route>\n");
        if (!topLevel.empty()) config.insert(config.find("  <upstreams>"), topLevel);
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CacheTest, "cache");
