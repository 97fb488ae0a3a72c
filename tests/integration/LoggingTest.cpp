// <logging> through porticod: its own messages (serving, a reload, stopping) in a file with UTC
// timestamps and levels instead of standard error, and the level filtering them.

#include "support/GatewayFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <regex>
#include <thread>

using namespace portico::test;

class LoggingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LoggingTest);
    CPPUNIT_TEST(testMessagesGoToTheFileWithTimesAndLevels);
    CPPUNIT_TEST(testLevelFiltersMessages);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<TempDirectory>(); }
    void tearDown() override { _folder.reset(); }

    void testMessagesGoToTheFileWithTimesAndLevels()
    {
        const std::string log = _folder->file("porticod.log");
        TestProcess gateway;
        start(gateway, "<logging to=\"file\" path=\"" + log + "\"/>");
        CPPUNIT_ASSERT(waitForText(log, "serving"));
        ::kill(gateway.pid(), SIGHUP);
        CPPUNIT_ASSERT(waitForText(log, "configuration reloaded by SIGHUP"));
        CPPUNIT_ASSERT_EQUAL(0, gateway.stop());
        const std::string text = readFile(log);
        // "2026-12-05T17:00:00.123Z Information version 0.1.0 serving …"
        CPPUNIT_ASSERT_MESSAGE(
            text, std::regex_search(text, std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z "
                                                     "Information version [^ ]+ serving ")));
        CPPUNIT_ASSERT_MESSAGE(text, text.find("stopping, draining in-flight requests") != std::string::npos);
        // Nothing of it on standard error.
        CPPUNIT_ASSERT_MESSAGE(gateway.errorOutput(),
                               gateway.errorOutput().find("serving") == std::string::npos);
    }

    void testLevelFiltersMessages()
    {
        const std::string log = _folder->file("porticod.log");
        TestProcess gateway;
        start(gateway, "<logging level=\"error\" to=\"file\" path=\"" + log + "\"/>");
        // Nothing says it serves at this level: it does once its listener answers.
        bool serving = false;
        for (int attempt = 0; attempt < 200 && !serving; ++attempt)
        {
            serving = RawHttpClient("127.0.0.1", _port).connected();
            if (!serving) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CPPUNIT_ASSERT_MESSAGE(gateway.errorOutput() + gateway.output(), serving);
        // A refused reload is an error; serving and stopping are not.
        writeFile(_config, "<portico>");
        ::kill(gateway.pid(), SIGHUP);
        CPPUNIT_ASSERT(waitForText(log, "the configuration was not reloaded by SIGHUP"));
        CPPUNIT_ASSERT_EQUAL(0, gateway.stop());
        const std::string text = readFile(log);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("serving") == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("stopping") == std::string::npos);
    }

private:
    void start(TestProcess& gateway, const std::string& logging)
    {
        _config = _folder->file("portico.xml");
        _port = freePort();
        writeFile(_config, "<portico><server><listener address=\"127.0.0.1:" + std::to_string(_port) +
                               "\"/>" + logging + "</server><routes/></portico>");
        gateway.start(binaryPath("porticod"), {"--config=" + _config}, _folder->file("porticod"));
    }

    // Bounded: 10 s.
    static bool waitForText(const std::string& file, const std::string& text)
    {
        for (int attempt = 0; attempt < 200; ++attempt)
        {
            if (readFile(file).find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    std::unique_ptr<TempDirectory> _folder;
    std::string _config;
    unsigned short _port = 0;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LoggingTest, "logging");
