// porticod as a systemd service: the readiness protocol through a real notification socket
// (READY=1 once it serves, RELOADING=1 and READY=1 around a SIGHUP reload, WATCHDOG=1 while its
// loops answer, STOPPING=1 when the drain begins), and the shipped unit checked by
// systemd's own tools: `systemd-analyze verify`, and `systemd-analyze security --offline` for its
// exposure score.

#include "support/GatewayFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace portico::test;

namespace
{

// A unix datagram socket the test listens on, as systemd does for Type=notify.
class NotifySocket
{
public:
    explicit NotifySocket(const std::string& path) : _path(path)
    {
        _fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        path.copy(address.sun_path, sizeof address.sun_path - 1);
        CPPUNIT_ASSERT_EQUAL(0, ::bind(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address));
    }
    ~NotifySocket()
    {
        ::close(_fd);
        ::unlink(_path.c_str());
    }

    // The next message, or "" when none came within timeoutMs.
    std::string receive(int timeoutMs)
    {
        pollfd ready{_fd, POLLIN, 0};
        if (::poll(&ready, 1, timeoutMs) != 1) return "";
        char message[1024];
        const ssize_t length = ::recv(_fd, message, sizeof message, 0);
        return length > 0 ? std::string(message, static_cast<std::size_t>(length)) : "";
    }

    // The next message starting with prefix, skipping others (watchdog pings), or "" when none
    // came within timeoutMs (at most 100 messages read).
    std::string receiveStartingWith(const std::string& prefix, int timeoutMs)
    {
        for (int read = 0; read < 100; ++read)
        {
            const std::string message = receive(timeoutMs);
            if (message.empty() || message.rfind(prefix, 0) == 0) return message;
        }
        return "";
    }

private:
    std::string _path;
    int _fd = -1;
};

std::string contentOf(const std::string& file)
{
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

class ServiceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ServiceTest);
    CPPUNIT_TEST(testReadinessAndStopNotified);
    CPPUNIT_TEST(testReloadAndWatchdogNotified);
    CPPUNIT_TEST(testUnitVerifiesAndIsConfined);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<TempDirectory>(); }
    void tearDown() override { _folder.reset(); }

    void testReadinessAndStopNotified()
    {
        NotifySocket manager(_folder->file("notify.sock"));
        DemoUpstream upstream(*_folder, "alpha");
        Gateway gateway(*_folder,
                        gatewayConfig("", "<route name=\"r\" path=\"/r\"><proxy url=\"" + upstream.url() +
                                              "\"/></route>\n"),
                        {"NOTIFY_SOCKET=" + _folder->file("notify.sock")});
        const std::string ready = manager.receive(10000);
        CPPUNIT_ASSERT_MESSAGE(ready, ready.rfind("READY=1\nSTATUS=serving ", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(200, gateway.get("/r").status); // it said ready, and it is
        gateway.process().stop(15);
        const std::string stopping = manager.receive(10000);
        CPPUNIT_ASSERT_MESSAGE(stopping, stopping.rfind("STOPPING=1\n", 0) == 0);
    }

    void testReloadAndWatchdogNotified()
    {
        NotifySocket manager(_folder->file("notify.sock"));
        DemoUpstream upstream(*_folder, "alpha");
        const std::string route =
            "<route name=\"r\" path=\"/r\"><proxy url=\"" + upstream.url() + "\"/></route>\n";
        // WATCHDOG_USEC as systemd sets it for WatchdogSec=2s.
        Gateway gateway(*_folder, gatewayConfig("", route),
                        {"NOTIFY_SOCKET=" + _folder->file("notify.sock"), "WATCHDOG_USEC=2000000"});
        CPPUNIT_ASSERT(!manager.receiveStartingWith("READY=1\n", 10000).empty());
        CPPUNIT_ASSERT_EQUAL(std::string("WATCHDOG=1"), manager.receiveStartingWith("WATCHDOG=1", 5000));

        std::string config = readFile(gateway.configPath());
        config.replace(config.find("path=\"/r\""), 9, "path=\"/s\"");
        writeFile(gateway.configPath(), config);
        ::kill(gateway.process().pid(), SIGHUP);
        const std::string reloading = manager.receiveStartingWith("RELOADING=1", 10000);
        CPPUNIT_ASSERT_MESSAGE(reloading, reloading.rfind("RELOADING=1\nMONOTONIC_USEC=", 0) == 0);
        const std::string ready = manager.receiveStartingWith("READY=1", 10000);
        CPPUNIT_ASSERT_MESSAGE(ready, ready.rfind("READY=1\nSTATUS=serving, configuration sha256 ", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(200, gateway.get("/s").status);
        CPPUNIT_ASSERT_EQUAL(404, gateway.get("/r").status);
    }

    void testUnitVerifiesAndIsConfined()
    {
        // The shipped unit, run on the binary the tests built.
        std::string unit = contentOf(PORTICO_SOURCE_DIR "/installer/porticod.service");
        const std::string installed = "/usr/bin/porticod";
        unit.replace(unit.find(installed), installed.size(), binaryPath("porticod"));
        CPPUNIT_ASSERT(unit.find("Type=notify") != std::string::npos);
        CPPUNIT_ASSERT(unit.find("ExecReload=/bin/kill -HUP $MAINPID") != std::string::npos);
        const std::string file = _folder->file("porticod.service");
        std::ofstream(file) << unit;

        TestProcess verify;
        verify.start("/usr/bin/systemd-analyze", {"verify", file}, _folder->file("verify"));
        const int verified = verify.waitForExit(std::chrono::seconds(30));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(verify.errorOutput() + verify.output(), 0, verified);

        TestProcess security;
        security.start("/usr/bin/systemd-analyze", {"security", "--offline=true", file},
                       _folder->file("security"));
        security.waitForExit(std::chrono::seconds(30));
        const std::string report = security.output() + security.errorOutput();
        const std::string marker = "Overall exposure level for porticod.service: ";
        const std::size_t at = report.find(marker);
        CPPUNIT_ASSERT_MESSAGE(report, at != std::string::npos);
        const double exposure = std::stod(report.substr(at + marker.size()));
        // 0 is a fully sandboxed service, 10 an unconfined one; the unit scores 1.4 ("OK").
        CPPUNIT_ASSERT_MESSAGE(report, exposure <= 2.0);
    }

private:
    std::unique_ptr<TempDirectory> _folder;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ServiceTest, "service");
