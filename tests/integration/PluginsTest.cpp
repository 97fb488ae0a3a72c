// Adapter plugins through a real porticod: the shipped example plugin loaded from a
// <plugins directory>, next to a fixture built for another ABI version that must be refused
// without stopping the gateway; the admin listing; configuration errors for adapters.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>
#include <portico/plugin/PluginAbi.h>

#include <filesystem>
#include <memory>
#include <string>

// Set by tests/plugins/CMakeLists.txt; the fallbacks are the same folders seen from build/bin.
#ifndef PORTICO_TEST_PLUGIN_DIR
#define PORTICO_TEST_PLUGIN_DIR PORTICO_BIN_DIR "/../test-plugins"
#endif
#ifndef PORTICO_PLUGIN_DIR
#define PORTICO_PLUGIN_DIR PORTICO_BIN_DIR "/../plugins"
#endif

using namespace portico::test;
namespace fs = std::filesystem;

namespace
{

const std::string adminToken = "test-admin-token";

const std::string helloRoute = "    <route name=\"hello\" path=\"/hello/{name}\">"
                               "<adapter type=\"example\"><greeting>Hi</greeting></adapter></route>\n";

// gatewayConfig() with a <plugins directory="…"/> section before <upstreams>.
std::string configWithPlugins(const std::string& pluginFolder, const std::string& routes)
{
    std::string text = gatewayConfig("", routes);
    const std::string anchor = "  <upstreams>";
    text.insert(text.find(anchor), "  <plugins directory=\"" + pluginFolder + "\"/>\n");
    return text;
}

#define ASSERT_CONTAINS(text, part)                                                                          \
    CPPUNIT_ASSERT_MESSAGE("expected \"" + std::string(part) + "\" in: " + std::string(text),                \
                           std::string(text).find(part) != std::string::npos)

} // namespace

class PluginsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginsTest);
    CPPUNIT_TEST(testServesExampleAdapterAndRefusesWrongAbi);
    CPPUNIT_TEST(testAdminListsLoadedPlugins);
    CPPUNIT_TEST(testUnknownAdapterTypeFailsCheckConfig);
    CPPUNIT_TEST(testAdapterConfigErrorAtItsElement);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        // The loader refuses a folder or library writable by group or others, so the test sets
        // the modes itself rather than trusting the build folder's.
        _pluginFolder = _folder->file("plugins");
        fs::create_directory(_pluginFolder);
        fs::permissions(_pluginFolder, static_cast<fs::perms>(0755), fs::perm_options::replace);
        _examplePath = addPlugin(std::string(PORTICO_PLUGIN_DIR) + "/example.so");
        _wrongAbiPath = addPlugin(std::string(PORTICO_TEST_PLUGIN_DIR) + "/wrongabi.so");
    }

    void tearDown() override
    {
        _gateway.reset();
        _folder.reset();
    }

    void testServesExampleAdapterAndRefusesWrongAbi()
    {
        startGateway(helloRoute);
        std::string errors = _gateway->process().errorOutput();
        ASSERT_CONTAINS(errors, _wrongAbiPath + ": refused, plugin ABI version 999, expected " +
                                    std::to_string(portico::plugin::abiVersion));
        CPPUNIT_ASSERT_MESSAGE(errors, errors.find(_examplePath) == std::string::npos);

        HttpResponse response = _gateway->get("/hello/ada");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), response.header("content-type"));
        CPPUNIT_ASSERT(!response.header("x-request-id").empty());
        Poco::JSON::Object::Ptr body =
            Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("Hi"), body->getValue<std::string>("greeting"));
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), body->getValue<std::string>("method"));
        CPPUNIT_ASSERT_EQUAL(std::string("/hello/ada"), body->getValue<std::string>("path"));
        CPPUNIT_ASSERT_EQUAL(std::string("ada"), body->getObject("params")->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("bodyBytes"));

        // A request id given by the client is the one the adapter's answer carries.
        HttpResponse tagged = _gateway->get("/hello/bob", "X-Request-Id: plugin-test-1\r\n");
        CPPUNIT_ASSERT_EQUAL(200, tagged.status);
        CPPUNIT_ASSERT_EQUAL(std::string("plugin-test-1"), tagged.header("x-request-id"));

        // An HTTP/1.0 client that asks to keep the connection is told so, as on proxy routes, and
        // its next request is served on the same connection.
        RawHttpClient client("127.0.0.1", _gateway->port());
        const std::string keptAlive = "GET /hello/carol HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
        HttpResponse first = client.request(keptAlive);
        CPPUNIT_ASSERT_EQUAL(200, first.status);
        CPPUNIT_ASSERT_EQUAL(std::string("keep-alive"), first.header("connection"));
        HttpResponse second = client.request(keptAlive);
        CPPUNIT_ASSERT_EQUAL(200, second.status);
        HttpResponse closing = client.request("GET /hello/dan HTTP/1.0\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, closing.status);
        CPPUNIT_ASSERT_EQUAL(std::string("close"), closing.header("connection"));
    }

    void testAdminListsLoadedPlugins()
    {
        startGateway(helloRoute);
        HttpResponse unauthorized = adminGet("/admin/plugins", "");
        CPPUNIT_ASSERT_EQUAL(401, unauthorized.status);

        HttpResponse response = adminGet("/admin/plugins", "Authorization: Bearer " + adminToken + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Array::Ptr plugins =
            Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Array::Ptr>();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, std::size_t(1), plugins->size());
        Poco::JSON::Object::Ptr example = plugins->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("example"), example->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), example->getValue<std::string>("version"));
        CPPUNIT_ASSERT_EQUAL(_examplePath, example->getValue<std::string>("file"));
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(portico::plugin::abiVersion),
                             example->getValue<int>("abiVersion"));
        Poco::JSON::Array::Ptr adapters = example->getArray("adapters");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), adapters->size());
        CPPUNIT_ASSERT_EQUAL(std::string("example"), adapters->getElement<std::string>(0));
    }

    void testUnknownAdapterTypeFailsCheckConfig()
    {
        const std::string routes = "    <route name=\"legacy\" path=\"/legacy/*\">\n"
                                   "      <adapter type=\"soapx\"><wsdl>x.wsdl</wsdl></adapter>\n"
                                   "    </route>\n";
        std::string config;
        std::string err = checkConfigFails(routes, config);
        ASSERT_CONTAINS(err, _configPath + ":" + positionOf(config, "<adapter type=\"soapx\"") + ": ");
        ASSERT_CONTAINS(err, "'soapx'");
        ASSERT_CONTAINS(err, "(loaded: example)");
    }

    void testAdapterConfigErrorAtItsElement()
    {
        const std::string routes = "    <route name=\"hello\" path=\"/hello/{name}\">\n"
                                   "      <adapter type=\"example\"><greeting></greeting></adapter>\n"
                                   "    </route>\n";
        std::string config;
        std::string err = checkConfigFails(routes, config);
        // The plugin's own error is placed at the element it concerns, not at <adapter>.
        ASSERT_CONTAINS(err, _configPath + ":" + positionOf(config, "<greeting>") +
                                 ": route 'hello': <greeting> must not be empty");
    }

private:
    std::string addPlugin(const std::string& source)
    {
        std::string target = _pluginFolder + "/" + fs::path(source).filename().string();
        fs::copy_file(source, target);
        fs::permissions(target, static_cast<fs::perms>(0755), fs::perm_options::replace);
        return target;
    }

    void startGateway(const std::string& routes)
    {
        _gateway = std::make_unique<Gateway>(*_folder, configWithPlugins(_pluginFolder, routes));
    }

    HttpResponse adminGet(const std::string& target, const std::string& extraHeaders)
    {
        RawHttpClient client("127.0.0.1", _gateway->adminPort());
        return client.request(simpleRequest("GET", target, extraHeaders));
    }

    // Runs porticod --check-config on routes; expects exit code 1 and returns its output. config
    // receives the text written, so the caller can find positions in it.
    std::string checkConfigFails(const std::string& routes, std::string& config)
    {
        const ConfigCheckResult result = checkConfig(*_folder, configWithPlugins(_pluginFolder, routes));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.output, 1, result.exitCode);
        config = result.text;
        _configPath = result.path;
        return result.output;
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<Gateway> _gateway;
    std::string _pluginFolder;
    std::string _examplePath;
    std::string _wrongAbiPath;
    std::string _configPath;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PluginsTest, "plugins");
