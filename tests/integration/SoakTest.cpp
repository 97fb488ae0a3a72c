// A bounded soak through one real porticod with every kind of route in use at once: a plain proxy,
// API-key authentication, the response cache, a rate limit kept in a real Redis, the soap adapter
// (a real SOAP service), the tcp adapter (a fixed-width EBCDIC mainframe and an HL7 peer), strict
// audit, and one route to a back end that fails on purpose (the injected faults). At a steady rate
// for PORTICO_SOAK_SECONDS (60 by default; PORTICO_SOAK_RATE requests/s, 200 by default) it
// checks that:
// - every request is answered, each kind with the status it should have and the right body;
// - no answer is a 5xx except the injected faults' 502s;
// - the gateway's resident memory grows by less than 5% from the end of the warm-up (the first
//   quarter) to the end;
// - the audit log holds exactly one row per request, with the statuses the clients saw, and its
//   chain verifies.
// It prints its figures, for the README.

#include "support/GatewayFixture.h"
#include "support/PacedLoad.h"
#include "support/RedisServer.h"
#include "support/ResidentMemory.h"
#include "support/Sanitizers.h"
#include "support/ScriptService.h"
#include "support/SqliteTool.h"
#include "support/TestConsumers.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

using namespace portico::test;

namespace
{

using Clock = std::chrono::steady_clock;

long settingFromEnvironment(const char* name, long fallback)
{
    const char* value = std::getenv(name);
    return value != nullptr && std::atol(value) > 0 ? std::atol(value) : fallback;
}

// The kinds of request the load cycles through, one after another.
enum class Kind
{
    Proxy,
    Keyed,
    NoKey,
    Cached,
    Limited,
    Soap,
    Mainframe,
    Hl7,
    Injected,
    NotFound,
};
constexpr int kindCount = 10;

const char* nameOf(Kind kind)
{
    switch (kind)
    {
    case Kind::Proxy:
        return "proxy";
    case Kind::Keyed:
        return "api key";
    case Kind::NoKey:
        return "no key (401)";
    case Kind::Cached:
        return "cache";
    case Kind::Limited:
        return "rate limit (redis)";
    case Kind::Soap:
        return "soap";
    case Kind::Mainframe:
        return "tcp fixed-width";
    case Kind::Hl7:
        return "tcp hl7";
    case Kind::Injected:
        return "injected faults";
    case Kind::NotFound:
        return "no route (404)";
    }
    return "?";
}

Kind kindOf(std::uint64_t sequence)
{
    return static_cast<Kind>(sequence % kindCount);
}

std::string post(const std::string& target, const std::string& contentType, const std::string& body)
{
    return "POST " + target + " HTTP/1.1\r\nHost: test.local\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string hl7Message(std::uint64_t sequence)
{
    return "MSH|^~\\&|GW|PORTICO|LAB|HOSP|20261128120000||ADT^A01|SOAK" + std::to_string(sequence) +
           "|P|2.5\rPID|1||12345^^^HOSP||Doe^John\r";
}

std::string zeroPadded(std::uint64_t number, std::size_t width)
{
    std::string digits = std::to_string(number);
    return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

std::string requestFor(std::uint64_t sequence)
{
    const std::string id = "soak-" + std::to_string(sequence);
    switch (kindOf(sequence))
    {
    case Kind::Proxy:
        return simpleRequest("GET", "/api/orders/" + id);
    case Kind::Keyed:
        return simpleRequest("GET", "/api/keyed/" + id, apiKeyHeader(acmeKey));
    case Kind::NoKey:
        return simpleRequest("GET", "/api/keyed/" + id);
    // Twenty entries, each refreshed every two seconds: hits, misses and expiries all the time.
    case Kind::Cached:
        return simpleRequest("GET", "/api/cached/item-" + std::to_string(sequence / kindCount % 20));
    case Kind::Limited:
        return simpleRequest("GET", "/api/limited/" + id);
    case Kind::Soap:
        return post("/api/calculator/Add", "application/json",
                    "{\"a\":" + std::to_string(sequence) + ",\"b\":1}");
    case Kind::Mainframe:
        return simpleRequest("GET", "/api/accounts/" + std::to_string(sequence % 100000) + "/balance");
    case Kind::Hl7:
        return post("/api/hl7/adt", "text/plain", hl7Message(sequence));
    // Every other one a connection reset before any answer, or bytes that are not HTTP; the rest
    // a pooled connection the back end has closed, which the gateway must survive.
    case Kind::Injected:
    {
        static const char* const faults[] = {"/reset-before-head", "/garbage", "/close-after-answer", "/ok"};
        return simpleRequest("GET", std::string("/api/flaky") + faults[sequence / kindCount % 4]);
    }
    case Kind::NotFound:
        return simpleRequest("GET", "/nowhere/" + id);
    }
    return std::string();
}

// Whether answer is what this request should get; the statuses a kind may answer with are checked
// here too, so a 5xx on any kind but the injected faults is wrong.
bool isRightAnswer(std::uint64_t sequence, const HttpResponse& answer)
{
    const std::string id = "soak-" + std::to_string(sequence);
    const bool ok = answer.status == 200;
    switch (kindOf(sequence))
    {
    case Kind::Proxy:
    case Kind::Keyed:
        return ok && answer.body.find(id) != std::string::npos;
    case Kind::NoKey:
        return answer.status == 401;
    case Kind::Cached:
        return ok;
    case Kind::Limited:
        return (ok && answer.body.find(id) != std::string::npos) || answer.status == 429;
    case Kind::Soap:
        return ok && answer.body.find("\"AddResult\":" + std::to_string(sequence + 1)) != std::string::npos;
    case Kind::Mainframe:
        return ok && answer.body.find("\"account\":\"" + zeroPadded(sequence % 100000, 10) + "\"") !=
                         std::string::npos;
    case Kind::Hl7:
        return ok && answer.body.find("SOAK" + std::to_string(sequence)) != std::string::npos;
    case Kind::Injected:
        return ok || answer.status == 502;
    case Kind::NotFound:
        return answer.status == 404;
    }
    return false;
}

// What the clients saw.
class Tally
{
public:
    void count(std::uint64_t sequence, const HttpResponse& answer)
    {
        const bool right = isRightAnswer(sequence, answer);
        std::lock_guard<std::mutex> lock(_mutex);
        ++_statuses[{kindOf(sequence), answer.status}];
        ++_byStatus[answer.status];
        if (!right && _wrongExamples.size() < 5)
            _wrongExamples.push_back(std::string(nameOf(kindOf(sequence))) + " " +
                                     std::to_string(answer.status) + " " + answer.body.substr(0, 200));
        _wrong += right ? 0 : 1;
    }

    std::uint64_t wrong() const { return _wrong; }
    std::uint64_t withStatus(int status) const
    {
        const auto found = _byStatus.find(status);
        return found == _byStatus.end() ? 0 : found->second;
    }
    std::uint64_t serverErrors(Kind kind) const
    {
        std::uint64_t total = 0;
        for (const auto& [key, count] : _statuses)
            total += key.first == kind && key.second >= 500 ? count : 0;
        return total;
    }
    std::uint64_t serverErrorsOutside(Kind injected) const
    {
        std::uint64_t total = 0;
        for (int kind = 0; kind < kindCount; ++kind)
            total += static_cast<Kind>(kind) == injected ? 0 : serverErrors(static_cast<Kind>(kind));
        return total;
    }
    const std::vector<std::string>& wrongExamples() const { return _wrongExamples; }

    void print(std::ostream& out) const
    {
        for (int kind = 0; kind < kindCount; ++kind)
        {
            out << "  " << nameOf(static_cast<Kind>(kind)) << ":";
            for (const auto& [key, count] : _statuses)
                if (key.first == static_cast<Kind>(kind)) out << " " << key.second << "×" << count;
            out << "\n";
        }
    }

private:
    std::mutex _mutex;
    std::map<std::pair<Kind, int>, std::uint64_t> _statuses;
    std::map<int, std::uint64_t> _byStatus;
    std::vector<std::string> _wrongExamples;
    std::uint64_t _wrong = 0;
};

// The gateway's resident size every half second while the load runs.
class MemoryWatch
{
public:
    explicit MemoryWatch(pid_t pid)
        : _thread(
              [this, pid]
              {
                  const Clock::time_point start = Clock::now();
                  while (!_stop.load())
                  {
                      const double at = std::chrono::duration<double>(Clock::now() - start).count();
                      const long kib = residentKiB(pid);
                      {
                          std::lock_guard<std::mutex> lock(_mutex);
                          _samples.emplace_back(at, kib);
                      }
                      std::this_thread::sleep_for(std::chrono::milliseconds(500));
                  }
              })
    {
    }
    ~MemoryWatch() { stop(); }

    void stop()
    {
        _stop = true;
        if (_thread.joinable()) _thread.join();
    }
    // The largest sample in [from, to) seconds.
    long peakBetween(double from, double to)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        long peak = -1;
        for (const auto& [at, kib] : _samples)
            if (at >= from && at < to) peak = std::max(peak, kib);
        return peak;
    }

private:
    std::mutex _mutex;
    std::vector<std::pair<double, long>> _samples;
    std::atomic<bool> _stop{false};
    std::thread _thread;
};

} // namespace

class SoakTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SoakTest);
    CPPUNIT_TEST(testMixedLoadAtASteadyRate);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMixedLoadAtASteadyRate()
    {
        TempDirectory folder;
        DemoUpstream upstream(folder, "rest");
        ScriptService faulty(folder, "faulty", "tests/demo/faults/faulty_upstream.py");
        ScriptService soap(folder, "soap", "tests/demo/soap/calculator_service.py");
        ScriptService mainframe(folder, "mainframe", "tests/demo/tcp/legacy_tcp_service.py",
                                {"--mode=mainframe"});
        ScriptService hl7(folder, "hl7", "tests/demo/tcp/hl7_ack_service.py");
        RedisServer redis(folder);
        privatePluginFolder(folder, "soap");
        const std::string plugins = privatePluginFolder(folder, "tcp");
        const std::string audit = folder.file("audit.db");
        Gateway gateway(folder,
                        configuration(plugins, audit, upstream.url(), faulty.address(), soap.address(),
                                      mainframe.address(), hl7.address(), redis.address()));

        const long seconds = settingFromEnvironment("PORTICO_SOAK_SECONDS", 60);
        const long rate = settingFromEnvironment("PORTICO_SOAK_RATE", 200);
        const double warmUp = static_cast<double>(seconds) / 4;
        Tally tally;
        PacedLoad load;
        load.port = gateway.port();
        load.rate = static_cast<double>(rate);
        load.duration = std::chrono::seconds(seconds);
        load.request = requestFor;
        load.answered = [&](std::uint64_t sequence, const HttpResponse& answer)
        { tally.count(sequence, answer); };
        MemoryWatch memory(gateway.process().pid());
        const std::uint64_t sent = runPacedLoad(load);
        memory.stop();

        const long afterWarmUp = memory.peakBetween(warmUp - 3, warmUp);
        const long atEnd =
            memory.peakBetween(static_cast<double>(seconds) - 3, static_cast<double>(seconds) + 5);
        const double growth = static_cast<double>(atEnd - afterWarmUp) / static_cast<double>(afterWarmUp);
        const std::string rows = sqliteTool(folder, "SELECT count(*) FROM audit_log WHERE method != 'ADMIN'");
        const std::string rowsOf5xx =
            sqliteTool(folder, "SELECT count(*) FROM audit_log WHERE method != 'ADMIN' AND status >= 500");
        const std::string rowsOf429 =
            sqliteTool(folder, "SELECT count(*) FROM audit_log WHERE method != 'ADMIN' AND status = 429");
        const HttpResponse verified = adminCall(gateway, "GET", "/admin/audit/verify");

        std::cout << "\nsoak: " << sent << " requests in " << seconds << " s at " << rate << "/s offered ("
                  << static_cast<double>(sent) / static_cast<double>(seconds) << "/s sent)\n";
        tally.print(std::cout);
        std::cout << "  resident memory: " << afterWarmUp << " KiB after the warm-up (" << warmUp << " s), "
                  << atEnd << " KiB at the end: " << growth * 100 << "% growth\n"
                  << "  audit rows: " << rows.substr(0, rows.find('\n')) << "; chain: " << verified.body
                  << "\n";
        for (const std::string& example : tally.wrongExamples())
            std::cout << "  wrong: " << example << "\n";

        CPPUNIT_ASSERT(sent >= static_cast<std::uint64_t>(seconds * rate * 9 / 10));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), tally.withStatus(0));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), tally.serverErrorsOutside(Kind::Injected));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), tally.wrong());
        // Every kind was exercised, the faults really were injected and the limit really refused.
        CPPUNIT_ASSERT(tally.serverErrors(Kind::Injected) > 0);
        CPPUNIT_ASSERT(tally.withStatus(429) > 0);
        CPPUNIT_ASSERT_EQUAL(std::to_string(sent) + "\n", rows);
        CPPUNIT_ASSERT_EQUAL(std::to_string(tally.serverErrors(Kind::Injected)) + "\n", rowsOf5xx);
        CPPUNIT_ASSERT_EQUAL(std::to_string(tally.withStatus(429)) + "\n", rowsOf429);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(verified.body, 200, verified.status);
        CPPUNIT_ASSERT(verified.body.find("\"ok\":true") != std::string::npos);
        CPPUNIT_ASSERT(afterWarmUp > 0 && atEnd > 0);
        // Under a sanitizer the figure is reported only (see support/Sanitizers.h).
        if (!memoryIsSanitized)
            CPPUNIT_ASSERT_MESSAGE("resident memory grew by " + std::to_string(growth * 100) + "%",
                                   growth < 0.05);
    }

private:
    static std::string configuration(const std::string& plugins, const std::string& audit,
                                     const std::string& rest, const std::string& faulty,
                                     const std::string& soap, const std::string& mainframe,
                                     const std::string& hl7, const std::string& redis)
    {
        // The fixture's gateway with the plugins; audit, Redis, consumers and upstreams go before
        // its routes.
        std::string config = pluginGatewayConfig(plugins, routes(soap, mainframe, hl7));
        config.insert(config.find("  <routes>"),
                      "  <audit database=\"" + audit + "\" mode=\"strict\"/>\n  <redis address=\"" + redis +
                          "\" timeout=\"500ms\"/>\n" + acmeAndBetaConsumers() +
                          "  <upstreams>\n"
                          "    <upstream name=\"rest\"><target url=\"" +
                          rest +
                          "\"/></upstream>\n"
                          "    <upstream name=\"flaky\" retries=\"0\"><target url=\"http://" +
                          faulty +
                          "\"/></upstream>\n"
                          "  </upstreams>\n");
        return config;
    }

    // Every kind of route, each behind its peer.
    static std::string routes(const std::string& soap, const std::string& mainframe, const std::string& hl7)
    {
        return "    <route name=\"orders\" path=\"/api/orders/{id}\"><proxy upstream=\"rest\" "
               "path=\"/echo/{id}\"/></route>\n"
               "    <route name=\"keyed\" path=\"/api/keyed/{id}\"><auth><apiKey "
               "header=\"X-API-Key\"/></auth>"
               "<proxy upstream=\"rest\" path=\"/echo/{id}\"/></route>\n"
               "    <route name=\"cached\" path=\"/api/cached/{id}\"><cache ttl=\"2s\"/>"
               "<proxy upstream=\"rest\" path=\"/echo/{id}\"/></route>\n"
               "    <route name=\"limited\" path=\"/api/limited/{id}\"><rateLimit requests=\"10\" per=\"1s\" "
               "key=\"route\" scope=\"cluster\"/><proxy upstream=\"rest\" path=\"/echo/{id}\"/></route>\n"
               "    <route name=\"flaky\" path=\"/api/flaky/*\"><proxy upstream=\"flaky\" "
               "path=\"/*\"/></route>\n"
               "    <route name=\"calculator\" path=\"/api/calculator/{operation}\" methods=\"POST\">"
               "<adapter type=\"soap\"><wsdl>http://" +
               soap +
               "/?wsdl</wsdl><operation>{operation}</operation><timeout>10s</timeout></adapter></route>\n"
               "    <route name=\"balance\" path=\"/api/accounts/{account}/balance\" methods=\"GET\">"
               "<adapter type=\"tcp\"><endpoint>" +
               mainframe +
               "</endpoint><framing type=\"length-prefix\" bytes=\"2\" byteOrder=\"big\"/>"
               "<charset>IBM037</charset><request codec=\"fixed\"><field name=\"txn\" length=\"4\" "
               "value=\"BAL1\"/><field name=\"account\" length=\"10\" align=\"right\" pad=\"0\"/></request>"
               "<response codec=\"fixed\"><field name=\"rc\" length=\"2\" type=\"int\"/><field "
               "name=\"account\" length=\"10\"/><field name=\"balance\" length=\"13\" type=\"decimal\" "
               "scale=\"2\" align=\"right\" pad=\"0\"/><field name=\"currency\" length=\"3\"/></response>"
               "<pool size=\"4\" connectTimeout=\"2s\" timeout=\"5s\"/></adapter></route>\n"
               "    <route name=\"adt\" path=\"/api/hl7/adt\" methods=\"POST\"><adapter "
               "type=\"tcp\"><endpoint>" +
               hl7 +
               "</endpoint><framing type=\"mllp\"/><request codec=\"text\"/><response codec=\"hl7v2\"/>"
               "</adapter></route>\n";
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SoakTest, "soak");
