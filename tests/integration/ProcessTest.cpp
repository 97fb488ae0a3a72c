// porticod as a process: the command line (--check-config, --version, --help, --daemon), signals
// and the graceful drain, the access log file, the admin listener and fatal start-up errors.
// Every test runs the real binary; waits are bounded and only guard against hangs.

#include "support/GatewayFixture.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timespan.h>
#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <map>
#include <netinet/in.h>
#include <regex>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace portico::test;

namespace
{

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string adminToken = "test-admin-token";

Poco::JSON::Object::Ptr parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        if (!line.empty())
        {
            lines.push_back(line);
        }
    }
    return lines;
}

// 1-based line and column of the first occurrence of needle in text (ASCII text only).
std::pair<int, int> positionOf(const std::string& text, const std::string& needle)
{
    std::size_t at = text.find(needle);
    CPPUNIT_ASSERT_MESSAGE("test bug: '" + needle + "' not in the configuration", at != std::string::npos);
    int line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < at; ++i)
    {
        if (text[i] == '\n')
        {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, static_cast<int>(at - lineStart) + 1};
}

std::string locationPrefix(const std::string& file, std::pair<int, int> position)
{
    return file + ":" + std::to_string(position.first) + ":" + std::to_string(position.second) + ": ";
}

// The stderr line that starts with prefix, or "" when there is none.
std::string lineStartingWith(const std::string& text, const std::string& prefix)
{
    for (const std::string& line : splitLines(text))
    {
        if (line.compare(0, prefix.size(), prefix) == 0)
        {
            return line;
        }
    }
    return "";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

struct RunResult
{
    int exitCode = -2;
    std::string out;
    std::string err;
};

// Runs porticod to completion (bounded) with extra environment entries.
RunResult runPorticod(const TempDirectory& folder, const std::vector<std::string>& arguments,
                      const std::vector<std::string>& environment = {}, const std::string& logName = "run")
{
    TestProcess process;
    process.start(binaryPath("porticod"), arguments, folder.file(logName), environment);
    RunResult result;
    result.exitCode = process.waitForExit(seconds(20));
    if (result.exitCode == -2)
    {
        process.stop(SIGKILL, seconds(5));
    }
    result.out = process.output();
    result.err = process.errorOutput();
    return result;
}

RunResult checkConfig(const TempDirectory& folder, const std::string& configPath,
                      const std::vector<std::string>& environment = {})
{
    return runPorticod(folder, {"--config=" + configPath, "--check-config"}, environment, "check");
}

std::string describe(const RunResult& result)
{
    return "exit " + std::to_string(result.exitCode) + "\nstdout:\n" + result.out + "\nstderr:\n" +
           result.err;
}

// A new connection is refused: connect() fails, or the connection is closed without an answer.
// A connection the kernel accepted into a backlog nobody serves any more counts as not refused.
bool connectionRefused(unsigned short port)
{
    RawHttpClient client("127.0.0.1", port, milliseconds(250));
    if (!client.connected())
    {
        return true;
    }
    HttpResponse response = client.request(simpleRequest("GET", "/probe"));
    return response.status == 0 && response.closed;
}

bool processGone(pid_t pid)
{
    // Reap it should it be our child (it is not, after the daemon's fork, but be safe).
    int status = 0;
    ::waitpid(pid, &status, WNOHANG);
    return ::kill(pid, 0) != 0 && errno == ESRCH;
}

// Kills a daemonized porticod that a failing test left behind.
class PidGuard
{
public:
    ~PidGuard()
    {
        if (pid > 0 && !processGone(pid))
        {
            ::kill(pid, SIGKILL);
        }
    }
    pid_t pid = -1;
};

// A listening socket on a free loopback port, holding it for the test's lifetime.
class PortBlocker
{
public:
    PortBlocker()
    {
        _fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        CPPUNIT_ASSERT_EQUAL(0, ::bind(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address));
        CPPUNIT_ASSERT_EQUAL(0, ::listen(_fd, 4));
        socklen_t length = sizeof address;
        ::getsockname(_fd, reinterpret_cast<sockaddr*>(&address), &length);
        _port = ntohs(address.sin_port);
    }
    ~PortBlocker() { ::close(_fd); }
    PortBlocker(const PortBlocker&) = delete;
    PortBlocker& operator=(const PortBlocker&) = delete;
    unsigned short port() const { return _port; }

private:
    int _fd = -1;
    unsigned short _port = 0;
};

const std::string validConfig = "<portico>\n"
                                "  <server>\n"
                                "    <listener address=\"127.0.0.1:0\"/>\n"
                                "    <limits idleTimeout=\"30s\" drainTimeout=\"2s\"/>\n"
                                "  </server>\n"
                                "  <upstreams>\n"
                                "    <upstream name=\"demo\" timeout=\"5s\">\n"
                                "      <target url=\"http://127.0.0.1:9\"/>\n"
                                "    </upstream>\n"
                                "  </upstreams>\n"
                                "  <routes>\n"
                                "    <route name=\"orders\" path=\"/orders/{id}\" methods=\"GET\">\n"
                                "      <proxy upstream=\"demo\"/>\n"
                                "    </route>\n"
                                "  </routes>\n"
                                "</portico>\n";

} // namespace

class ProcessTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProcessTest);
    CPPUNIT_TEST(testCheckConfigAcceptsValidFile);
    CPPUNIT_TEST(testCheckConfigReportsEveryErrorWithPosition);
    CPPUNIT_TEST(testCheckConfigRefusesInvalidSetting);
    CPPUNIT_TEST(testEnvironmentVariableSetsListenerPort);
    CPPUNIT_TEST(testUnsetEnvironmentVariableIsNamed);
    CPPUNIT_TEST(testVersion);
    CPPUNIT_TEST(testHelp);
    CPPUNIT_TEST(testSigtermDrainsInFlightRequest);
    CPPUNIT_TEST(testDrainTimeoutBoundsShutdown);
    CPPUNIT_TEST(testSigintStops);
    CPPUNIT_TEST(testAccessLogFile);
    CPPUNIT_TEST(testAdminHealthzAndToken);
    CPPUNIT_TEST(testAdminAddressMustBeLoopback);
    CPPUNIT_TEST(testDaemonWithPidFile);
    CPPUNIT_TEST(testListenerAddressInUseIsFatal);
    CPPUNIT_TEST(testAdminAddressInUseIsFatal);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<TempDirectory>(); }

    void tearDown() override { _folder.reset(); }

    void testCheckConfigAcceptsValidFile()
    {
        std::string path = writeConfig(validConfig);
        RunResult result = checkConfig(*_folder, path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), 0, result.exitCode);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), std::string("ok\n"), result.out);
    }

    void testCheckConfigReportsEveryErrorWithPosition()
    {
        const std::string text =
            "<portico>\n"
            "  <server>\n"
            "    <listener address=\"127.0.0.1:0\"/>\n"
            "    <limits idleTimeout=\"1.5s\"/>\n"
            "    <frobnicate/>\n"
            "  </server>\n"
            "  <upstreams>\n"
            "    <upstream name=\"demo\"><target url=\"http://127.0.0.1:9\"/></upstream>\n"
            "  </upstreams>\n"
            "  <routes>\n"
            "    <route name=\"r\" path=\"/x\">\n"
            "      <proxy upstream=\"missing\"/>\n"
            "    </route>\n"
            "  </routes>\n"
            "</portico>\n";
        std::string path = writeConfig(text);
        RunResult result = checkConfig(*_folder, path);
        CPPUNIT_ASSERT_MESSAGE(describe(result), result.exitCode > 0);
        CPPUNIT_ASSERT_MESSAGE(describe(result), !contains(result.out, "ok"));

        // Every stderr line is FILE:LINE:COL: message.
        std::vector<std::string> lines = splitLines(result.err);
        CPPUNIT_ASSERT_MESSAGE(describe(result), lines.size() >= 3);
        std::regex shape("^" + std::regex_replace(path, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                         R"(:[0-9]+:[0-9]+: .+$)");
        for (const std::string& line : lines)
        {
            CPPUNIT_ASSERT_MESSAGE("not FILE:LINE:COL: message: " + line, std::regex_match(line, shape));
        }

        // The bad duration points at the attribute, the unknown element at its '<', the
        // dangling upstream name at the proxy's upstream attribute.
        std::string duration =
            lineStartingWith(result.err, locationPrefix(path, positionOf(text, "idleTimeout")));
        CPPUNIT_ASSERT_MESSAGE(describe(result), !duration.empty());
        CPPUNIT_ASSERT_MESSAGE(duration, contains(duration, "1.5s"));

        std::string unknown =
            lineStartingWith(result.err, locationPrefix(path, positionOf(text, "<frobnicate")));
        CPPUNIT_ASSERT_MESSAGE(describe(result), !unknown.empty());
        CPPUNIT_ASSERT_MESSAGE(unknown, contains(unknown, "frobnicate") && contains(unknown, "unknown"));

        std::pair<int, int> proxyLine = positionOf(text, "<proxy upstream");
        std::string dangling =
            lineStartingWith(result.err, path + ":" + std::to_string(proxyLine.first) + ":");
        CPPUNIT_ASSERT_MESSAGE(describe(result), !dangling.empty());
        CPPUNIT_ASSERT_MESSAGE(dangling, contains(dangling, "missing"));
        std::string attributePrefix = locationPrefix(path, positionOf(text, "upstream=\"missing\""));
        CPPUNIT_ASSERT_MESSAGE("expected " + attributePrefix + " in: " + dangling,
                               dangling.compare(0, attributePrefix.size(), attributePrefix) == 0);
        // The contract: --check-config exits 1 on errors.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), 1, result.exitCode);
    }

    void testCheckConfigRefusesInvalidSetting()
    {
        const std::string text = "<portico>\n"
                                 "  <server>\n"
                                 "    <listener address=\"127.0.0.1:0\"/>\n"
                                 "  </server>\n"
                                 "  <audit database=\"audit.db\" mode=\"sometimes\"/>\n"
                                 "  <routes>\n"
                                 "    <route name=\"limited\" path=\"/limited\">\n"
                                 "      <proxy url=\"http://127.0.0.1:9\"/>\n"
                                 "    </route>\n"
                                 "  </routes>\n"
                                 "</portico>\n";
        std::string path = writeConfig(text);
        RunResult result = checkConfig(*_folder, path);
        CPPUNIT_ASSERT_MESSAGE(describe(result), result.exitCode > 0);
        std::string line =
            lineStartingWith(result.err, locationPrefix(path, positionOf(text, "mode=\"sometimes\"")));
        CPPUNIT_ASSERT_MESSAGE(describe(result), !line.empty());
        CPPUNIT_ASSERT_MESSAGE(line, contains(line, "sometimes") && contains(line, "async or strict"));

        // Nor does it start with the setting silently dropped.
        RunResult started = runPorticod(*_folder, {"--config=" + path}, {}, "start");
        CPPUNIT_ASSERT_MESSAGE(describe(started), started.exitCode > 0);
        CPPUNIT_ASSERT_MESSAGE(describe(started), contains(started.err, "invalid value 'sometimes'"));
        // The contract: --check-config exits 1 on errors.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), 1, result.exitCode);
    }

    void testEnvironmentVariableSetsListenerPort()
    {
        std::string path = writeConfig(environmentConfig());
        unsigned short port = freePort();
        std::vector<std::string> environment{"PORTICO_TEST_PORT=" + std::to_string(port)};

        RunResult checked = checkConfig(*_folder, path, environment);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(checked), 0, checked.exitCode);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(checked), std::string("ok\n"), checked.out);

        TestProcess process;
        process.start(binaryPath("porticod"), {"--config=" + path}, _folder->file("porticod"), environment);
        CPPUNIT_ASSERT_MESSAGE(process.errorOutput(), process.waitForOutput("serving", seconds(10)));
        RawHttpClient client("127.0.0.1", port);
        CPPUNIT_ASSERT_MESSAGE("nothing listens on the port from ${PORTICO_TEST_PORT}", client.connected());
        HttpResponse response = client.request(simpleRequest("GET", "/nowhere"));
        CPPUNIT_ASSERT_EQUAL(404, response.status);
        CPPUNIT_ASSERT_EQUAL(0, process.stop(SIGTERM));
    }

    void testUnsetEnvironmentVariableIsNamed()
    {
        ::unsetenv("PORTICO_TEST_PORT");
        std::string text = environmentConfig();
        std::string path = writeConfig(text);
        RunResult result = checkConfig(*_folder, path);
        CPPUNIT_ASSERT_MESSAGE(describe(result), result.exitCode > 0);
        std::pair<int, int> listener = positionOf(text, "<listener");
        std::string line = lineStartingWith(result.err, path + ":" + std::to_string(listener.first) + ":");
        CPPUNIT_ASSERT_MESSAGE(describe(result), !line.empty());
        CPPUNIT_ASSERT_MESSAGE(line, contains(line, "PORTICO_TEST_PORT"));
        // The contract: --check-config exits 1 on errors.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), 1, result.exitCode);
    }

    void testVersion()
    {
        RunResult result = runPorticod(*_folder, {"--version"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), 0, result.exitCode);
        CPPUNIT_ASSERT_MESSAGE(
            describe(result),
            std::regex_match(result.out, std::regex("porticod [0-9]+\\.[0-9]+\\.[0-9]+[^\\s]*\n")));
    }

    void testHelp()
    {
        RunResult result = runPorticod(*_folder, {"--help"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), 0, result.exitCode);
        CPPUNIT_ASSERT_MESSAGE(describe(result), contains(result.out, "--config"));
        CPPUNIT_ASSERT_MESSAGE(describe(result), contains(result.out, "--check-config"));
    }

    void testSigtermDrainsInFlightRequest()
    {
        DemoUpstream upstream(*_folder, "slow");
        Gateway gateway(*_folder,
                        gatewayConfig(upstreamXml(upstream), slowRoute(), "<limits drainTimeout=\"5s\"/>"));

        HttpResponse inFlight;
        std::atomic<bool> done{false};
        std::thread client(
            [&]
            {
                inFlight = gateway.get("/slow?ms=1500");
                done = true;
            });
        std::this_thread::sleep_for(milliseconds(300));
        Clock::time_point signalled = Clock::now();
        ::kill(gateway.process().pid(), SIGTERM);

        // New connections are refused while the slow request is still being served.
        bool refused = false;
        while (!refused && !done && Clock::now() - signalled < seconds(5))
        {
            refused = connectionRefused(gateway.port());
            if (!refused)
            {
                std::this_thread::sleep_for(milliseconds(20));
            }
        }
        bool refusedBeforeInFlightDone = refused && !done;
        client.join();

        CPPUNIT_ASSERT_EQUAL_MESSAGE(inFlight.statusLine + "\n" + gateway.process().errorOutput(), 200,
                                     inFlight.status);
        CPPUNIT_ASSERT_EQUAL(std::string("slow"), inFlight.header("x-upstream-name"));
        CPPUNIT_ASSERT_EQUAL(std::string("/slow?ms=1500"),
                             parseJson(inFlight.body)->getValue<std::string>("uri"));

        int code = gateway.process().waitForExit(seconds(10)); // drainTimeout 5s + margin
        CPPUNIT_ASSERT_EQUAL_MESSAGE(gateway.process().errorOutput(), 0, code);
        CPPUNIT_ASSERT_MESSAGE("a new connection was still accepted after SIGTERM while draining",
                               refusedBeforeInFlightDone);
    }

    void testDrainTimeoutBoundsShutdown()
    {
        DemoUpstream upstream(*_folder, "stuck");
        Gateway gateway(*_folder,
                        gatewayConfig(upstreamXml(upstream), slowRoute(), "<limits drainTimeout=\"1s\"/>"));

        std::atomic<bool> done{false};
        HttpResponse inFlight;
        std::thread client(
            [&]
            {
                inFlight = gateway.get("/slow?ms=10000");
                done = true;
            });
        std::this_thread::sleep_for(milliseconds(300));
        bool stillWaiting = !done;
        Clock::time_point signalled = Clock::now();
        ::kill(gateway.process().pid(), SIGTERM);
        int code = gateway.process().waitForExit(seconds(8));
        auto elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - signalled);
        client.join();
        upstream.process().stop(SIGKILL); // its handler thread sleeps on; do not wait for it

        CPPUNIT_ASSERT_MESSAGE("the slow request finished early", stillWaiting);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "exit code after SIGTERM with drainTimeout=1s (-2: still running after 8 s, "
            "128+N: died of signal N)\n" +
                gateway.process().errorOutput(),
            0, code);
        CPPUNIT_ASSERT_MESSAGE("exit took " + std::to_string(elapsed.count()) + " ms",
                               elapsed < milliseconds(1000 + 4000));
        CPPUNIT_ASSERT_MESSAGE("the abandoned request got a complete answer", inFlight.status != 200);
    }

    void testSigintStops()
    {
        Gateway gateway(*_folder, gatewayConfig("", ""));
        CPPUNIT_ASSERT_EQUAL(404, gateway.get("/nowhere").status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(gateway.process().errorOutput(), 0, gateway.process().stop(SIGINT));
    }

    void testAccessLogFile()
    {
        DemoUpstream upstream(*_folder, "alpha");
        unsigned short deadPort = freePort();
        std::string routes = "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"demo\"/></route>\n"
                             "<route name=\"dead\" path=\"/dead\"><proxy url=\"http://127.0.0.1:" +
                             std::to_string(deadPort) + "\"/></route>\n";
        Gateway gateway(*_folder,
                        gatewayConfig(upstreamXml(upstream), routes, "<accessLog path=\"access.log\"/>"));

        const std::string body = "{\"hello\":1}";
        struct Expected
        {
            int status;
            std::string method;
            std::string path;
            std::string route;
            HttpResponse response;
            std::size_t bodyBytes;
        };
        std::vector<Expected> expected;
        expected.push_back(
            {200, "POST", "/echo/one", "echo",
             gateway.request(simpleRequest("POST", "/echo/one", "Content-Type: application/json\r\n", body)),
             body.size()});
        expected.push_back({404, "GET", "/nowhere", "", gateway.get("/nowhere"), 0});
        expected.push_back({502, "GET", "/dead", "dead", gateway.get("/dead"), 0});
        for (const Expected& e : expected)
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(e.path, e.status, e.response.status);
            CPPUNIT_ASSERT_MESSAGE(e.path, !e.response.header("x-request-id").empty());
        }
        Poco::DateTime before;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(gateway.process().errorOutput(), 0, gateway.process().stop(SIGTERM));

        std::string log = readFile(_folder->file("access.log"));
        CPPUNIT_ASSERT_MESSAGE("access.log (beside the configuration) is empty or missing", !log.empty());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, '\n', log.back());
        std::vector<std::string> lines = splitLines(log);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, std::size_t(3), lines.size());

        std::map<std::string, Poco::JSON::Object::Ptr> byRequestId;
        std::regex isoMillis(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)");
        for (const std::string& line : lines)
        {
            Poco::JSON::Object::Ptr entry;
            try
            {
                entry = parseJson(line);
            }
            catch (const Poco::Exception& e)
            {
                CPPUNIT_FAIL("not JSON: " + line + " (" + e.displayText() + ")");
            }
            for (const char* field : {"ts", "requestId", "method", "path", "route", "status", "durationMs",
                                      "bytesIn", "bytesOut"})
            {
                CPPUNIT_ASSERT_MESSAGE(std::string("no ") + field + " in " + line, entry->has(field));
            }
            std::string ts = entry->getValue<std::string>("ts");
            CPPUNIT_ASSERT_MESSAGE(line, std::regex_match(ts, isoMillis));
            int timeZone = 0;
            Poco::DateTime when =
                Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, ts, timeZone);
            Poco::Timespan skew = before > when ? before - when : when - before;
            CPPUNIT_ASSERT_MESSAGE("ts is not the current UTC time: " + line,
                                   skew < Poco::Timespan(5 * 60, 0));
            byRequestId[entry->getValue<std::string>("requestId")] = entry;
        }

        for (const Expected& e : expected)
        {
            std::string requestId = e.response.header("x-request-id");
            auto found = byRequestId.find(requestId);
            CPPUNIT_ASSERT_MESSAGE("no line for request id " + requestId + " (" + e.path + ")\n" + log,
                                   found != byRequestId.end());
            Poco::JSON::Object::Ptr entry = found->second;
            CPPUNIT_ASSERT_EQUAL(e.status, entry->getValue<int>("status"));
            CPPUNIT_ASSERT_EQUAL(e.method, entry->getValue<std::string>("method"));
            CPPUNIT_ASSERT_EQUAL(e.path, entry->getValue<std::string>("path"));
            if (!e.route.empty())
            {
                CPPUNIT_ASSERT_EQUAL(e.route, entry->getValue<std::string>("route"));
            }
            CPPUNIT_ASSERT(entry->getValue<double>("durationMs") >= 0);
            CPPUNIT_ASSERT(entry->getValue<double>("durationMs") < 60000);
            CPPUNIT_ASSERT(entry->getValue<Poco::UInt64>("bytesIn") >= e.bodyBytes);
            // bytesOut covers at least the body and the status line the client received.
            CPPUNIT_ASSERT(entry->getValue<Poco::UInt64>("bytesOut") >=
                           e.response.body.size() + e.response.statusLine.size());
        }
    }

    void testAdminHealthzAndToken()
    {
        Gateway gateway(*_folder, gatewayConfig("", ""));
        unsigned short admin = gateway.adminPort();

        HttpResponse health = adminRequest(admin, "/healthz");
        CPPUNIT_ASSERT_EQUAL(200, health.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), parseJson(health.body)->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"status\":\"ok\"}"), health.body);

        HttpResponse anonymous = adminRequest(admin, "/admin/routes");
        CPPUNIT_ASSERT_EQUAL(401, anonymous.status);
        CPPUNIT_ASSERT(anonymous.has("www-authenticate"));

        HttpResponse wrongToken =
            adminRequest(admin, "/admin/routes", "Authorization: Bearer wrong-token\r\n");
        CPPUNIT_ASSERT_EQUAL(401, wrongToken.status);
        CPPUNIT_ASSERT(wrongToken.has("www-authenticate"));

        HttpResponse notBearer =
            adminRequest(admin, "/admin/routes", "Authorization: Basic " + adminToken + "\r\n");
        CPPUNIT_ASSERT_EQUAL(401, notBearer.status);

        HttpResponse unknown =
            adminRequest(admin, "/no/such/thing", "Authorization: Bearer " + adminToken + "\r\n");
        CPPUNIT_ASSERT_EQUAL(404, unknown.status);

        // The admin API lives on its own listener, not on the public one.
        HttpResponse publicHealth = gateway.get("/healthz");
        CPPUNIT_ASSERT_EQUAL(404, publicHealth.status);
    }

    void testAdminAddressMustBeLoopback()
    {
        const std::string text = "<portico>\n"
                                 "  <server>\n"
                                 "    <listener address=\"127.0.0.1:0\"/>\n"
                                 "    <admin address=\"0.0.0.0:0\" token=\"t\"/>\n"
                                 "  </server>\n"
                                 "</portico>\n";
        std::string path = writeConfig(text);
        RunResult result = checkConfig(*_folder, path);
        CPPUNIT_ASSERT_MESSAGE(describe(result), result.exitCode > 0);
        std::string line =
            lineStartingWith(result.err, locationPrefix(path, positionOf(text, "address=\"0.0.0.0")));
        CPPUNIT_ASSERT_MESSAGE(describe(result), !line.empty());
        CPPUNIT_ASSERT_MESSAGE(line, contains(line, "loopback"));
        // The contract: --check-config exits 1 on errors.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(result), 1, result.exitCode);
    }

    void testDaemonWithPidFile()
    {
        std::string text = gatewayConfig("", "");
        unsigned short port = freePort();
        unsigned short adminPort = freePort();
        replaceAll(text, "@PORT@", std::to_string(port));
        replaceAll(text, "@ADMIN_PORT@", std::to_string(adminPort));
        std::string path = writeConfig(text);
        std::string pidFile = _folder->file("porticod.pid");

        TestProcess launcher;
        Clock::time_point launched = Clock::now();
        launcher.start(binaryPath("porticod"), {"--daemon", "--pidfile=" + pidFile, "--config=" + path},
                       _folder->file("daemon"));
        int launcherCode = launcher.waitForExit(seconds(10));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "the launching process did not return promptly\n" + launcher.errorOutput(), 0, launcherCode);
        CPPUNIT_ASSERT(Clock::now() - launched < seconds(10));

        PidGuard daemon;
        std::string pidText;
        for (Clock::time_point deadline = Clock::now() + seconds(10); Clock::now() < deadline;)
        {
            pidText = readFile(pidFile);
            if (!pidText.empty() && pidText.back() == '\n')
            {
                break;
            }
            std::this_thread::sleep_for(milliseconds(20));
        }
        CPPUNIT_ASSERT_MESSAGE("no pid file " + pidFile, !pidText.empty());
        daemon.pid = static_cast<pid_t>(std::atol(pidText.c_str()));
        CPPUNIT_ASSERT_MESSAGE("pid file holds '" + pidText + "'", daemon.pid > 1);
        CPPUNIT_ASSERT_MESSAGE("pid " + std::to_string(daemon.pid) + " is not alive",
                               ::kill(daemon.pid, 0) == 0);

        HttpResponse response;
        for (Clock::time_point deadline = Clock::now() + seconds(10);
             response.status == 0 && Clock::now() < deadline;)
        {
            RawHttpClient client("127.0.0.1", port, seconds(2));
            if (client.connected())
            {
                response = client.request(simpleRequest("GET", "/nowhere"));
            }
            if (response.status == 0)
            {
                std::this_thread::sleep_for(milliseconds(50));
            }
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the daemon does not answer on port " + std::to_string(port), 404,
                                     response.status);
        CPPUNIT_ASSERT_EQUAL(200, adminRequest(adminPort, "/healthz").status);

        CPPUNIT_ASSERT_EQUAL(0, ::kill(daemon.pid, SIGTERM));
        bool gone = false;
        for (Clock::time_point deadline = Clock::now() + seconds(10); !gone && Clock::now() < deadline;)
        {
            gone = processGone(daemon.pid);
            if (!gone)
            {
                std::this_thread::sleep_for(milliseconds(20));
            }
        }
        CPPUNIT_ASSERT_MESSAGE("the daemon is still running 10 s after SIGTERM", gone);
    }

    void testListenerAddressInUseIsFatal()
    {
        PortBlocker blocker;
        std::string address = "127.0.0.1:" + std::to_string(blocker.port());
        std::string text = "<portico>\n"
                           "  <server>\n"
                           "    <listener address=\"" +
                           address +
                           "\"/>\n"
                           "  </server>\n"
                           "</portico>\n";
        RunResult result = runPorticod(*_folder, {"--config=" + writeConfig(text)});
        CPPUNIT_ASSERT_MESSAGE(describe(result), result.exitCode > 0);
        CPPUNIT_ASSERT_MESSAGE(describe(result), contains(result.err, address));
    }

    void testAdminAddressInUseIsFatal()
    {
        PortBlocker blocker;
        std::string address = "127.0.0.1:" + std::to_string(blocker.port());
        std::string text = "<portico>\n"
                           "  <server>\n"
                           "    <listener address=\"127.0.0.1:0\"/>\n"
                           "    <admin address=\"" +
                           address +
                           "\" token=\"t\"/>\n"
                           "  </server>\n"
                           "</portico>\n";
        RunResult result = runPorticod(*_folder, {"--config=" + writeConfig(text)});
        CPPUNIT_ASSERT_MESSAGE(describe(result), result.exitCode > 0);
        CPPUNIT_ASSERT_MESSAGE(describe(result), contains(result.err, address));
    }

private:
    std::string writeConfig(const std::string& text, const std::string& name = "portico.xml")
    {
        std::string path = _folder->file(name);
        writeFile(path, text);
        return path;
    }

    static std::string environmentConfig()
    {
        return "<portico>\n"
               "  <server>\n"
               "    <listener address=\"127.0.0.1:${PORTICO_TEST_PORT}\"/>\n"
               "  </server>\n"
               "</portico>\n";
    }

    static std::string upstreamXml(const DemoUpstream& upstream)
    {
        return "<upstream name=\"demo\" timeout=\"30s\"><target url=\"" + upstream.url() +
               "\"/></upstream>\n";
    }

    static std::string slowRoute()
    {
        return "<route name=\"slow\" path=\"/slow\"><proxy upstream=\"demo\"/></route>\n";
    }

    static HttpResponse adminRequest(unsigned short port, const std::string& target,
                                     const std::string& headers = "")
    {
        RawHttpClient client("127.0.0.1", port);
        return client.request(simpleRequest("GET", target, headers));
    }

    std::unique_ptr<TempDirectory> _folder;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ProcessTest, "process");
