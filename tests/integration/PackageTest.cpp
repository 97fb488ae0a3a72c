// The Debian package: built by cpack from this build, checked by lintian, and unpacked into a
// scratch folder whose binary then runs on the unpacked configuration and plugins, as installed
// (the package's absolute paths pointed into that folder), and answers.

#include "support/GatewayFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <dirent.h>
#include <sys/stat.h>

using namespace portico::test;

namespace
{

// Runs a program to its end (bounded); its exit code, what it printed in out.
int run(const TempDirectory& folder, const std::string& name, const std::string& program,
        const std::vector<std::string>& arguments, std::string& out,
        std::chrono::seconds timeout = std::chrono::seconds(60))
{
    TestProcess process;
    process.start(program, arguments, folder.file(name));
    const int code = process.waitForExit(timeout);
    out = process.output() + process.errorOutput();
    return code;
}

} // namespace

class PackageTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PackageTest);
    CPPUNIT_TEST(testPackageIsCleanAndItsBinaryServes);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<TempDirectory>(); }
    void tearDown() override { _folder.reset(); }

    void testPackageIsCleanAndItsBinaryServes()
    {
        const std::string deb = buildPackage();
        std::string out;

        // What it holds, and what dpkg is told about it.
        CPPUNIT_ASSERT_EQUAL(0, run(*_folder, "contents", "/usr/bin/dpkg-deb", {"-c", deb}, out));
        for (const char* path :
             {"./usr/bin/porticod", "./usr/lib/portico/plugins/soap.so", "./usr/lib/portico/plugins/tcp.so",
              "./etc/portico/portico.xml", "./lib/systemd/system/porticod.service",
              "./usr/share/doc/portico/copyright", "./usr/share/man/man8/porticod.8.gz"})
            CPPUNIT_ASSERT_MESSAGE(std::string(path) + "\n" + out, out.find(path) != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0, run(*_folder, "info", "/usr/bin/dpkg-deb", {"-I", deb}, out));
        // Dependencies from dpkg-shlibdeps (the POCO libraries among them), and adduser.
        CPPUNIT_ASSERT_MESSAGE(out, out.find("libpoconet") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(out, out.find("adduser") != std::string::npos);
        const std::string control = _folder->file("control");
        CPPUNIT_ASSERT_EQUAL(0, run(*_folder, "control", "/usr/bin/dpkg-deb", {"-e", deb, control}, out));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/portico.xml\n"), readFile(control + "/conffiles"));
        const std::string postinst = readFile(control + "/postinst");
        CPPUNIT_ASSERT(postinst.find("adduser --system") != std::string::npos);
        // Nothing enabled or started without the operator.
        for (const char* call : {"systemctl enable", "systemctl start", "deb-systemd-helper",
                                 "deb-systemd-invoke", "invoke-rc.d"})
            CPPUNIT_ASSERT_MESSAGE(call, postinst.find(call) == std::string::npos);
        for (const char* script : {"/postinst", "/postrm"})
            CPPUNIT_ASSERT_EQUAL(0, run(*_folder, "syntax", "/bin/sh", {"-n", control + script}, out));

        // lintian: no error and no warning (the deliberate findings are overridden, with reasons).
        const int linted = run(*_folder, "lintian", "/usr/bin/lintian",
                               {"--fail-on", "error,warning", "--tag-display-limit", "0", deb}, out,
                               std::chrono::seconds(240));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, linted);

        // Unpacked, and run as installed.
        const std::string root = _folder->file("root");
        CPPUNIT_ASSERT_EQUAL(0, run(*_folder, "unpack", "/usr/bin/dpkg-deb", {"-x", deb, root}, out));
        ::mkdir((root + "/var").c_str(), 0755);
        ::mkdir((root + "/var/lib").c_str(), 0755);
        ::mkdir((root + "/var/lib/portico").c_str(), 0700);
        std::string config = readFile(root + "/etc/portico/portico.xml");
        replaceAll(config, "\"/usr/lib/portico/plugins\"", "\"" + root + "/usr/lib/portico/plugins\"");
        replaceAll(config, "\"/var/lib/portico/", "\"" + root + "/var/lib/portico/");
        const unsigned short admin = freePort();
        replaceAll(config, "127.0.0.1:9901", "127.0.0.1:" + std::to_string(admin));
        const std::string configFile = root + "/etc/portico/portico.xml";
        writeFile(configFile, config);
        const std::string binary = root + "/usr/bin/porticod";
        CPPUNIT_ASSERT_EQUAL(
            0, run(*_folder, "check", binary, {"--check-config", "--config=" + configFile}, out));
        CPPUNIT_ASSERT_MESSAGE(out, out.find("ok") != std::string::npos);

        const unsigned short port = freePort();
        TestProcess gateway;
        gateway.start(
            binary, {"--config=" + configFile}, _folder->file("porticod"),
            {"PORTICO_LISTEN=127.0.0.1:" + std::to_string(port), "PORTICO_ADMIN_TOKEN=test-admin-token"});
        CPPUNIT_ASSERT_MESSAGE(gateway.errorOutput(),
                               gateway.waitForOutput("serving", std::chrono::seconds(10)));
        RawHttpClient client("127.0.0.1", port);
        const HttpResponse document = client.request("GET /openapi.json HTTP/1.1\r\nHost: portico\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, document.status);
        // The plugins it loaded are the package's, from the unpacked folder.
        RawHttpClient adminClient("127.0.0.1", admin);
        const HttpResponse plugins = adminClient.request(
            "GET /admin/plugins HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer test-admin-token\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, plugins.status);
        CPPUNIT_ASSERT_MESSAGE(plugins.body, plugins.body.find(root + "/usr/lib/portico/plugins/soap.so") !=
                                                 std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(plugins.body, plugins.body.find(root + "/usr/lib/portico/plugins/tcp.so") !=
                                                 std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0, gateway.stop());
        // The audit trail it wrote where the package said, and it verifies.
        CPPUNIT_ASSERT_EQUAL(0, run(*_folder, "verify", binary,
                                    {"--verify-audit=" + root + "/var/lib/portico/audit.db"}, out));
    }

private:
    // cpack -G DEB on the build the tests run from, into the test's folder.
    std::string buildPackage()
    {
        const std::string build = binaryPath("..");
        const std::string output = _folder->file("package");
        std::string out;
        const int built = run(*_folder, "cpack", "/usr/bin/cpack",
                              {"-G", "DEB", "--config", build + "/CPackConfig.cmake", "-B", output}, out,
                              std::chrono::seconds(240));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(out, 0, built);
        DIR* folder = ::opendir(output.c_str());
        CPPUNIT_ASSERT(folder != nullptr);
        std::string deb;
        while (const dirent* entry = ::readdir(folder))
        {
            const std::string name = entry->d_name;
            if (name.size() > 4 && name.compare(name.size() - 4, 4, ".deb") == 0) deb = output + "/" + name;
        }
        ::closedir(folder);
        CPPUNIT_ASSERT_MESSAGE(out, !deb.empty());
        return deb;
    }

    std::unique_ptr<TempDirectory> _folder;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PackageTest, "package");
