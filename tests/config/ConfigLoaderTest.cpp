#include "config/ConfigLoader.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

using namespace portico::config;

namespace
{

// Documents are written one line per string so each expected LINE:COL can be read off the test.
std::string lines(std::initializer_list<const char*> text)
{
    std::string document;
    for (const char* line : text)
        document.append(line).push_back('\n');
    return document;
}

LoadResult load(const std::string& xml)
{
    return ConfigLoader::loadString(xml, "test.xml", "/etc/portico");
}

std::string joined(const std::vector<std::string>& errors)
{
    std::string text;
    for (const std::string& error : errors)
        text += "\n  " + error;
    return text;
}

ConfigPtr loaded(const std::string& xml)
{
    const LoadResult result = load(xml);
    CPPUNIT_ASSERT_MESSAGE("unexpected errors:" + joined(result.errors), result.ok());
    CPPUNIT_ASSERT(result.errors.empty());
    return result.config;
}

void assertErrors(const std::vector<std::string>& expected, const LoadResult& result)
{
    CPPUNIT_ASSERT_MESSAGE("a configuration with errors must not be returned", !result.ok());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("errors:" + joined(result.errors), expected.size(), result.errors.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        CPPUNIT_ASSERT_EQUAL(expected[i], result.errors[i]);
}

void assertError(const std::string& expected, const LoadResult& result)
{
    assertErrors({expected}, result);
}

// A minimal valid <server> on line 2, so most tests put what they check from line 3 on.
constexpr const char* minimalServer = "  <server><listener address=\"127.0.0.1:8080\"/></server>";

// Sets an environment variable for one test and restores the previous state afterwards.
class ScopedEnv
{
public:
    ScopedEnv(const char* name, const char* value) : _name(name)
    {
        if (const char* old = std::getenv(name)) _old = old;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv()
    {
        if (_old)
            ::setenv(_name.c_str(), _old->c_str(), 1);
        else
            ::unsetenv(_name.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string _name;
    std::optional<std::string> _old;
};

// A fresh folder under the system's temporary directory, removed with everything in it.
class TemporaryFolder
{
public:
    TemporaryFolder()
        : _path(std::filesystem::temp_directory_path() /
                ("portico-config-test-" + std::to_string(::getpid())))
    {
        std::filesystem::create_directories(_path);
    }
    ~TemporaryFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(_path, ignored);
    }
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;

    const std::filesystem::path& path() const { return _path; }

    void write(const std::string& name, const std::string& content) const
    {
        std::ofstream out(_path / name, std::ios::binary | std::ios::trunc);
        out << content;
    }

private:
    std::filesystem::path _path;
};

} // namespace

class ConfigLoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigLoaderTest);
    CPPUNIT_TEST(testFullConfiguration);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testEmptyGatewayIsValid);
    CPPUNIT_TEST(testUnknownElement);
    CPPUNIT_TEST(testUnknownAttribute);
    CPPUNIT_TEST(testAttributePositionOnContinuationLine);
    CPPUNIT_TEST(testColumnsCountCharacters);
    CPPUNIT_TEST(testByteOrderMarkIsNotAColumn);
    CPPUNIT_TEST(testBadDuration);
    CPPUNIT_TEST(testBadSize);
    CPPUNIT_TEST(testBadValuesShowTheirExpansion);
    CPPUNIT_TEST(testDanglingUpstream);
    CPPUNIT_TEST(testUpstreamsMayFollowRoutes);
    CPPUNIT_TEST(testDuplicateUpstreamName);
    CPPUNIT_TEST(testDuplicateRouteName);
    CPPUNIT_TEST(testSameMatch);
    CPPUNIT_TEST(testDifferentMethodsOrHostsDoNotClash);
    CPPUNIT_TEST(testCacheSettings);
    CPPUNIT_TEST(testAuditSettings);
    CPPUNIT_TEST(testLoggingSettings);
    CPPUNIT_TEST(testDoctypeRefused);
    CPPUNIT_TEST(testMalformedXml);
    CPPUNIT_TEST(testRootMustBePortico);
    CPPUNIT_TEST(testEnvExpansion);
    CPPUNIT_TEST(testMissingEnvVariable);
    CPPUNIT_TEST(testRelativePaths);
    CPPUNIT_TEST(testLoadFile);
    CPPUNIT_TEST(testLoadFileMissing);
    CPPUNIT_TEST(testAllErrorsAreCollectedInFileOrder);
    CPPUNIT_TEST(testListenerRequired);
    CPPUNIT_TEST(testListenerTlsRules);
    CPPUNIT_TEST(testDuplicateListenerAddress);
    CPPUNIT_TEST(testAdminMustBeLoopback);
    CPPUNIT_TEST(testProxyUrlMakesImplicitUpstream);
    CPPUNIT_TEST(testProxyNeedsOneTarget);
    CPPUNIT_TEST(testProxyPathMustUseBoundParameters);
    CPPUNIT_TEST(testBadPathTemplate);
    CPPUNIT_TEST(testHandlerCount);
    CPPUNIT_TEST(testMethods);
    CPPUNIT_TEST(testTargetRules);
    CPPUNIT_TEST(testAdapterElement);
    CPPUNIT_TEST(testUnexpectedText);
    CPPUNIT_TEST(testDuplicateSection);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFullConfiguration()
    {
        const ConfigPtr config = loaded(lines({
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<portico>",
            "  <server ioThreads=\"2\" workerThreads=\"8\">",
            "    <listener address=\"0.0.0.0:8080\"/>",
            "    <listener address=\"[::1]:8443\" certificate=\"tls/server.crt\" "
            "privateKey=\"/keys/server.key\"",
            "              clientCa=\"tls/ca.crt\" clientAuth=\"optional\"/>",
            "    <admin address=\"127.0.0.1:9901\" token=\"secret\"/>",
            "    <limits maxHeaderBytes=\"32KiB\" maxBodyBytes=\"1MB\" idleTimeout=\"90s\" "
            "requestTimeout=\"250ms\"",
            "            drainTimeout=\"0\"/>",
            "    <accessLog enabled=\"false\" path=\"logs/access.log\"/>",
            "  </server>",
            "  <plugins directory=\"plugins\"/>",
            "  <!-- upstreams -->",
            "  <upstreams>",
            "    <upstream name=\"orders\" balance=\"least-requests\" connectTimeout=\"2s\" timeout=\"15s\" "
            "retries=\"2\"",
            "              maxFails=\"5\" failTimeout=\"1m\" maxIdle=\"16\" verifyTls=\"false\" "
            "caFile=\"ca/up.pem\">",
            "      <target url=\"http://10.1.0.11:8080\"/>",
            "      <target url=\"https://orders.example.com/base/\" weight=\"3\"/>",
            "      <healthCheck path=\"/health\" interval=\"5s\" timeout=\"1s\" unhealthyAfter=\"4\" "
            "healthyAfter=\"1\"/>",
            "    </upstream>",
            "  </upstreams>",
            "  <routes>",
            "    <route name=\"orders\" path=\"/api/orders/{id}\" methods=\"get, Put\" "
            "host=\"API.example.com\">",
            "      <proxy upstream=\"orders\" path=\"/v1/orders/{id}\" preserveHost=\"true\"/>",
            "    </route>",
            "    <route name=\"direct\" path=\"/direct/*\">",
            "      <proxy url=\"http://[::1]:9000/x\" path=\"/y/*\"/>",
            "    </route>",
            "    <route name=\"calc\" path=\"/calc/{op}\" methods=\"POST\">",
            "      <adapter type=\"soap\"><wsdl>wsdl/calc.wsdl</wsdl><operation>{op}</operation></adapter>",
            "    </route>",
            "  </routes>",
            "</portico>",
        }));

        CPPUNIT_ASSERT_EQUAL(std::string("test.xml"), config->file);
        const ServerConfig& server = config->server;
        CPPUNIT_ASSERT_EQUAL(2u, server.ioThreads);
        CPPUNIT_ASSERT_EQUAL(8u, server.workerThreads);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), server.listeners.size());
        CPPUNIT_ASSERT_EQUAL(std::string("0.0.0.0"), server.listeners[0].host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8080), server.listeners[0].port);
        CPPUNIT_ASSERT(!server.listeners[0].tls());
        CPPUNIT_ASSERT(server.listeners[0].clientAuth == ClientAuth::None);
        CPPUNIT_ASSERT_EQUAL(4, server.listeners[0].position.line);
        CPPUNIT_ASSERT_EQUAL(5, server.listeners[0].position.column);
        const ListenerConfig& tls = server.listeners[1];
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), tls.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8443), tls.port);
        CPPUNIT_ASSERT(tls.tls());
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/tls/server.crt"), tls.certificate);
        CPPUNIT_ASSERT_EQUAL(std::string("/keys/server.key"), tls.privateKey);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/tls/ca.crt"), tls.clientCa);
        CPPUNIT_ASSERT(tls.clientAuth == ClientAuth::Optional);

        CPPUNIT_ASSERT(server.admin.enabled);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), server.admin.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(9901), server.admin.port);
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), server.admin.token);

        CPPUNIT_ASSERT_EQUAL(std::size_t(32 * 1024), server.limits.maxHeaderBytes);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1000000), server.limits.maxBodyBytes);
        CPPUNIT_ASSERT(server.limits.idleTimeout == std::chrono::seconds(90));
        CPPUNIT_ASSERT(server.limits.requestTimeout == std::chrono::milliseconds(250));
        CPPUNIT_ASSERT(server.limits.drainTimeout == Duration(0));
        CPPUNIT_ASSERT(!server.accessLog.enabled);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/logs/access.log"), server.accessLog.path);

        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/plugins"), config->plugins.directory);

        CPPUNIT_ASSERT_EQUAL(std::size_t(2), config->upstreams.size());
        const UpstreamConfig& orders = config->upstreams[0];
        CPPUNIT_ASSERT_EQUAL(std::string("orders"), orders.name);
        CPPUNIT_ASSERT(orders.balance == Balance::LeastRequests);
        CPPUNIT_ASSERT(orders.connectTimeout == std::chrono::seconds(2));
        CPPUNIT_ASSERT(orders.timeout == std::chrono::seconds(15));
        CPPUNIT_ASSERT_EQUAL(2u, orders.retries);
        CPPUNIT_ASSERT_EQUAL(5u, orders.maxFails);
        CPPUNIT_ASSERT(orders.failTimeout == std::chrono::minutes(1));
        CPPUNIT_ASSERT_EQUAL(16u, orders.maxIdlePerTarget);
        CPPUNIT_ASSERT(!orders.verifyTls);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/ca/up.pem"), orders.caFile);
        CPPUNIT_ASSERT_EQUAL(15, orders.position.line);
        CPPUNIT_ASSERT_EQUAL(5, orders.position.column);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), orders.targets.size());
        CPPUNIT_ASSERT_EQUAL(std::string("http://10.1.0.11:8080"), orders.targets[0].url);
        CPPUNIT_ASSERT(!orders.targets[0].https);
        CPPUNIT_ASSERT_EQUAL(std::string("10.1.0.11"), orders.targets[0].host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8080), orders.targets[0].port);
        CPPUNIT_ASSERT_EQUAL(std::string(""), orders.targets[0].basePath);
        CPPUNIT_ASSERT_EQUAL(1u, orders.targets[0].weight);
        CPPUNIT_ASSERT(orders.targets[1].https);
        CPPUNIT_ASSERT_EQUAL(std::string("orders.example.com"), orders.targets[1].host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(443), orders.targets[1].port);
        CPPUNIT_ASSERT_EQUAL(std::string("/base"), orders.targets[1].basePath);
        CPPUNIT_ASSERT_EQUAL(3u, orders.targets[1].weight);
        CPPUNIT_ASSERT(orders.healthCheck.enabled);
        CPPUNIT_ASSERT_EQUAL(std::string("/health"), orders.healthCheck.path);
        CPPUNIT_ASSERT(orders.healthCheck.interval == std::chrono::seconds(5));
        CPPUNIT_ASSERT(orders.healthCheck.timeout == std::chrono::seconds(1));
        CPPUNIT_ASSERT_EQUAL(4u, orders.healthCheck.unhealthyAfter);
        CPPUNIT_ASSERT_EQUAL(1u, orders.healthCheck.healthyAfter);

        CPPUNIT_ASSERT_EQUAL(std::size_t(3), config->routes.size());
        const RouteConfig& route = config->routes[0];
        CPPUNIT_ASSERT_EQUAL(std::string("orders"), route.name);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/orders/{id}"), route.pathTemplate);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), route.methods.size());
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), route.methods[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("PUT"), route.methods[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("api.example.com"), route.host);
        CPPUNIT_ASSERT(route.handler == HandlerKind::Proxy);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), route.proxy.upstreamIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/orders/{id}"), route.proxy.pathTemplate);
        CPPUNIT_ASSERT(route.proxy.preserveHost);
        CPPUNIT_ASSERT_EQUAL(std::string("test.xml"), route.position.file);
        CPPUNIT_ASSERT_EQUAL(23, route.position.line);
        CPPUNIT_ASSERT_EQUAL(5, route.position.column);

        const RouteConfig& direct = config->routes[1];
        CPPUNIT_ASSERT(direct.methods.empty());
        CPPUNIT_ASSERT(direct.host.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), direct.proxy.upstreamIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("/y/*"), direct.proxy.pathTemplate);
        CPPUNIT_ASSERT(!direct.proxy.preserveHost);
        const UpstreamConfig& implicit = config->upstreams[1];
        CPPUNIT_ASSERT_EQUAL(std::string("route:direct"), implicit.name);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), implicit.targets.size());
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), implicit.targets[0].host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(9000), implicit.targets[0].port);
        CPPUNIT_ASSERT_EQUAL(std::string("/x"), implicit.targets[0].basePath);

        const RouteConfig& calc = config->routes[2];
        CPPUNIT_ASSERT(calc.handler == HandlerKind::Adapter);
        CPPUNIT_ASSERT_EQUAL(std::string("soap"), calc.adapter.type);
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "<adapter type=\"soap\"><wsdl>wsdl/calc.wsdl</wsdl><operation>{op}</operation></adapter>"),
            calc.adapter.elementXml);
        CPPUNIT_ASSERT_EQUAL(std::string("test.xml"), calc.adapter.position.file);
        CPPUNIT_ASSERT_EQUAL(30, calc.adapter.position.line);
        CPPUNIT_ASSERT_EQUAL(7, calc.adapter.position.column);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico"), calc.adapter.baseDirectory);
    }

    void testDefaults()
    {
        const ConfigPtr config = loaded(lines({
            "<portico>",
            minimalServer,
            "  <upstreams><upstream name=\"u\"><target url=\"http://u\"/></upstream></upstreams>",
            "</portico>",
        }));
        const ServerConfig defaults;
        CPPUNIT_ASSERT(!config->server.admin.enabled);
        CPPUNIT_ASSERT_EQUAL(defaults.limits.maxHeaderBytes, config->server.limits.maxHeaderBytes);
        CPPUNIT_ASSERT(config->server.accessLog.enabled);
        CPPUNIT_ASSERT_EQUAL(std::string("-"), config->server.accessLog.path);
        CPPUNIT_ASSERT(config->plugins.directory.empty());
        const UpstreamConfig& upstream = config->upstreams.at(0);
        CPPUNIT_ASSERT(upstream.balance == Balance::RoundRobin);
        CPPUNIT_ASSERT(!upstream.healthCheck.enabled);
        CPPUNIT_ASSERT(upstream.verifyTls);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(80), upstream.targets.at(0).port);
    }

    void testEmptyGatewayIsValid()
    {
        const ConfigPtr config = loaded(lines({"<portico>", minimalServer, "  <routes/>", "</portico>"}));
        CPPUNIT_ASSERT(config->routes.empty());
        CPPUNIT_ASSERT(config->upstreams.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), config->server.listeners.size());
    }

    void testUnknownElement()
    {
        assertError("test.xml:4:5: unknown element <bogus> in <server>",
                    load(lines({
                        "<portico>",
                        "  <server>",
                        "    <listener address=\"127.0.0.1:1\"/>",
                        "    <bogus/>",
                        "  </server>",
                        "</portico>",
                    })));
        assertError("test.xml:3:3: unknown element <upstream> in <portico>",
                    load(lines({"<portico>", minimalServer, "  <upstream name=\"a\"/>", "</portico>"})));
        assertError("test.xml:5:7: unknown element <filter> in <route>",
                    load(lines({
                        "<portico>",
                        minimalServer,
                        "  <routes>",
                        "    <route name=\"r\" path=\"/r\">",
                        "      <filter/>",
                        "      <proxy url=\"http://a\"/>",
                        "    </route>",
                        "  </routes>",
                        "</portico>",
                    })));
    }

    void testUnknownAttribute()
    {
        // 4 spaces, <listener (9), space, address="127.0.0.1:8080" (24), space: colour starts at column 40.
        assertError("test.xml:3:40: unknown attribute 'colour' on <listener> "
                    "(expected address, certificate, privateKey, clientCa or clientAuth)",
                    load(lines({
                        "<portico>",
                        "  <server>",
                        "    <listener address=\"127.0.0.1:8080\" colour=\"blue\"/>",
                        "  </server>",
                        "</portico>",
                    })));
    }

    void testAttributePositionOnContinuationLine()
    {
        // The same attribute name appears earlier in a value on the first line; the position is
        // still the attribute's own.
        assertError("test.xml:4:15: unknown attribute 'retry' on <target> (expected url or weight)",
                    load(lines({
                        "<portico>",
                        minimalServer,
                        "  <upstreams><upstream name=\"u\"><target url=\"http://retry/\"",
                        "              retry=\"1\"/></upstream></upstreams>",
                        "</portico>",
                    })));
    }

    void testColumnsCountCharacters()
    {
        // "Zürich" is seven bytes but six characters; the column after it counts characters.
        assertError("test.xml:3:19: unknown element <x> in <portico>",
                    load(lines({"<portico>", minimalServer, "  <!-- Zürich --> <x/>", "</portico>"})));
    }

    void testByteOrderMarkIsNotAColumn()
    {
        assertError("test.xml:1:1: the root element must be <portico>, not <gateway>",
                    load("\xEF\xBB\xBF<gateway/>"));
    }

    void testBadDuration()
    {
        // "    <limits " is 12 characters, so idleTimeout starts at column 13.
        assertError(
            "test.xml:3:13: invalid value '5x' for 'idleTimeout' on <limits>: expected a duration such "
            "as 250ms, 30s, 5m, 2h or 1d",
            load(lines({
                "<portico>",
                "  <server><listener address=\"127.0.0.1:1\"/>",
                "    <limits idleTimeout=\"5x\"/>",
                "  </server>",
                "</portico>",
            })));
        assertError("test.xml:3:13: invalid value '0s' for 'idleTimeout' on <limits>: must be greater than 0",
                    load(lines({
                        "<portico>",
                        "  <server><listener address=\"127.0.0.1:1\"/>",
                        "    <limits idleTimeout=\"0s\"/>",
                        "  </server>",
                        "</portico>",
                    })));
    }

    void testBadSize()
    {
        assertError(
            "test.xml:3:13: invalid value '10 MiB' for 'maxBodyBytes' on <limits>: expected a size such as "
            "1024, 64KiB or 10MiB",
            load(lines({
                "<portico>",
                "  <server><listener address=\"127.0.0.1:1\"/>",
                "    <limits maxBodyBytes=\"10 MiB\"/>",
                "  </server>",
                "</portico>",
            })));
        assertError(
            "test.xml:3:13: invalid value '-1' for 'maxBodyBytes' on <limits>: expected a size such as "
            "1024, 64KiB or 10MiB",
            load(lines({
                "<portico>",
                "  <server><listener address=\"127.0.0.1:1\"/>",
                "    <limits maxBodyBytes=\"-1\"/>",
                "  </server>",
                "</portico>",
            })));
    }

    void testBadValuesShowTheirExpansion()
    {
        ScopedEnv env("PORTICO_TEST_TIMEOUT", "soon");
        assertError(
            "test.xml:3:13: invalid value 'soon' (from '${PORTICO_TEST_TIMEOUT}') for 'idleTimeout' on "
            "<limits>: expected a duration such as 250ms, 30s, 5m, 2h or 1d",
            load(lines({
                "<portico>",
                "  <server><listener address=\"127.0.0.1:1\"/>",
                "    <limits idleTimeout=\"${PORTICO_TEST_TIMEOUT}\"/>",
                "  </server>",
                "</portico>",
            })));
    }

    void testDanglingUpstream()
    {
        // "      <proxy " is 13 characters: the upstream attribute starts at column 14.
        assertError(
            "test.xml:5:14: route 'r' refers to upstream 'missing', which <upstreams> does not define",
            load(lines({
                "<portico>",
                minimalServer,
                "  <routes>",
                "    <route name=\"r\" path=\"/r\">",
                "      <proxy upstream=\"missing\"/>",
                "    </route>",
                "  </routes>",
                "  <upstreams><upstream name=\"present\"><target url=\"http://a\"/></upstream></upstreams>",
                "</portico>",
            })));
    }

    void testUpstreamsMayFollowRoutes()
    {
        const ConfigPtr config = loaded(lines({
            "<portico>",
            minimalServer,
            "  <routes><route name=\"r\" path=\"/r\"><proxy upstream=\"b\"/></route></routes>",
            "  <upstreams>",
            "    <upstream name=\"a\"><target url=\"http://a\"/></upstream>",
            "    <upstream name=\"b\"><target url=\"http://b\"/></upstream>",
            "  </upstreams>",
            "</portico>",
        }));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), config->routes.at(0).proxy.upstreamIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("b"), config->upstreams.at(1).name);
    }

    void testDuplicateUpstreamName()
    {
        assertError("test.xml:5:15: duplicate upstream name 'a' (first defined at test.xml:4:5)",
                    load(lines({
                        "<portico>",
                        minimalServer,
                        "  <upstreams>",
                        "    <upstream name=\"a\"><target url=\"http://a\"/></upstream>",
                        "    <upstream name=\"a\"><target url=\"http://b\"/></upstream>",
                        "  </upstreams>",
                        "</portico>",
                    })));
    }

    void testDuplicateRouteName()
    {
        assertError("test.xml:5:12: duplicate route name 'r' (first defined at test.xml:4:5)",
                    load(lines({
                        "<portico>",
                        minimalServer,
                        "  <routes>",
                        "    <route name=\"r\" path=\"/a\"><proxy url=\"http://a\"/></route>",
                        "    <route name=\"r\" path=\"/b\"><proxy url=\"http://a\"/></route>",
                        "  </routes>",
                        "</portico>",
                    })));
    }

    void testSameMatch()
    {
        // Same shape although the parameter names differ, methods overlap in GET.
        assertError("test.xml:5:5: route 'second' matches the same requests as route 'first' (defined at "
                    "test.xml:4:5): both take GET on path '/orders/{}'",
                    load(lines({
                        "<portico>",
                        minimalServer,
                        "  <routes>",
                        "    <route name=\"first\" path=\"/orders/{id}\" methods=\"GET,PUT\"><proxy "
                        "url=\"http://a\"/></route>",
                        "    <route name=\"second\" path=\"/orders/{oid}\" methods=\"GET,POST\"><proxy "
                        "url=\"http://a\"/></route>",
                        "  </routes>",
                        "</portico>",
                    })));
        // No methods overlaps everything; the host takes part in the match.
        assertError("test.xml:5:5: route 'second' matches the same requests as route 'first' (defined at "
                    "test.xml:4:5): both take DELETE on path '/a' and host 'api.example.com'",
                    load(lines({
                        "<portico>",
                        minimalServer,
                        "  <routes>",
                        "    <route name=\"first\" path=\"/a\" host=\"api.example.com\"><proxy "
                        "url=\"http://a\"/></route>",
                        "    <route name=\"second\" path=\"/a\" methods=\"delete\" "
                        "host=\"API.example.com\"><proxy url=\"http://a\"/></route>",
                        "  </routes>",
                        "</portico>",
                    })));
    }

    void testDifferentMethodsOrHostsDoNotClash()
    {
        const ConfigPtr config = loaded(lines({
            "<portico>",
            minimalServer,
            "  <routes>",
            "    <route name=\"get\" path=\"/a/{x}\" methods=\"GET\"><proxy url=\"http://a\"/></route>",
            "    <route name=\"put\" path=\"/a/{y}\" methods=\"PUT\"><proxy url=\"http://a\"/></route>",
            "    <route name=\"other-host\" path=\"/a/{x}\" host=\"b.example.com\"><proxy "
            "url=\"http://a\"/></route>",
            "    <route name=\"literal\" path=\"/a/b\"><proxy url=\"http://a\"/></route>",
            "    <route name=\"rest\" path=\"/a/*\"><proxy url=\"http://a\"/></route>",
            "  </routes>",
            "</portico>",
        }));
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), config->routes.size());
    }

    void testCacheSettings()
    {
        assertErrors(
            {"test.xml:5:14: invalid value 'soon' for 'ttl' on <cache>: expected a duration such as 250ms, "
             "30s, 5m, 2h or 1d",
             "test.xml:6:14: invalid value 'Accept Language' for 'vary' on <cache>: expected header names "
             "separated by commas",
             "test.xml:7:14: invalid value '500ms' for 'ttl' on <cache>: at least 1s: ages are counted in "
             "seconds"},
            load(lines({
                "<portico>",
                minimalServer,
                "  <routes>",
                "    <route name=\"r\" path=\"/r\">",
                "      <cache ttl=\"soon\"/>",
                "      <cache vary=\"Accept Language\"/>",
                "      <cache ttl=\"500ms\" staleIfError=\"1m\"/>",
                "      <proxy url=\"http://a\"/>",
                "    </route>",
                "  </routes>",
                "</portico>",
            })));
    }

    void testLoggingSettings()
    {
        const ConfigPtr config = loaded(lines({
            "<portico>",
            "  <server><listener address=\"127.0.0.1:8080\"/>",
            "    <logging level=\"warning\" to=\"file\" path=\"logs/porticod.log\" rotate=\"50MiB\" "
            "keep=\"9\"/>",
            "  </server>",
            "</portico>",
        }));
        const LoggingConfig& logging = config->server.logging;
        CPPUNIT_ASSERT_EQUAL(std::string("warning"), logging.level);
        CPPUNIT_ASSERT_EQUAL(std::string("file"), logging.to);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/logs/porticod.log"), logging.path);
        CPPUNIT_ASSERT_EQUAL(std::size_t(50) * 1024 * 1024, logging.rotateBytes);
        CPPUNIT_ASSERT_EQUAL(9u, logging.keep);
        // The default: the console, at info.
        const ConfigPtr plain = loaded(lines({"<portico>", minimalServer, "</portico>"}));
        CPPUNIT_ASSERT_EQUAL(std::string("console"), plain->server.logging.to);
        CPPUNIT_ASSERT_EQUAL(std::string("info"), plain->server.logging.level);
        const LoadResult noPath = load(lines({"<portico>", "  <server><listener address=\"127.0.0.1:8080\"/>",
                                              "    <logging to=\"file\"/></server>", "</portico>"}));
        CPPUNIT_ASSERT(!noPath.ok());
        CPPUNIT_ASSERT_MESSAGE(joined(noPath.errors),
                               joined(noPath.errors).find("test.xml:3:5:") != std::string::npos);
        CPPUNIT_ASSERT(!load(lines({"<portico>", "  <server><listener address=\"127.0.0.1:8080\"/>",
                                    "    <logging level=\"loud\"/></server>", "</portico>"}))
                            .ok());
    }

    void testAuditSettings()
    {
        const ConfigPtr config = loaded(lines({
            "<portico>",
            minimalServer,
            "  <audit database=\"audit.db\" mode=\"strict\" bodies=\"redacted\" bodyLimit=\"16KiB\"",
            "         redact=\"iban, memberId ,\" retention=\"90d\"/>",
            "</portico>",
        }));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/audit.db"), config->audit.database);
        CPPUNIT_ASSERT(config->audit.strict());
        CPPUNIT_ASSERT_EQUAL(std::string("redacted"), config->audit.bodies);
        CPPUNIT_ASSERT_EQUAL(std::size_t(16 * 1024), config->audit.bodyLimit);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), config->audit.redact.size());
        CPPUNIT_ASSERT_EQUAL(std::string("memberId"), config->audit.redact[1]);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(90 * 86400), config->audit.retentionSeconds);
        // The defaults: async, no bodies, rows kept.
        const ConfigPtr plain =
            loaded(lines({"<portico>", minimalServer, "  <audit database=\"/a.db\"/>", "</portico>"}));
        CPPUNIT_ASSERT(!plain->audit.strict());
        CPPUNIT_ASSERT_EQUAL(std::string("none"), plain->audit.bodies);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), plain->audit.retentionSeconds);
        // A PostgreSQL URL is not a file, and names the node's chain; retention there is the database's.
        const ConfigPtr shared = loaded(
            lines({"<portico>", minimalServer,
                   "  <audit database=\"postgresql://gw@db:5432/trail\" node=\"gw-a\"/>", "</portico>"}));
        CPPUNIT_ASSERT_EQUAL(std::string("postgresql://gw@db:5432/trail"), shared->audit.database);
        CPPUNIT_ASSERT_EQUAL(std::string("gw-a"), shared->audit.node);
        CPPUNIT_ASSERT(shared->audit.shared());
        const LoadResult refused =
            load(lines({"<portico>", minimalServer,
                        "  <audit database=\"postgresql://db/trail\" retention=\"30d\"/>", "</portico>"}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), refused.errors.size());
        CPPUNIT_ASSERT_MESSAGE(refused.errors[0],
                               refused.errors[0].find("retention applies to a SQLite audit file") !=
                                   std::string::npos);

        assertErrors(
            {"test.xml:3:3: missing attribute 'database' on <store>",
             "test.xml:4:30: invalid value 'fast' for 'mode' on <audit>: expected async or strict",
             "test.xml:4:42: invalid value 'some' for 'bodies' on <audit>: expected none, redacted or full",
             "test.xml:4:56: redact names fields to mask in bodies=\"redacted\"; bodies is \"none\""},
            load(lines({
                "<portico>",
                minimalServer,
                "  <store/>",
                "  <audit database=\"audit.db\" mode=\"fast\" bodies=\"some\" redact=\"pin\"/>",
                "</portico>",
            })));
    }

    void testDoctypeRefused()
    {
        assertError(
            "test.xml:2:1: <!DOCTYPE> is not allowed in a configuration file (no DTDs or entity "
            "declarations)",
            load(lines({
                "<?xml version=\"1.0\"?>",
                "<!DOCTYPE portico [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>",
                "<portico>",
                minimalServer,
                "  <routes><route name=\"&b;\" path=\"/r\"><proxy url=\"http://a\"/></route></routes>",
                "</portico>",
            })));
    }

    void testMalformedXml()
    {
        assertError("test.xml:3:3: malformed XML: Start-end tags mismatch",
                    load(lines({"<portico>", "  <server>", "</portico>"})));
        assertError("test.xml:1:1: malformed XML: No document element found", load(""));
    }

    void testRootMustBePortico()
    {
        assertError("test.xml:2:1: the root element must be <portico>, not <gateway>",
                    load(lines({"<?xml version=\"1.0\"?>", "<gateway/>"})));
    }

    void testEnvExpansion()
    {
        ScopedEnv port("PORTICO_TEST_PORT", "9100");
        ScopedEnv token("PORTICO_TEST_TOKEN", "t0ken$x");
        ScopedEnv unset("PORTICO_TEST_UNSET", nullptr);
        const ConfigPtr config = loaded(lines({
            "<portico>",
            "  <server>",
            "    <listener address=\"127.0.0.1:${PORTICO_TEST_PORT}\"/>",
            "    <admin address=\"${PORTICO_TEST_UNSET:-[::1]:9901}\" token=\"${PORTICO_TEST_TOKEN}\"/>",
            "  </server>",
            "</portico>",
        }));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(9100), config->server.listeners.at(0).port);
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), config->server.admin.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(9901), config->server.admin.port);
        CPPUNIT_ASSERT_EQUAL(std::string("t0ken$x"), config->server.admin.token);
    }

    void testMissingEnvVariable()
    {
        ScopedEnv unset("PORTICO_TEST_UNSET", nullptr);
        // "    <admin address=\"127.0.0.1:9901\" " is 36 characters: token starts at column 37.
        assertError(
            "test.xml:4:37: environment variable 'PORTICO_TEST_UNSET' is not set (in 'token' on <admin>)",
            load(lines({
                "<portico>",
                "  <server>",
                "    <listener address=\"127.0.0.1:8080\"/>",
                "    <admin address=\"127.0.0.1:9901\" token=\"${PORTICO_TEST_UNSET}\"/>",
                "  </server>",
                "</portico>",
            })));
    }

    void testRelativePaths()
    {
        const std::string xml = lines({
            "<portico>",
            "  <server>",
            "    <listener address=\"0.0.0.0:8443\" certificate=\"tls/a.crt\" "
            "privateKey=\"../keys/./a.key\"/>",
            "    <accessLog path=\"-\"/>",
            "  </server>",
            "  <plugins directory=\"/usr/lib/portico/plugins\"/>",
            "  <upstreams><upstream name=\"u\" caFile=\"ca.pem\"><target "
            "url=\"https://a\"/></upstream></upstreams>",
            "</portico>",
        });
        LoadResult result = ConfigLoader::loadString(xml, "a.xml", "/srv/gw/conf");
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        const Config& config = *result.config;
        CPPUNIT_ASSERT_EQUAL(std::string("/srv/gw/conf/tls/a.crt"),
                             config.server.listeners.at(0).certificate);
        CPPUNIT_ASSERT_EQUAL(std::string("/srv/gw/keys/a.key"), config.server.listeners.at(0).privateKey);
        CPPUNIT_ASSERT_EQUAL(std::string("-"), config.server.accessLog.path);
        CPPUNIT_ASSERT_EQUAL(std::string("/usr/lib/portico/plugins"), config.plugins.directory);
        CPPUNIT_ASSERT_EQUAL(std::string("/srv/gw/conf/ca.pem"), config.upstreams.at(0).caFile);

        // A relative base directory is taken from the working directory.
        result = ConfigLoader::loadString(xml, "a.xml", "conf");
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        const std::string expected =
            (std::filesystem::current_path() / "conf/tls/a.crt").lexically_normal().string();
        CPPUNIT_ASSERT_EQUAL(expected, result.config->server.listeners.at(0).certificate);
    }

    void testLoadFile()
    {
        const TemporaryFolder folder;
        const std::filesystem::path file = folder.path() / "gateway.xml";
        folder.write(
            "gateway.xml",
            lines({
                "<portico>",
                "  <server><listener address=\"127.0.0.1:8080\" certificate=\"c.pem\" "
                "privateKey=\"k.pem\"/></server>",
                "  <plugins directory=\"plugins\"/>",
                "  <routes><route name=\"r\" path=\"/r\"><bogus/><proxy url=\"http://a\"/></route></routes>",
                "</portico>",
            }));
        // A path relative to the working directory: messages keep it as given.
        const std::string relative = std::filesystem::relative(file).string();
        CPPUNIT_ASSERT(std::filesystem::path(relative).is_relative());
        assertError(relative + ":4:37: unknown element <bogus> in <route>", ConfigLoader::loadFile(relative));

        folder.write("gateway.xml", lines({
                                        "<portico>",
                                        "  <server><listener address=\"127.0.0.1:8080\" "
                                        "certificate=\"c.pem\" privateKey=\"k.pem\"/></server>",
                                        "  <plugins directory=\"plugins\"/>",
                                        "</portico>",
                                    }));
        const LoadResult result = ConfigLoader::loadFile(relative);
        CPPUNIT_ASSERT_MESSAGE(joined(result.errors), result.ok());
        // Config::file is absolute, and relative paths inside resolve against its folder.
        const std::filesystem::path loadedFile(result.config->file);
        CPPUNIT_ASSERT(loadedFile.is_absolute());
        CPPUNIT_ASSERT(std::filesystem::equivalent(loadedFile, file));
        CPPUNIT_ASSERT_EQUAL((loadedFile.parent_path() / "c.pem").string(),
                             result.config->server.listeners.at(0).certificate);
        CPPUNIT_ASSERT_EQUAL((loadedFile.parent_path() / "plugins").string(),
                             result.config->plugins.directory);
        const SourcePosition& position = result.config->server.listeners.at(0).position;
        CPPUNIT_ASSERT_EQUAL(relative, position.file);
        CPPUNIT_ASSERT_EQUAL(2, position.line);
        CPPUNIT_ASSERT_EQUAL(11, position.column);
    }

    void testLoadFileMissing()
    {
        assertError("/nonexistent/portico.xml:1:1: cannot read configuration file: No such file or directory",
                    ConfigLoader::loadFile("/nonexistent/portico.xml"));
    }

    void testAllErrorsAreCollectedInFileOrder()
    {
        // The dangling upstream is found only after the whole file was read, yet reported in order.
        assertErrors(
            {"test.xml:3:11: invalid value 'often' for 'workerThreads' on <server>: expected a whole "
             "number from 0 to 1024",
             "test.xml:4:13: unknown attribute 'address' on <limits> "
             "(expected maxHeaderBytes, maxBodyBytes, idleTimeout, requestTimeout or drainTimeout)",
             "test.xml:5:13: invalid value 'nowhere' for 'address' on <listener>: expected HOST:PORT, "
             "e.g. 0.0.0.0:8080 or [::1]:8080",
             "test.xml:8:38: route 'a' refers to upstream 'nope', which <upstreams> does not define",
             "test.xml:9:21: invalid value 'orders' for 'path' on <route>: path must start with '/'",
             "test.xml:10:5: unknown element <rout> in <routes>"},
            load(lines({
                "<portico>",
                "  <!-- the limits come before the listener, which has a bad address -->",
                "  <server workerThreads=\"often\">",
                "    <limits address=\"nowhere\"/>",
                "  <listener address=\"nowhere\"/></server>",
                "  <routes>",
                "    <!-- r -->",
                "    <route name=\"a\" path=\"/a\"><proxy upstream=\"nope\"/></route>",
                "    <route name=\"b\" path=\"orders\"><proxy url=\"http://a\"/></route>",
                "    <rout/>",
                "  </routes>",
                "</portico>",
            })));
    }

    void testListenerRequired()
    {
        assertError("test.xml:2:3: <server> needs at least one <listener address=\"HOST:PORT\"/>",
                    load(lines({"<portico>", "  <server/>", "</portico>"})));
        assertError(
            "test.xml:1:1: <portico> needs a <server> with at least one <listener address=\"HOST:PORT\"/>",
            load(lines({"<portico>", "  <routes/>", "</portico>"})));
        assertError("test.xml:2:11: missing attribute 'address' on <listener>",
                    load(lines({"<portico>", "  <server><listener/></server>", "</portico>"})));
    }

    void testListenerTlsRules()
    {
        // "  <server><listener address=\"0.0.0.0:1\" " is 40 characters.
        assertError(
            "test.xml:2:41: 'certificate' and 'privateKey' must be set together on <listener>",
            load(lines({"<portico>", "  <server><listener address=\"0.0.0.0:1\" certificate=\"c\"/></server>",
                        "</portico>"})));
        assertError(
            "test.xml:2:41: 'certificate' and 'privateKey' must be set together on <listener>",
            load(lines({"<portico>", "  <server><listener address=\"0.0.0.0:1\" privateKey=\"k\"/></server>",
                        "</portico>"})));
        assertError(
            "test.xml:2:41: 'clientCa' on <listener> requires TLS ('certificate' and 'privateKey')",
            load(lines({"<portico>", "  <server><listener address=\"0.0.0.0:1\" clientCa=\"ca\"/></server>",
                        "</portico>"})));
        assertError(
            "test.xml:2:41: clientAuth='required' on <listener> requires 'clientCa'",
            load(lines({"<portico>",
                        "  <server><listener address=\"0.0.0.0:1\" clientAuth=\"required\" certificate=\"c\" "
                        "privateKey=\"k\"/></server>",
                        "</portico>"})));
        assertError(
            "test.xml:2:41: invalid value 'sometimes' for 'clientAuth' on <listener>: expected one of none, "
            "optional, required",
            load(lines({"<portico>",
                        "  <server><listener address=\"0.0.0.0:1\" clientAuth=\"sometimes\"/></server>",
                        "</portico>"})));
        // A CA without clientAuth asks for client certificates rather than ignoring the CA.
        const ConfigPtr config = loaded(lines({"<portico>",
                                               "  <server><listener address=\"0.0.0.0:1\" certificate=\"c\" "
                                               "privateKey=\"k\" clientCa=\"ca\"/></server>",
                                               "</portico>"}));
        CPPUNIT_ASSERT(config->server.listeners.at(0).clientAuth == ClientAuth::Required);
    }

    void testDuplicateListenerAddress()
    {
        assertError("test.xml:4:15: address '127.0.0.1:8080' is already used at test.xml:3:5",
                    load(lines({
                        "<portico>",
                        "  <server>",
                        "    <listener address=\"127.0.0.1:8080\"/>",
                        "    <listener address=\"127.0.0.1:8080\"/>",
                        "    <listener address=\"127.0.0.1:0\"/>",
                        "    <listener address=\"127.0.0.1:0\"/>",
                        "  </server>",
                        "</portico>",
                    })));
    }

    void testAdminMustBeLoopback()
    {
        // "    <admin " is 11 characters.
        assertError(
            "test.xml:4:12: admin address '0.0.0.0:9901' is not a loopback address: the admin API listens on "
            "127.0.0.1, ::1 or localhost, or elsewhere only with a token of at least 24 characters",
            load(lines({
                "<portico>",
                "  <server>",
                "    <listener address=\"127.0.0.1:8080\"/>",
                "    <admin address=\"0.0.0.0:9901\"/>",
                "  </server>",
                "</portico>",
            })));
        assertError(
            "test.xml:4:12: admin address '[2001:db8::1]:9901' is not a loopback address: the admin API "
            "listens on 127.0.0.1, ::1 or localhost, or elsewhere only with a token of at least 24 "
            "characters",
            load(lines({
                "<portico>",
                "  <server>",
                "    <listener address=\"127.0.0.1:8080\"/>",
                "    <admin address=\"[2001:db8::1]:9901\" token=\"short-token\"/>",
                "  </server>",
                "</portico>",
            })));
        // Elsewhere with a long token.
        const ConfigPtr remote =
            loaded(lines({"<portico>", "  <server>", "    <listener address=\"0.0.0.0:8080\"/>"}) +
                   "<admin address=\"0.0.0.0:9901\" token=\"a-token-of-24-characters\"/></server></portico>");
        CPPUNIT_ASSERT_EQUAL(std::string("0.0.0.0"), remote->server.admin.host);
        for (const char* address : {"127.0.0.1:9901", "127.8.0.2:9901", "[::1]:9901", "localhost:9901"})
        {
            const ConfigPtr config =
                loaded(lines({"<portico>", "  <server>", "    <listener address=\"0.0.0.0:8080\"/>"}) +
                       "<admin address=\"" + address + "\"/></server></portico>");
            CPPUNIT_ASSERT(config->server.admin.enabled);
        }
    }

    void testProxyUrlMakesImplicitUpstream()
    {
        const ConfigPtr config = loaded(lines({
            "<portico>",
            minimalServer,
            "  <upstreams><upstream name=\"named\"><target url=\"http://n\"/></upstream></upstreams>",
            "  <routes>",
            "    <route name=\"a\" path=\"/a\"><proxy url=\"https://legacy.example.com:8443/api\"/></route>",
            "    <route name=\"b\" path=\"/b\"><proxy upstream=\"named\"/></route>",
            "  </routes>",
            "</portico>",
        }));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), config->upstreams.size());
        const UpstreamConfig& implicit = config->upstreams.at(config->routes.at(0).proxy.upstreamIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("route:a"), implicit.name);
        CPPUNIT_ASSERT_EQUAL(std::string("https://legacy.example.com:8443/api"), implicit.targets.at(0).url);
        CPPUNIT_ASSERT(implicit.targets.at(0).https);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(8443), implicit.targets.at(0).port);
        CPPUNIT_ASSERT_EQUAL(std::string("/api"), implicit.targets.at(0).basePath);
        CPPUNIT_ASSERT(implicit.timeout == UpstreamConfig().timeout);
        CPPUNIT_ASSERT_EQUAL(5, implicit.position.line);
        CPPUNIT_ASSERT_EQUAL(std::string("named"),
                             config->upstreams.at(config->routes.at(1).proxy.upstreamIndex).name);
    }

    void testProxyNeedsOneTarget()
    {
        assertError("test.xml:3:57: <proxy> takes either 'upstream' or 'url', not both",
                    load(lines({"<portico>", minimalServer,
                                "  <routes><route name=\"r\" path=\"/r\"><proxy upstream=\"u\" "
                                "url=\"http://a\"/></route></routes>",
                                "</portico>"})));
        assertError(
            "test.xml:3:37: <proxy> needs upstream=\"NAME\" or url=\"http://HOST[:PORT]\"",
            load(lines({"<portico>", minimalServer,
                        "  <routes><route name=\"r\" path=\"/r\"><proxy/></route></routes>", "</portico>"})));
        assertError(
            "test.xml:3:44: invalid value 'ftp://a' for 'url' on <proxy>: expected http://HOST[:PORT][/PATH] "
            "or https://HOST[:PORT][/PATH]",
            load(lines({"<portico>", minimalServer,
                        "  <routes><route name=\"r\" path=\"/r\"><proxy url=\"ftp://a\"/></route></routes>",
                        "</portico>"})));
    }

    void testProxyPathMustUseBoundParameters()
    {
        assertError(
            "test.xml:3:69: proxy path '/v1/{order}' uses '{order}', which route path '/orders/{id}' does "
            "not bind",
            load(lines({"<portico>", minimalServer,
                        "  <routes><route name=\"r\" path=\"/orders/{id}\"><proxy url=\"http://a\" "
                        "path=\"/v1/{order}\"/></route></routes>",
                        "</portico>"})));
        assertError("test.xml:3:64: proxy path '/v1/*' ends in '/*' but route path '/orders' does not",
                    load(lines({"<portico>", minimalServer,
                                "  <routes><route name=\"r\" path=\"/orders\"><proxy url=\"http://a\" "
                                "path=\"/v1/*\"/></route></routes>",
                                "</portico>"})));
    }

    void testBadPathTemplate()
    {
        assertError(
            "test.xml:3:27: invalid value '/a/{id' for 'path' on <route>: unterminated '{' in segment 2",
            load(lines(
                {"<portico>", minimalServer,
                 "  <routes><route name=\"r\" path=\"/a/{id\"><proxy url=\"http://a\"/></route></routes>",
                 "</portico>"})));
    }

    void testHandlerCount()
    {
        assertError("test.xml:3:11: route 'r' needs a handler: <proxy> or <adapter>",
                    load(lines({"<portico>", minimalServer,
                                "  <routes><route name=\"r\" path=\"/r\"/></routes>", "</portico>"})));
        assertError("test.xml:4:7: route 'r' has more than one handler (<proxy> at test.xml:3:37)",
                    load(lines({"<portico>", minimalServer,
                                "  <routes><route name=\"r\" path=\"/r\"><proxy url=\"http://a\"/>",
                                "      <adapter type=\"soap\"/></route></routes>", "</portico>"})));
    }

    void testMethods()
    {
        const ConfigPtr config = loaded(lines({"<portico>", minimalServer,
                                               "  <routes><route name=\"r\" path=\"/r\" methods=\" get "
                                               ",PATCH,get,m-search\"><proxy url=\"http://a\"/>"
                                               "</route></routes>",
                                               "</portico>"}));
        const std::vector<std::string> expected = {"GET", "PATCH", "M-SEARCH"};
        CPPUNIT_ASSERT(expected == config->routes.at(0).methods);

        assertError(
            "test.xml:3:37: invalid value 'GET,,PUT' for 'methods' on <route>: expected a comma-separated "
            "list of HTTP methods such as GET,PUT",
            load(lines(
                {"<portico>", minimalServer,
                 "  <routes><route name=\"r\" path=\"/r\" methods=\"GET,,PUT\"><proxy url=\"http://a\"/>"
                 "</route></routes>",
                 "</portico>"})));
        assertError(
            "test.xml:3:37: invalid value '*' for 'methods' on <route>: leave 'methods' out to match any "
            "method",
            load(lines({"<portico>", minimalServer,
                        "  <routes><route name=\"r\" path=\"/r\" methods=\"*\"><proxy url=\"http://a\"/>"
                        "</route></routes>",
                        "</portico>"})));
    }

    void testTargetRules()
    {
        assertErrors({"test.xml:3:14: upstream 'u' needs at least one <target url=\"…\"/>"},
                     load(lines({"<portico>", minimalServer,
                                 "  <upstreams><upstream name=\"u\"/></upstreams>", "</portico>"})));
        assertErrors(
            {"test.xml:4:13: invalid value 'http://a/?q' for 'url' on <target>: expected "
             "http://HOST[:PORT][/PATH] or https://HOST[:PORT][/PATH]",
             "test.xml:4:31: invalid value '0' for 'weight' on <target>: expected a whole number from 1 to "
             "1000",
             "test.xml:5:24: invalid value 'sideways' for 'balance' on <upstream>: expected one of "
             "round-robin, least-requests, random"},
            load(lines({"<portico>", minimalServer, "  <upstreams><upstream name=\"u\">",
                        "    <target url=\"http://a/?q\" weight=\"0\"/></upstream>",
                        "    <upstream name=\"v\" balance=\"sideways\"><target url=\"http://v\"/></upstream>",
                        "  </upstreams>", "</portico>"})));
        assertError(
            "test.xml:3:24: invalid value 'route:x' for 'name' on <upstream>: use letters, digits, '.', '_' "
            "and '-'",
            load(lines({"<portico>", minimalServer,
                        "  <upstreams><upstream name=\"route:x\"><target url=\"http://v\"/></upstream>"
                        "</upstreams>",
                        "</portico>"})));
    }

    void testAdapterElement()
    {
        ScopedEnv user("PORTICO_TEST_USER", "calc-user");
        ScopedEnv unset("PORTICO_TEST_UNSET", nullptr);
        const ConfigPtr config = loaded(lines({
            "<portico>",
            minimalServer,
            "  <routes>",
            "    <route name=\"calc\" path=\"/calc/{op}\" methods=\"POST\">",
            "      <adapter type=\"soap\">",
            "        <wsdl>wsdl/calculator.wsdl</wsdl>",
            "        <anything goes=\"here\"><nested>${PORTICO_TEST_UNSET:-10s}</nested></anything>",
            "        <wsSecurity username=\"${PORTICO_TEST_USER}\" password=\"a&amp;b\"/>",
            "      </adapter>",
            "    </route>",
            "  </routes>",
            "</portico>",
        }));
        const AdapterHandlerConfig& adapter = config->routes.at(0).adapter;
        CPPUNIT_ASSERT_EQUAL(std::string("soap"), adapter.type);
        CPPUNIT_ASSERT_EQUAL(
            std::string("<adapter type=\"soap\"><wsdl>wsdl/calculator.wsdl</wsdl>"
                        "<anything goes=\"here\"><nested>10s</nested></anything>"
                        "<wsSecurity username=\"calc-user\" password=\"a&amp;b\"></wsSecurity></adapter>"),
            adapter.elementXml);
        CPPUNIT_ASSERT_EQUAL(5, adapter.position.line);
        CPPUNIT_ASSERT_EQUAL(7, adapter.position.column);
        // Where each element and attribute was written, in document order, for the plugin's errors:
        // <adapter> type <wsdl> <anything> goes <nested> <wsSecurity> username password.
        const std::vector<std::pair<int, int>> expected = {{5, 7},  {5, 16}, {6, 9},  {7, 9}, {7, 19},
                                                           {7, 31}, {8, 9},  {8, 21}, {8, 53}};
        CPPUNIT_ASSERT_EQUAL(expected.size(), adapter.positions.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
        {
            CPPUNIT_ASSERT_EQUAL(expected[i].first, adapter.positions[i].line);
            CPPUNIT_ASSERT_EQUAL(expected[i].second, adapter.positions[i].column);
        }

        // Expansion errors inside the plugin's part still name their own line and column. An
        // attribute other than type (kind) is the plugin's to check, as its children are.
        assertErrors({"test.xml:4:17: environment variable 'PORTICO_TEST_UNSET' is not set (in 'password' on "
                      "<wsSecurity>)",
                      "test.xml:5:14: environment variable 'PORTICO_TEST_UNSET' is not set (in the text of "
                      "<timeout>)"},
                     load(lines({
                         "<portico>",
                         minimalServer,
                         "  <routes><route name=\"calc\" path=\"/calc\"><adapter kind=\"x\" type=\"soap\">",
                         "    <wsSecurity password=\"${PORTICO_TEST_UNSET}\"/>",
                         "    <timeout>${PORTICO_TEST_UNSET}</timeout></adapter></route></routes>",
                         "</portico>",
                     })));
    }

    void testUnexpectedText()
    {
        assertError("test.xml:3:6: unexpected text in <server>",
                    load(lines({"<portico>", "  <server><listener address=\"127.0.0.1:1\"/>",
                                "     stray words", "  </server>", "</portico>"})));
    }

    void testDuplicateSection()
    {
        assertError("test.xml:3:3: duplicate <server> in <portico> (first at test.xml:2:3)",
                    load(lines({"<portico>", minimalServer, minimalServer, "</portico>"})));
        assertError("test.xml:2:53: duplicate <limits> in <server> (first at test.xml:2:44)",
                    load(lines({"<portico>",
                                "  <server><listener address=\"127.0.0.1:1\"/><limits/><limits/></server>",
                                "</portico>"})));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ConfigLoaderTest, "config");
