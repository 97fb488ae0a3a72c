// The configuration value syntaxes of the plugin SDK, which the gateway and every adapter share.
#include <portico/config/Values.h>

#include <cppunit/extensions/HelperMacros.h>

#include <limits>
#include <string>

using namespace portico::config;

class ConfigValuesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigValuesTest);
    CPPUNIT_TEST(testDurationUnits);
    CPPUNIT_TEST(testDurationRejects);
    CPPUNIT_TEST(testSizeUnits);
    CPPUNIT_TEST(testSizeRejects);
    CPPUNIT_TEST(testBool);
    CPPUNIT_TEST(testUnsignedRange);
    CPPUNIT_TEST(testNumberRange);
    CPPUNIT_TEST(testDurationText);
    CPPUNIT_TEST(testHostPort);
    CPPUNIT_TEST(testHostPortRejects);
    CPPUNIT_TEST(testLoopback);
    CPPUNIT_TEST(testHttpUrl);
    CPPUNIT_TEST(testHttpUrlRejects);
    CPPUNIT_TEST(testNamesAndTokens);
    CPPUNIT_TEST(testLists);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDurationUnits()
    {
        CPPUNIT_ASSERT_EQUAL(250LL, static_cast<long long>(parseDuration("250ms")->count()));
        CPPUNIT_ASSERT_EQUAL(30000LL, static_cast<long long>(parseDuration("30s")->count()));
        CPPUNIT_ASSERT_EQUAL(300000LL, static_cast<long long>(parseDuration("5m")->count()));
        CPPUNIT_ASSERT_EQUAL(7200000LL, static_cast<long long>(parseDuration("2h")->count()));
        CPPUNIT_ASSERT_EQUAL(86400000LL, static_cast<long long>(parseDuration("1d")->count()));
        CPPUNIT_ASSERT_EQUAL(0LL, static_cast<long long>(parseDuration("0")->count()));
        CPPUNIT_ASSERT_EQUAL(0LL, static_cast<long long>(parseDuration("0s")->count()));
        CPPUNIT_ASSERT_EQUAL(34560000000LL, static_cast<long long>(parseDuration("400d")->count()));
    }

    void testDurationRejects()
    {
        for (const char* bad : {"", "30", "s", "-1s", "+1s", "1.5s", " 30s", "30s ", "30 s", "30S", "30sec",
                                "1w", "30s5", "99999999999999999999ms", "9999999999999999d"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "' should be refused", !parseDuration(bad));
        }
    }

    void testSizeUnits()
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024), *parseSize("1024"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), *parseSize("0"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(512), *parseSize("512B"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64 * 1024), *parseSize("64KiB"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(10 * 1024 * 1024), *parseSize("10MiB"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024) * 1024 * 1024, *parseSize("1GiB"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64000), *parseSize("64KB"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64000), *parseSize("64kB"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(10000000), *parseSize("10MB"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2000000000), *parseSize("2GB"));
    }

    void testSizeRejects()
    {
        for (const char* bad : {"", "-1", "+1", "64k", "64K", "64kib", "10mb", "64 KiB", " 64KiB", "64KiB ",
                                "1.5MiB", "KiB", "64KiBx", "0x10", "18446744073709551616", "99999999999TiB"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "' should be refused", !parseSize(bad));
        }
        const std::string max = std::to_string(std::numeric_limits<std::size_t>::max());
        CPPUNIT_ASSERT_EQUAL(std::numeric_limits<std::size_t>::max(), *parseSize(max));
        CPPUNIT_ASSERT(!parseSize(max + "KiB"));
    }

    void testBool()
    {
        CPPUNIT_ASSERT_EQUAL(true, *parseBool("true"));
        CPPUNIT_ASSERT_EQUAL(false, *parseBool("false"));
        for (const char* bad : {"", "TRUE", "True", "yes", "1", "0", "on", " true"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "' should be refused", !parseBool(bad));
        }
    }

    void testUnsignedRange()
    {
        CPPUNIT_ASSERT_EQUAL(5u, *parseUnsigned("5", 1, 10));
        CPPUNIT_ASSERT_EQUAL(1u, *parseUnsigned("1", 1, 10));
        CPPUNIT_ASSERT_EQUAL(10u, *parseUnsigned("10", 1, 10));
        CPPUNIT_ASSERT_EQUAL(4294967295u, *parseUnsigned("4294967295"));
        for (const char* bad :
             {"0", "11", "", "-1", "+1", " 5", "5 ", "5x", "0x5", "99999999999999999999999"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "' should be refused",
                                   !parseUnsigned(bad, 1, 10));
        }
        CPPUNIT_ASSERT(!parseUnsigned("4294967296"));
    }

    void testHostPort()
    {
        std::optional<HostPort> parsed = parseHostPort("0.0.0.0:8080");
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::string("0.0.0.0"), parsed->host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8080), parsed->port);

        parsed = parseHostPort("[::1]:8080");
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), parsed->host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8080), parsed->port);

        parsed = parseHostPort("[2001:db8::10:1]:443");
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::string("2001:db8::10:1"), parsed->host);

        parsed = parseHostPort("[::ffff:10.0.0.1]:1");
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::string("::ffff:10.0.0.1"), parsed->host);

        parsed = parseHostPort("gateway-1.example.com:65535");
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::string("gateway-1.example.com"), parsed->host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(65535), parsed->port);

        parsed = parseHostPort("localhost:0"); // port 0: the system picks one
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(0), parsed->port);
    }

    void testHostPortRejects()
    {
        for (const char* bad : {"",
                                "8080",
                                ":8080",
                                "host",
                                "host:",
                                "host:65536",
                                "host:-1",
                                "host:80x",
                                "::1:8080",
                                "[::1]",
                                "[::1]8080",
                                "[::1:8080",
                                "[zz::1]:80",
                                "[1:2:3:4:5:6:7:8:9]:80",
                                "[1::2::3]:80",
                                "256.0.0.1:80",
                                "10.0.0.01:80",
                                "bad host:80",
                                "-a.com:80",
                                "a..com:80",
                                " host:80",
                                "host:80 "})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "' should be refused", !parseHostPort(bad));
        }
    }

    void testLoopback()
    {
        for (const char* good : {"localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1",
                                 "::ffff:127.0.0.1"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + good + "' is loopback", isLoopbackHost(good));
        }
        for (const char* bad : {"0.0.0.0", "10.0.0.1", "128.0.0.1", "::", "::2", "1::1", "::ffff:10.0.0.1",
                                "localhost.example.com", "example.com", "", "127.0.0.1.nip.io"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "' is not loopback", !isLoopbackHost(bad));
        }
    }

    void testHttpUrl()
    {
        std::optional<HttpUrl> url = parseHttpUrl("http://10.1.0.11:8080");
        CPPUNIT_ASSERT(url);
        CPPUNIT_ASSERT(!url->https);
        CPPUNIT_ASSERT_EQUAL(std::string("10.1.0.11"), url->host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8080), url->port);
        CPPUNIT_ASSERT_EQUAL(std::string(""), url->basePath);

        url = parseHttpUrl("https://api.example.com/v2/base/");
        CPPUNIT_ASSERT(url);
        CPPUNIT_ASSERT(url->https);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(443), url->port);
        CPPUNIT_ASSERT_EQUAL(std::string("/v2/base"), url->basePath);

        url = parseHttpUrl("http://example.com/");
        CPPUNIT_ASSERT(url);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(80), url->port);
        CPPUNIT_ASSERT_EQUAL(std::string(""), url->basePath);

        url = parseHttpUrl("HTTP://[::1]:9000/a%20b");
        CPPUNIT_ASSERT(url);
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), url->host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(9000), url->port);
        CPPUNIT_ASSERT_EQUAL(std::string("/a%20b"), url->basePath);
    }

    void testHttpUrlRejects()
    {
        for (const char* bad :
             {"", "10.0.0.1:80", "ftp://host", "http://", "http:///path", "http://host:0",
              "http://host:99999", "http://user@host", "http://host/a?b=1", "http://host/#x",
              "http://host/a b", "http://host/%zz", "http://::1:80", "http://host:"})
        {
            CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "' should be refused", !parseHttpUrl(bad));
        }
    }

    void testNamesAndTokens()
    {
        CPPUNIT_ASSERT(isValidName("orders"));
        CPPUNIT_ASSERT(isValidName("orders-v2.eu_1"));
        CPPUNIT_ASSERT(!isValidName(""));
        CPPUNIT_ASSERT(!isValidName("route:x"));
        CPPUNIT_ASSERT(!isValidName("-x"));
        CPPUNIT_ASSERT(!isValidName("a b"));
        CPPUNIT_ASSERT(isHttpToken("GET"));
        CPPUNIT_ASSERT(isHttpToken("M-SEARCH"));
        CPPUNIT_ASSERT(!isHttpToken(""));
        CPPUNIT_ASSERT(!isHttpToken("G ET"));
        CPPUNIT_ASSERT(!isHttpToken("GET/"));
    }

    void testNumberRange()
    {
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4294967296ULL), *parseNumber("4294967296", 0, 1ULL << 40));
        CPPUNIT_ASSERT(!parseNumber("4294967296", 0, 100));
        CPPUNIT_ASSERT(!parseNumber("18446744073709551616", 0, std::numeric_limits<std::uint64_t>::max()));
        CPPUNIT_ASSERT(!parseNumber("", 0, 10));
        CPPUNIT_ASSERT(!parseNumber("+1", 0, 10));
    }

    void testDurationText()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("2s"), durationText(Duration(2000)));
        CPPUNIT_ASSERT_EQUAL(std::string("250ms"), durationText(Duration(250)));
        CPPUNIT_ASSERT_EQUAL(std::string("0ms"), durationText(Duration(0)));
        CPPUNIT_ASSERT_EQUAL(std::string("1500ms"), durationText(Duration(1500)));
    }

    void testLists()
    {
        const std::vector<std::string> items = splitList("a, b  c,,d\te");
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), items.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a"), items[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("c"), items[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("e"), items[4]);
        CPPUNIT_ASSERT(splitList("").empty());
        CPPUNIT_ASSERT(splitList(" , ").empty());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ConfigValuesTest, "plugins");
