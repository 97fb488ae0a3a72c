// The plugin SDK's element reader over the <adapter> element a plugin receives: errors land at
// the position the host recorded for the node concerned, and without a usable table at the
// <adapter> element (or nowhere, when the host gave no position at all).
#include <portico/config/AdapterReaderContext.h>
#include <portico/config/ElementReader.h>

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace portico;
using config::AdapterReaderContext;
using config::ElementReader;

namespace
{

// Written at lines 3 to 5 of gateway.xml as:
//   3:   <adapter type="t">
//   4:     <a x="1"><b/></a>
//   5:     <c y="2" z="3"/></adapter>
const std::string adapterXml = "<adapter type=\"t\"><a x=\"1\"><b/></a><c y=\"2\" z=\"3\"/></adapter>";

plugin::AdapterConfig recorded()
{
    plugin::AdapterConfig config;
    config.elementXml = adapterXml;
    config.sourceFile = "gateway.xml";
    config.line = 3;
    config.column = 3;
    // <adapter> type <a> x <b> <c> y z
    config.positions = {{3, 3}, {3, 12}, {4, 5}, {4, 8}, {4, 14}, {5, 5}, {5, 8}, {5, 14}};
    return config;
}

struct Parsed
{
    pugi::xml_document document;
    pugi::xml_node adapter;

    explicit Parsed(const std::string& xml)
    {
        CPPUNIT_ASSERT(document.load_string(xml.c_str()));
        adapter = document.document_element();
    }
};

} // namespace

class AdapterReaderContextTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AdapterReaderContextTest);
    CPPUNIT_TEST(testErrorsAtNestedElementsAndAttributes);
    CPPUNIT_TEST(testTextIsWhereItsElementIs);
    CPPUNIT_TEST(testTableThatDoesNotFitFallsBackToTheAdapter);
    CPPUNIT_TEST(testWithoutPositionsMessagesStandAlone);
    CPPUNIT_TEST(testRelativePathsResolveAgainstTheConfigurationFolder);
    CPPUNIT_TEST_SUITE_END();

public:
    void testErrorsAtNestedElementsAndAttributes()
    {
        const plugin::AdapterConfig config = recorded();
        Parsed parsed(config.elementXml);
        std::vector<std::string> errors;
        AdapterReaderContext context(config, parsed.adapter, errors);

        const pugi::xml_node c = parsed.adapter.child("c");
        ElementReader reader(context, c, {"y"});
        unsigned y = 0;
        CPPUNIT_ASSERT(!reader.number("y", y, 5, 9));
        ElementReader b(context, parsed.adapter.child("a").child("b"), {});
        b.error("b is wrong");

        CPPUNIT_ASSERT_EQUAL(std::size_t(3), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("gateway.xml:5:14: unknown attribute 'z' on <c> (expected y)"),
                             errors[0]);
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "gateway.xml:5:8: invalid value '2' for 'y' on <c>: expected a whole number from 5 to 9"),
            errors[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("gateway.xml:4:14: b is wrong"), errors[2]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), context.errorCount());
    }

    void testTextIsWhereItsElementIs()
    {
        plugin::AdapterConfig config;
        config.elementXml = "<adapter type=\"t\"><a>stray</a></adapter>";
        config.sourceFile = "g.xml";
        config.line = 1;
        config.column = 1;
        config.positions = {{1, 1}, {1, 10}, {2, 3}};
        Parsed parsed(config.elementXml);
        std::vector<std::string> errors;
        AdapterReaderContext context(config, parsed.adapter, errors);
        ElementReader a(context, parsed.adapter.child("a"), {});
        a.expectEmpty();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("g.xml:2:3: unexpected text in <a>"), errors[0]);
    }

    void testTableThatDoesNotFitFallsBackToTheAdapter()
    {
        plugin::AdapterConfig config = recorded();
        config.positions.pop_back(); // one attribute short: the table describes another element
        Parsed parsed(config.elementXml);
        std::vector<std::string> errors;
        AdapterReaderContext context(config, parsed.adapter, errors);
        ElementReader reader(context, parsed.adapter.child("c"), {"y"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("gateway.xml:3:3: unknown attribute 'z' on <c> (expected y)"),
                             errors[0]);
    }

    void testWithoutPositionsMessagesStandAlone()
    {
        plugin::AdapterConfig config;
        config.elementXml = adapterXml;
        Parsed parsed(config.elementXml);
        std::vector<std::string> errors;
        AdapterReaderContext context(config, parsed.adapter, errors);
        ElementReader reader(context, parsed.adapter, {});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("unknown attribute 'type' on <adapter> (it takes none)"), errors[0]);
    }

    void testRelativePathsResolveAgainstTheConfigurationFolder()
    {
        plugin::AdapterConfig config;
        config.elementXml = "<adapter file=\"wsdl/../x.wsdl\" abs=\"/a/./b\" off=\"\"/>";
        config.baseDirectory = "/etc/portico";
        Parsed parsed(config.elementXml);
        std::vector<std::string> errors;
        AdapterReaderContext context(config, parsed.adapter, errors);
        ElementReader reader(context, parsed.adapter, {"file", "abs", "off"});
        std::string file, absolute, off = "unchanged";
        CPPUNIT_ASSERT(reader.path("file", file));
        CPPUNIT_ASSERT(reader.path("abs", absolute));
        CPPUNIT_ASSERT(reader.path("off", off));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/portico/x.wsdl"), file);
        CPPUNIT_ASSERT_EQUAL(std::string("/a/b"), absolute);
        CPPUNIT_ASSERT_EQUAL(std::string(""), off);
        CPPUNIT_ASSERT(errors.empty());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AdapterReaderContextTest, "plugins");
