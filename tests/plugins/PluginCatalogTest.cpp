// The plugin loader against real shared libraries: the shipped example plugin and fixtures that
// each break one rule of the ABI (tests/plugins/fixtures/). Every test copies the libraries it
// needs into a fresh folder of its own, because the loader checks file and folder permissions and
// those of the build folders are not the test's to decide.

#include "loader/PluginCatalog.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdio>
#include <dlfcn.h>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using portico::plugins::PluginCatalog;
using portico::plugins::PluginInfo;
namespace plugin = portico::plugin;
namespace fs = std::filesystem;

namespace
{

std::string fixturePlugin(const std::string& name)
{
    return std::string(PORTICO_TEST_PLUGIN_DIR) + "/" + name + ".so";
}

std::string shippedPlugin(const std::string& name)
{
    return std::string(PORTICO_PLUGIN_DIR) + "/" + name + ".so";
}

// A fresh folder (mode 0755) holding copies (mode 0755) of the libraries a test loads; removed
// with everything in it when the test ends.
class PluginFolder
{
public:
    PluginFolder()
    {
        char pattern[] = "/tmp/portico-plugin-test-XXXXXX";
        if (::mkdtemp(pattern) == nullptr)
        {
            throw std::runtime_error("mkdtemp failed");
        }
        _path = pattern;
        fs::permissions(_path, static_cast<fs::perms>(0755), fs::perm_options::replace);
    }

    ~PluginFolder()
    {
        std::error_code ignored;
        fs::permissions(_path, fs::perms::owner_all, fs::perm_options::add, ignored);
        fs::remove_all(_path, ignored);
    }

    PluginFolder(const PluginFolder&) = delete;
    PluginFolder& operator=(const PluginFolder&) = delete;

    const std::string& path() const { return _path; }

    // Copies source in as NAME.so (NAME taken from source) and returns the copy's path.
    std::string add(const std::string& source)
    {
        std::string target = _path + "/" + fs::path(source).filename().string();
        fs::copy_file(source, target, fs::copy_options::overwrite_existing);
        setMode(target, 0755);
        return target;
    }

    static void setMode(const std::string& path, unsigned mode)
    {
        fs::permissions(path, static_cast<fs::perms>(mode), fs::perm_options::replace);
    }

private:
    std::string _path;
};

// The host side of the ABI, reduced to what a unit test needs: no HTTP client or stream pools, work
// runs inline.
// The example plugin calls none of it.
class StubHostServices final : public plugin::HostServices
{
public:
    void http(plugin::HttpCall, std::function<void(plugin::HttpResult)> done) override
    {
        plugin::HttpResult result;
        result.error = "no HTTP client in unit tests";
        done(result);
    }

    plugin::HttpResult httpBlocking(const plugin::HttpCall&) override
    {
        plugin::HttpResult result;
        result.error = "no HTTP client in unit tests";
        return result;
    }

    void submit(std::function<void()> work) override { work(); }

    void log(plugin::LogLevel, const std::string& message) override { _messages.push_back(message); }

    std::shared_ptr<plugin::StreamPool> streamPool(const plugin::StreamPoolSettings&) override
    {
        return nullptr;
    }

private:
    std::vector<std::string> _messages;
};

// Records the one answer an adapter gives.
class RecordingResponder final : public plugin::Responder
{
public:
    void respond(plugin::Response response) override
    {
        ++_answers;
        _response = std::move(response);
    }

    void fail(int status, std::string detail, std::string) override
    {
        ++_answers;
        _failStatus = status;
        _failDetail = std::move(detail);
    }

    void unavailable(std::string detail, std::chrono::seconds) override { fail(503, std::move(detail), {}); }

    int answers() const { return _answers; }
    const plugin::Response& response() const { return _response; }
    int failStatus() const { return _failStatus; }

private:
    int _answers = 0;
    plugin::Response _response;
    int _failStatus = 0;
    std::string _failDetail;
};

plugin::AdapterConfig adapterConfig(const std::string& elementXml)
{
    plugin::AdapterConfig config;
    config.elementXml = elementXml;
    config.baseDirectory = "/tmp";
    config.sourceFile = "/tmp/portico.xml";
    config.line = 7;
    config.column = 5;
    config.routeName = "hello";
    config.routePath = "/hello/{name}";
    config.pathParameters = {"name"};
    return config;
}

std::shared_ptr<const plugin::Request> helloRequest()
{
    auto request = std::make_shared<plugin::Request>();
    request->method = "GET";
    request->path = "/hello/ada";
    request->pathParams = {{"name", "ada"}};
    request->requestId = "test-request-1";
    request->routeName = "hello";
    return request;
}

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string joined(const std::vector<std::string>& lines)
{
    std::string text;
    for (const std::string& line : lines)
    {
        text += "[" + line + "]";
    }
    return text;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// Asserts that text contains every part, showing the whole text when it does not.
#define ASSERT_CONTAINS(text, part)                                                                          \
    CPPUNIT_ASSERT_MESSAGE("expected \"" + std::string(part) + "\" in: " + std::string(text),                \
                           contains(text, part))

// True while the library at path is mapped into this process (dlopen without loading it).
bool libraryLoaded(const std::string& path)
{
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr)
    {
        return false;
    }
    ::dlclose(handle);
    return true;
}

} // namespace

class PluginCatalogTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginCatalogTest);
    CPPUNIT_TEST(testExampleLoads);
    CPPUNIT_TEST(testDescribeJsonParses);
    CPPUNIT_TEST(testWrongAbiVersionRefused);
    CPPUNIT_TEST(testBadBuildSignatureRefused);
    CPPUNIT_TEST(testThrowingPluginFactoryRefused);
    CPPUNIT_TEST(testExceptionsFromPluginMetadataContained);
    CPPUNIT_TEST(testNotAPluginRefused);
    CPPUNIT_TEST(testWritableFileRefused);
    CPPUNIT_TEST(testWritableFolderRefused);
    CPPUNIT_TEST(testLoadDirectoryLoadsGoodAndReportsEachBad);
    CPPUNIT_TEST(testMissingDirectoryReported);
    CPPUNIT_TEST(testExampleAdapterAnswers);
    CPPUNIT_TEST(testExampleAdapterRejectsEmptyGreeting);
    CPPUNIT_TEST(testThrowingAdapterFactoryContained);
    CPPUNIT_TEST(testRefusingAdapterKeepsItsError);
    CPPUNIT_TEST(testUnknownTypeNamesLoadedTypes);
    CPPUNIT_TEST(testUnknownTypeWithoutPlugins);
    CPPUNIT_TEST(testDuplicateAdapterTypeKeepsFirst);
    CPPUNIT_TEST(testAdapterOutlivesCatalog);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _folder = std::make_unique<PluginFolder>(); }

    void tearDown() override { _folder.reset(); }

    void testExampleLoads()
    {
        std::string path = _folder->add(shippedPlugin("example"));
        PluginCatalog catalog;
        std::vector<std::string> problems;
        CPPUNIT_ASSERT_MESSAGE(joined(problems), catalog.loadFile(path, problems));
        CPPUNIT_ASSERT_EQUAL(std::string(), joined(problems));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), catalog.plugins().size());
        const PluginInfo info = catalog.plugins().front();
        CPPUNIT_ASSERT_EQUAL(path, info.file);
        CPPUNIT_ASSERT_EQUAL(std::string("example"), info.name);
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), info.version);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t(PORTICO_PLUGIN_ABI_VERSION), info.abiVersion);
        CPPUNIT_ASSERT(info.adapterTypes == std::vector<std::string>{"example"});
        CPPUNIT_ASSERT(catalog.hasAdapter("example"));
        CPPUNIT_ASSERT(!catalog.hasAdapter("soap"));
        CPPUNIT_ASSERT(catalog.adapterTypes() == std::vector<std::string>{"example"});
    }

    void testDescribeJsonParses()
    {
        std::string path = _folder->add(shippedPlugin("example"));
        PluginCatalog catalog;
        std::vector<std::string> problems;
        CPPUNIT_ASSERT_EQUAL(std::string("[]"), catalog.describeJson());
        CPPUNIT_ASSERT_MESSAGE(joined(problems), catalog.loadFile(path, problems));
        Poco::JSON::Array::Ptr list =
            Poco::JSON::Parser().parse(catalog.describeJson()).extract<Poco::JSON::Array::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), list->size());
        Poco::JSON::Object::Ptr entry = list->getObject(0);
        CPPUNIT_ASSERT(entry);
        CPPUNIT_ASSERT_EQUAL(std::string("example"), entry->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), entry->getValue<std::string>("version"));
        CPPUNIT_ASSERT_EQUAL(path, entry->getValue<std::string>("file"));
        CPPUNIT_ASSERT_EQUAL(int(PORTICO_PLUGIN_ABI_VERSION), entry->getValue<int>("abiVersion"));
        Poco::JSON::Array::Ptr adapters = entry->getArray("adapters");
        CPPUNIT_ASSERT(adapters);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), adapters->size());
        CPPUNIT_ASSERT_EQUAL(std::string("example"), adapters->getElement<std::string>(0));
    }

    void testWrongAbiVersionRefused()
    {
        std::string path = _folder->add(fixturePlugin("wrongabi"));
        std::string problem = refusedAlone(path);
        ASSERT_CONTAINS(problem, path);
        ASSERT_CONTAINS(problem, "999");
        ASSERT_CONTAINS(problem, "expected " + std::to_string(PORTICO_PLUGIN_ABI_VERSION));
        // Refused before its factory was called (the fixture's factory returns nullptr).
        CPPUNIT_ASSERT_MESSAGE(problem, !contains(problem, "factory"));
    }

    void testBadBuildSignatureRefused()
    {
        std::string path = _folder->add(fixturePlugin("badsignature"));
        std::string problem = refusedAlone(path);
        ASSERT_CONTAINS(problem, path);
        ASSERT_CONTAINS(problem, "\"gcc 0.0; libstdc++ 0; boost 0; poco 0; Debug\"");
        ASSERT_CONTAINS(problem, std::string("expected \"") + PORTICO_PLUGIN_BUILD_SIGNATURE + "\"");
        CPPUNIT_ASSERT_MESSAGE(problem, !contains(problem, "factory"));
    }

    void testThrowingPluginFactoryRefused()
    {
        std::string path = _folder->add(fixturePlugin("throwingfactory"));
        std::string problem = refusedAlone(path);
        ASSERT_CONTAINS(problem, path);
        ASSERT_CONTAINS(problem, "the factory throws");
    }

    void testExceptionsFromPluginMetadataContained()
    {
        // The exception's what() is code in the plugin: reading it after the library was unloaded
        // would crash the host, so each of these also proves the library outlived the handler.
        for (const char* fixture : {"throwingname", "throwingadapters", "throwingtype"})
        {
            std::string path = _folder->add(fixturePlugin(fixture));
            PluginCatalog catalog;
            std::vector<std::string> problems;
            CPPUNIT_ASSERT_MESSAGE(fixture, !catalog.loadFile(path, problems));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(fixture, std::size_t(1), problems.size());
            ASSERT_CONTAINS(problems[0], path);
            ASSERT_CONTAINS(problems[0], "throwingmetadata fixture: thrown from the plugin");
            CPPUNIT_ASSERT(catalog.plugins().empty());
            CPPUNIT_ASSERT(!catalog.hasAdapter("throwingmetadata"));
        }
    }

    void testNotAPluginRefused()
    {
        std::string path = _folder->add(fixturePlugin("notaplugin"));
        std::string problem = refusedAlone(path);
        ASSERT_CONTAINS(problem, path);
        ASSERT_CONTAINS(problem, "not a Portico plugin");
    }

    void testWritableFileRefused()
    {
        // Group-writable, others-writable and both: each is enough to refuse the file.
        for (unsigned mode : {0666u, 0664u, 0646u})
        {
            std::string path = _folder->add(shippedPlugin("example"));
            PluginFolder::setMode(path, mode);
            std::string problem = refusedAlone(path);
            ASSERT_CONTAINS(problem, path);
            ASSERT_CONTAINS(problem, "writable by group or others");
            char modeText[8];
            std::snprintf(modeText, sizeof modeText, "%04o", mode);
            ASSERT_CONTAINS(problem, std::string("mode ") + modeText);
        }
    }

    void testWritableFolderRefused()
    {
        std::string path = _folder->add(shippedPlugin("example"));
        PluginFolder::setMode(_folder->path(), 0777);
        std::string problem = refusedAlone(path);
        ASSERT_CONTAINS(problem, path);
        ASSERT_CONTAINS(problem, "its folder " + _folder->path());
        ASSERT_CONTAINS(problem, "writable by group or others");
        ASSERT_CONTAINS(problem, "mode 0777");
    }

    void testLoadDirectoryLoadsGoodAndReportsEachBad()
    {
        _folder->add(shippedPlugin("example"));
        std::string wrongAbi = _folder->add(fixturePlugin("wrongabi"));
        std::string throwing = _folder->add(fixturePlugin("throwingfactory"));
        // Not a library name the loader looks at: ignored, not reported.
        std::string notes = _folder->path() + "/README.txt";
        fs::copy_file(fixturePlugin("notaplugin"), notes);
        PluginCatalog catalog;
        std::vector<std::string> problems;
        catalog.loadDirectory(_folder->path(), problems);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), catalog.plugins().size());
        CPPUNIT_ASSERT_EQUAL(std::string("example"), catalog.plugins().front().name);
        CPPUNIT_ASSERT_MESSAGE(joined(problems), problems.size() == 2);
        // Name order: throwingfactory.so before wrongabi.so.
        ASSERT_CONTAINS(problems[0], throwing);
        ASSERT_CONTAINS(problems[0], "the factory throws");
        ASSERT_CONTAINS(problems[1], wrongAbi);
        ASSERT_CONTAINS(problems[1], "999");
        CPPUNIT_ASSERT(catalog.adapterTypes() == std::vector<std::string>{"example"});
    }

    void testMissingDirectoryReported()
    {
        std::string missing = _folder->path() + "/no-such-folder";
        PluginCatalog catalog;
        std::vector<std::string> problems;
        catalog.loadDirectory(missing, problems);
        CPPUNIT_ASSERT_MESSAGE(joined(problems), problems.size() == 1);
        ASSERT_CONTAINS(problems[0], missing);
        CPPUNIT_ASSERT(catalog.plugins().empty());
    }

    void testExampleAdapterAnswers()
    {
        PluginCatalog catalog;
        loadAll(catalog, {shippedPlugin("example")});
        StubHostServices host;
        std::vector<std::string> errors;
        std::shared_ptr<plugin::Adapter> adapter = catalog.createAdapter(
            "example", adapterConfig("<adapter type=\"example\"><greeting>Hi</greeting></adapter>"), host,
            errors);
        CPPUNIT_ASSERT_MESSAGE(joined(errors), adapter != nullptr);
        CPPUNIT_ASSERT(errors.empty());
        checkExampleAnswer(*adapter, "Hi");
    }

    void testExampleAdapterRejectsEmptyGreeting()
    {
        PluginCatalog catalog;
        loadAll(catalog, {shippedPlugin("example")});
        StubHostServices host;
        std::vector<std::string> errors;
        std::shared_ptr<plugin::Adapter> adapter = catalog.createAdapter(
            "example", adapterConfig("<adapter type=\"example\"><greeting></greeting></adapter>"), host,
            errors);
        CPPUNIT_ASSERT(adapter == nullptr);
        // Without a position table the error is placed at the <adapter> element.
        CPPUNIT_ASSERT_EQUAL(std::string("[/tmp/portico.xml:7:5: <greeting> must not be empty]"),
                             joined(errors));
    }

    void testThrowingAdapterFactoryContained()
    {
        PluginCatalog catalog;
        loadAll(catalog, {fixturePlugin("throwingadapter")});
        StubHostServices host;
        std::vector<std::string> errors;
        std::shared_ptr<plugin::Adapter> adapter =
            catalog.createAdapter("throwing", adapterConfig("<adapter type=\"throwing\"/>"), host, errors);
        CPPUNIT_ASSERT(adapter == nullptr);
        CPPUNIT_ASSERT_MESSAGE(joined(errors), errors.size() == 1);
        ASSERT_CONTAINS(errors[0], "'throwing'");
        ASSERT_CONTAINS(errors[0], "create() throws");
    }

    void testRefusingAdapterKeepsItsError()
    {
        PluginCatalog catalog;
        loadAll(catalog, {fixturePlugin("throwingadapter")});
        StubHostServices host;
        std::vector<std::string> errors;
        std::shared_ptr<plugin::Adapter> adapter =
            catalog.createAdapter("refusing", adapterConfig("<adapter type=\"refusing\"/>"), host, errors);
        CPPUNIT_ASSERT(adapter == nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string("[bad fixture config]"), joined(errors));
    }

    void testUnknownTypeNamesLoadedTypes()
    {
        PluginCatalog catalog;
        loadAll(catalog, {shippedPlugin("example"), fixturePlugin("throwingadapter")});
        StubHostServices host;
        std::vector<std::string> errors;
        std::shared_ptr<plugin::Adapter> adapter =
            catalog.createAdapter("soapx", adapterConfig("<adapter type=\"soapx\"/>"), host, errors);
        CPPUNIT_ASSERT(adapter == nullptr);
        CPPUNIT_ASSERT_MESSAGE(joined(errors), errors.size() == 1);
        ASSERT_CONTAINS(errors[0], "'soapx'");
        ASSERT_CONTAINS(errors[0], "example, refusing, throwing");
    }

    void testUnknownTypeWithoutPlugins()
    {
        PluginCatalog catalog;
        StubHostServices host;
        std::vector<std::string> errors;
        CPPUNIT_ASSERT(catalog.createAdapter("example", adapterConfig("<adapter type=\"example\"/>"), host,
                                             errors) == nullptr);
        CPPUNIT_ASSERT_MESSAGE(joined(errors), errors.size() == 1);
        ASSERT_CONTAINS(errors[0], "'example'");
        ASSERT_CONTAINS(errors[0], "no plugins are loaded");
    }

    void testDuplicateAdapterTypeKeepsFirst()
    {
        std::string example = _folder->add(shippedPlugin("example"));
        std::string duplicate = _folder->add(fixturePlugin("duplicate"));
        PluginCatalog catalog;
        std::vector<std::string> problems;
        CPPUNIT_ASSERT_MESSAGE(joined(problems), catalog.loadFile(example, problems));
        // The duplicate still loads for its own type; only the clashing type is refused.
        catalog.loadFile(duplicate, problems);
        CPPUNIT_ASSERT_MESSAGE(joined(problems), problems.size() == 1);
        ASSERT_CONTAINS(problems[0], duplicate);
        ASSERT_CONTAINS(problems[0], "'example'");
        CPPUNIT_ASSERT(catalog.adapterTypes() == (std::vector<std::string>{"duplicate-only", "example"}));
        CPPUNIT_ASSERT(catalog.plugins().front().adapterTypes == std::vector<std::string>{"example"});
        for (const PluginInfo& info : catalog.plugins())
        {
            if (info.name == "duplicate")
            {
                CPPUNIT_ASSERT(info.adapterTypes == std::vector<std::string>{"duplicate-only"});
            }
        }
        // The adapter really comes from the first plugin: it greets, the duplicate would not.
        StubHostServices host;
        std::vector<std::string> errors;
        std::shared_ptr<plugin::Adapter> adapter = catalog.createAdapter(
            "example", adapterConfig("<adapter type=\"example\"><greeting>Hi</greeting></adapter>"), host,
            errors);
        CPPUNIT_ASSERT_MESSAGE(joined(errors), adapter != nullptr);
        checkExampleAnswer(*adapter, "Hi");
    }

    void testAdapterOutlivesCatalog()
    {
        std::string path = _folder->add(shippedPlugin("example"));
        StubHostServices host;
        std::shared_ptr<plugin::Adapter> adapter;
        {
            PluginCatalog catalog;
            std::vector<std::string> problems;
            CPPUNIT_ASSERT_MESSAGE(joined(problems), catalog.loadFile(path, problems));
            std::vector<std::string> errors;
            adapter = catalog.createAdapter(
                "example",
                adapterConfig("<adapter type=\"example\"><greeting>Still here</greeting></adapter>"), host,
                errors);
            CPPUNIT_ASSERT_MESSAGE(joined(errors), adapter != nullptr);
        }
        // The catalog is gone; the adapter's code must still be mapped. Calling it would crash if
        // the loader had unloaded the library with the catalog.
        if (!libraryLoaded(path))
        {
            // Destroying the adapter now would run code that is no longer mapped: leak it so the
            // test fails with a message instead of a crash.
            new std::shared_ptr<plugin::Adapter>(std::move(adapter));
            CPPUNIT_FAIL("the library was unloaded with the catalog while an adapter from it was alive");
        }
        checkExampleAnswer(*adapter, "Still here");
        adapter.reset();
        // The last object is gone, so nothing keeps the library: it is unloaded, not leaked.
        CPPUNIT_ASSERT(!libraryLoaded(path));
    }

private:
    // Loads path into a fresh catalog, expects it refused with exactly one problem, returns it.
    std::string refusedAlone(const std::string& path)
    {
        PluginCatalog catalog;
        std::vector<std::string> problems;
        CPPUNIT_ASSERT(!catalog.loadFile(path, problems));
        CPPUNIT_ASSERT_MESSAGE(joined(problems), problems.size() == 1);
        CPPUNIT_ASSERT(catalog.plugins().empty());
        CPPUNIT_ASSERT(catalog.adapterTypes().empty());
        CPPUNIT_ASSERT_EQUAL(std::string("[]"), catalog.describeJson());
        return problems.front();
    }

    void loadAll(PluginCatalog& catalog, const std::vector<std::string>& sources)
    {
        for (const std::string& source : sources)
        {
            std::vector<std::string> problems;
            CPPUNIT_ASSERT_MESSAGE(joined(problems), catalog.loadFile(_folder->add(source), problems));
            CPPUNIT_ASSERT_EQUAL(std::string(), joined(problems));
        }
    }

    // The example adapter answers GET /hello/ada at once with its greeting and what it received.
    static void checkExampleAnswer(plugin::Adapter& adapter, const std::string& greeting)
    {
        auto responder = std::make_shared<RecordingResponder>();
        adapter.handle(helloRequest(), responder);
        CPPUNIT_ASSERT_EQUAL(1, responder->answers());
        CPPUNIT_ASSERT_EQUAL(0, responder->failStatus());
        const plugin::Response& response = responder->response();
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), response.headers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Content-Type"), response.headers[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), response.headers[0].value);
        Poco::JSON::Object::Ptr body = parseObject(response.body);
        CPPUNIT_ASSERT_EQUAL(greeting, body->getValue<std::string>("greeting"));
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), body->getValue<std::string>("method"));
        CPPUNIT_ASSERT_EQUAL(std::string("/hello/ada"), body->getValue<std::string>("path"));
        CPPUNIT_ASSERT_EQUAL(std::string("ada"), body->getObject("params")->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(0, body->getValue<int>("bodyBytes"));
    }

    std::unique_ptr<PluginFolder> _folder;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PluginCatalogTest, "plugins");
