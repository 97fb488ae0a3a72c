// Reloading the configuration of a running porticod (SIGHUP and POST /admin/reload), against real
// peers: a demo HTTP upstream, the SOAP calculator and the fixed-width mainframe over TCP, with
// clients calling all three throughout, on keep-alive connections and fresh ones.

#include "support/GatewayFixture.h"
#include "support/ScriptService.h"
#include "support/SqliteTool.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <csignal>
#include <thread>

using namespace portico::test;

namespace
{

std::string getRequest(const std::string& target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: test.local\r\n\r\n";
}

// Calls one route over and over until stopped, on one keep-alive connection (a fresh one every
// tenth request and after any close), counting answers that were not 200.
class Caller
{
public:
    Caller(unsigned short port, std::string request) : _port(port), _request(std::move(request))
    {
        _thread = std::thread([this] { run(); });
    }
    ~Caller() { finish(); }
    void finish()
    {
        _stop = true;
        if (_thread.joinable()) _thread.join();
    }
    int calls() const { return _calls; }
    int failures() const { return _failures; }
    const std::string& firstFailure() const { return _firstFailure; }

private:
    void run()
    {
        std::unique_ptr<RawHttpClient> client;
        // Bounded: a stop that never comes ends the loop after a minute of calls anyway.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!_stop && std::chrono::steady_clock::now() < deadline)
        {
            if (!client || _calls % 10 == 0) client = std::make_unique<RawHttpClient>("127.0.0.1", _port);
            const HttpResponse answer = client->request(_request);
            ++_calls;
            if (answer.status != 200)
            {
                if (_failures++ == 0)
                    _firstFailure = std::to_string(answer.status) + " after " + std::to_string(_calls) +
                                    " calls: " + answer.body;
            }
            if (answer.closed || answer.status == 0) client.reset();
        }
    }

    unsigned short _port;
    std::string _request;
    std::atomic<bool> _stop{false};
    std::atomic<int> _calls{0};
    std::atomic<int> _failures{0};
    std::string _firstFailure;
    std::thread _thread;
};

} // namespace

class ReloadTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReloadTest);
    CPPUNIT_TEST(testReloadsUnderLoadFailNoRequestAndKeepLegacyConnections);
    CPPUNIT_TEST(testInvalidConfigurationIs400AndTheOldOneServes);
    CPPUNIT_TEST(testListenersOpenAndCloseWhileKeptOnesStay);
    CPPUNIT_TEST(testRateLimitStateSurvivesAReload);
    CPPUNIT_TEST(testQuotaCountsSurviveAReload);
    CPPUNIT_TEST(testPluginAddedToTheFolderIsLoaded);
    CPPUNIT_TEST(testEachReloadIsAnAuditRowWithBothDigests);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _plugins = privatePluginFolder(*_folder, "soap");
        privatePluginFolder(*_folder, "tcp");
        _upstream = std::make_unique<DemoUpstream>(*_folder, "backend");
        _soap = std::make_unique<ScriptService>(*_folder, "soap-service",
                                                "tests/demo/soap/calculator_service.py");
        _connectionLog = _folder->file("mainframe-connections.log");
        _mainframe = std::make_unique<ScriptService>(
            *_folder, "mainframe", "tests/demo/tcp/legacy_tcp_service.py",
            std::vector<std::string>{"--mode=mainframe", "--connection-log=" + _connectionLog});
    }

    void tearDown() override
    {
        _gateway.reset();
        _mainframe.reset();
        _soap.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testReloadsUnderLoadFailNoRequestAndKeepLegacyConnections()
    {
        start(config(0));
        Caller proxy(_gateway->port(), getRequest("/api/proxy/orders"));
        Caller soap(_gateway->port(), postJson("/api/calculator/Add", R"({"a":2,"b":3})"));
        Caller tcp(_gateway->port(), getRequest("/api/accounts/12345/balance"));
        for (int generation = 1; generation <= 20; ++generation)
        {
            rewrite(config(generation));
            if (generation % 2 == 0)
            {
                const HttpResponse reloaded = adminCall(*_gateway, "POST", "/admin/reload");
                CPPUNIT_ASSERT_EQUAL_MESSAGE(reloaded.body, 200, reloaded.status);
            }
            else
                ::kill(_gateway->process().pid(), SIGHUP);
            waitForGeneration(generation);
        }
        proxy.finish();
        soap.finish();
        tcp.finish();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(proxy.firstFailure(), 0, proxy.failures());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(soap.firstFailure(), 0, soap.failures());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(tcp.firstFailure(), 0, tcp.failures());
        CPPUNIT_ASSERT(proxy.calls() > 20 && soap.calls() > 20 && tcp.calls() > 20);
        // The mainframe's adapter was configured alike throughout: the same pooled connections
        // (at most its pool of 2) served every reload, none made again.
        const std::size_t connections = lineCount(_connectionLog);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(connections), connections >= 1 && connections <= 2);
    }

    void testInvalidConfigurationIs400AndTheOldOneServes()
    {
        start(config(0));
        std::string broken = config(1);
        broken.replace(broken.find("<proxy upstream=\"backend\"/>"), 27, "<proxy upstream=\"missing\"/>");
        rewrite(broken);
        const HttpResponse refused = adminCall(*_gateway, "POST", "/admin/reload");
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), refused.header("content-type"));
        Poco::JSON::Object::Ptr problem =
            Poco::JSON::Parser().parse(refused.body).extract<Poco::JSON::Object::Ptr>();
        const std::string error = problem->getArray("errors")->getElement<std::string>(0);
        // FILE:LINE:COL, pointing at the bad reference.
        CPPUNIT_ASSERT_MESSAGE(error, error.rfind(_gateway->configPath() + ":", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("'missing'") != std::string::npos);
        // A SIGHUP with the same file changes nothing either, and kills nothing.
        ::kill(_gateway->process().pid(), SIGHUP);
        CPPUNIT_ASSERT(_gateway->process().waitForOutput("was not reloaded", std::chrono::seconds(5)));
        CPPUNIT_ASSERT_EQUAL(-2, _gateway->process().waitForExit(std::chrono::milliseconds(100)));
        const HttpResponse served = _gateway->get("/api/proxy/x");
        CPPUNIT_ASSERT_EQUAL(200, served.status);
        CPPUNIT_ASSERT_EQUAL(std::string("0"), served.header("x-generation"));
        // Not XML at all: the same.
        rewrite("<portico><server>");
        CPPUNIT_ASSERT_EQUAL(400, adminCall(*_gateway, "POST", "/admin/reload").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/proxy/x").status);
    }

    void testListenersOpenAndCloseWhileKeptOnesStay()
    {
        start(config(0));
        RawHttpClient kept("127.0.0.1", _gateway->port());
        CPPUNIT_ASSERT_EQUAL(200, kept.request(getRequest("/api/proxy/a")).status);
        const unsigned short second = freePort();
        std::string twoListeners = config(1);
        const std::string first =
            "<listener address=\"127.0.0.1:" + std::to_string(_gateway->port()) + "\"/>";
        twoListeners.replace(twoListeners.find(first), first.size(),
                             first + "<listener address=\"127.0.0.1:" + std::to_string(second) + "\"/>");
        rewrite(twoListeners);
        CPPUNIT_ASSERT_EQUAL(200, adminCall(*_gateway, "POST", "/admin/reload").status);
        RawHttpClient added("127.0.0.1", second);
        CPPUNIT_ASSERT_EQUAL(200, added.request(getRequest("/api/proxy/b")).status);
        // The connection made before the reload is still open, and now served by the new configuration.
        const HttpResponse again = kept.request(getRequest("/api/proxy/c"));
        CPPUNIT_ASSERT_EQUAL(200, again.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), again.header("x-generation"));

        rewrite(config(2));
        CPPUNIT_ASSERT_EQUAL(200, adminCall(*_gateway, "POST", "/admin/reload").status);
        RawHttpClient removed("127.0.0.1", second);
        CPPUNIT_ASSERT(!removed.connected());
        CPPUNIT_ASSERT_EQUAL(200, kept.request(getRequest("/api/proxy/d")).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/proxy/e").status);
    }

    void testRateLimitStateSurvivesAReload()
    {
        start(config(0));
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/limited/1").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/limited/2").status);
        rewrite(config(1)); // the limit as it was, other routes changed
        CPPUNIT_ASSERT_EQUAL(200, adminCall(*_gateway, "POST", "/admin/reload").status);
        // Fresh buckets would admit three more.
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/limited/3").status);
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/api/limited/4").status);
    }

    void testQuotaCountsSurviveAReload()
    {
        start(config(0));
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/metered/1").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/metered/2").status);
        rewrite(config(1));
        CPPUNIT_ASSERT_EQUAL(200, adminCall(*_gateway, "POST", "/admin/reload").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/metered/3").status);
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/api/metered/4").status);
    }

    void testPluginAddedToTheFolderIsLoaded()
    {
        // A folder with the soap plugin alone; the tcp one arrives while the gateway runs.
        TempDirectory other;
        _plugins = privatePluginFolder(other, "soap");
        std::string withoutTcp = config(0);
        withoutTcp.erase(withoutTcp.find("    <route name=\"balance\""),
                         withoutTcp.find("  </routes>") - withoutTcp.find("    <route name=\"balance\""));
        start(withoutTcp);
        CPPUNIT_ASSERT_EQUAL(404, _gateway->get("/api/accounts/12345/balance").status);
        privatePluginFolder(other, "tcp");
        rewrite(config(1));
        const HttpResponse reloaded = adminCall(*_gateway, "POST", "/admin/reload");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reloaded.body, 200, reloaded.status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/accounts/12345/balance").status);
        const HttpResponse plugins = adminCall(*_gateway, "GET", "/admin/plugins");
        CPPUNIT_ASSERT_MESSAGE(plugins.body, plugins.body.find("tcp.so") != std::string::npos);
        _gateway.reset();
    }

    void testEachReloadIsAnAuditRowWithBothDigests()
    {
        const std::string audit = "<audit database=\"" + _folder->file("audit.db") + "\"/>\n";
        start(withAudit(config(0), audit));
        const std::string before = digestOf(readFile(_gateway->configPath()));
        rewrite(withAudit(config(1), audit));
        const std::string after = digestOf(readFile(_gateway->configPath()));
        CPPUNIT_ASSERT_EQUAL(200, adminCall(*_gateway, "POST", "/admin/reload").status);
        rewrite("<portico>");
        CPPUNIT_ASSERT_EQUAL(400, adminCall(*_gateway, "POST", "/admin/reload").status);
        _gateway.reset(); // the writer flushes at the stop
        const std::string rows =
            sqliteTool(*_folder, "SELECT status, path FROM audit_log WHERE path LIKE 'RELOAD%' ORDER BY id");
        CPPUNIT_ASSERT_MESSAGE(rows, rows.find("200|RELOAD config=" + _configPath + " sha256=" + before +
                                               " -> sha256=" + after + " by 127.0.0.1") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(rows, rows.find("400|RELOAD refused config=") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(rows, rows.find("sha256=" + after + " still serving") != std::string::npos);
    }

private:
    // Everything a reload may change is the same in every generation but the response header
    // that tells them apart; the ports stay those the gateway started with.
    std::string config(int generation) const
    {
        const std::string port = _gateway ? std::to_string(_gateway->port()) : "@PORT@";
        const std::string admin = _gateway ? std::to_string(_gateway->adminPort()) : "@ADMIN_PORT@";
        const std::string mark = "<headers><response><set name=\"X-Generation\" value=\"" +
                                 std::to_string(generation) + "\"/></response></headers>";
        return "<portico>\n"
               "  <server ioThreads=\"2\">\n"
               "    <listener address=\"127.0.0.1:" +
               port +
               "\"/>\n"
               "    <admin address=\"127.0.0.1:" +
               admin +
               "\" token=\"test-admin-token\"/>\n"
               "  </server>\n"
               "  <plugins directory=\"" +
               _plugins +
               "\"/>\n"
               "  <store database=\"" +
               _folder->file("store.db") +
               "\"/>\n"
               "  <upstreams><upstream name=\"backend\"><target url=\"" +
               _upstream->url() +
               "\"/></upstream></upstreams>\n"
               "  <routes>\n"
               "    <route name=\"proxy\" path=\"/api/proxy/*\">" +
               mark +
               "<proxy upstream=\"backend\"/></route>\n"
               "    <route name=\"limited\" path=\"/api/limited/{id}\"><rateLimit requests=\"3\" per=\"1m\" "
               "key=\"route\"/><proxy upstream=\"backend\"/></route>\n"
               "    <route name=\"metered\" path=\"/api/metered/{id}\"><quota requests=\"3\" per=\"day\" "
               "key=\"ip\"/><proxy upstream=\"backend\"/></route>\n"
               "    <route name=\"calculator\" path=\"/api/calculator/{operation}\" methods=\"POST\">" +
               mark + "<adapter type=\"soap\"><wsdl>http://" + _soap->address() +
               "/?wsdl</wsdl><operation>{operation}</operation><timeout>10s</timeout></adapter></route>\n"
               "    <route name=\"balance\" path=\"/api/accounts/{account}/balance\" methods=\"GET\">" +
               mark + "<adapter type=\"tcp\"><endpoint>" + _mainframe->address() +
               "</endpoint><framing type=\"length-prefix\" bytes=\"2\" "
               "byteOrder=\"big\"/><charset>IBM037</charset>"
               "<request codec=\"fixed\"><field name=\"txn\" length=\"4\" value=\"BAL1\"/>"
               "<field name=\"account\" length=\"10\" align=\"right\" pad=\"0\"/></request>"
               "<response codec=\"fixed\"><field name=\"rc\" length=\"2\" type=\"int\"/>"
               "<field name=\"account\" length=\"10\"/><field name=\"balance\" length=\"13\" "
               "type=\"decimal\" "
               "scale=\"2\" align=\"right\" pad=\"0\"/><field name=\"currency\" length=\"3\"/></response>"
               "<pool size=\"2\" connectTimeout=\"2s\" timeout=\"5s\"/></adapter></route>\n"
               "  </routes>\n"
               "</portico>\n";
    }

    static std::string withAudit(std::string text, const std::string& audit)
    {
        return text.replace(text.find("  <plugins"), 0, "  " + audit);
    }

    void start(const std::string& text)
    {
        _gateway = std::make_unique<Gateway>(*_folder, text);
        _configPath = _gateway->configPath();
    }

    void rewrite(const std::string& text) { writeFile(_gateway->configPath(), text); }

    // A SIGHUP answers nothing: wait (bounded) until fresh connections see the generation.
    void waitForGeneration(int generation)
    {
        const std::string wanted = std::to_string(generation);
        for (int attempt = 0; attempt < 100; ++attempt)
        {
            if (_gateway->get("/api/proxy/probe").header("x-generation") == wanted) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CPPUNIT_FAIL("generation " + wanted + " never served");
    }

    std::string digestOf(const std::string& text) const
    {
        const std::string path = _folder->file("digest.input");
        writeFile(path, text);
        TestProcess sum;
        sum.start("/usr/bin/sha256sum", {path}, _folder->file("sha256sum"));
        sum.waitForExit(std::chrono::seconds(5));
        return sum.output().substr(0, 64);
    }

    std::unique_ptr<TempDirectory> _folder;
    std::string _plugins;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<ScriptService> _soap;
    std::unique_ptr<ScriptService> _mainframe;
    std::string _connectionLog;
    std::unique_ptr<Gateway> _gateway;
    std::string _configPath;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ReloadTest, "reload");
