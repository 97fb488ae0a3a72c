// How route policy elements find their module: by name, in their slot, with their requirements
// checked at configuration time.

#include "pipeline/PolicyRegistry.h"
#include "config/ConfigLoader.h"
#include "pipeline/RoutePipeline.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico;

namespace
{

class NamedPolicy final : public pipeline::Policy
{
};

pipeline::PolicyModule module(const std::string& element, pipeline::Slot slot,
                              std::vector<pipeline::Slot> requires = {})
{
    pipeline::PolicyModule entry;
    entry.element = element;
    entry.slot = slot;
    entry.requires = std::move(requires);
    entry.build = [](const pipeline::PolicyElement&) { return std::make_shared<NamedPolicy>(); };
    return entry;
}

std::string routeWith(const std::string& children)
{
    return "<portico>\n"
           "  <server><listener address=\"127.0.0.1:8080\"/></server>\n"
           "  <routes>\n"
           "    <route name=\"r\" path=\"/r\">" +
           children +
           "<proxy url=\"http://127.0.0.1:9\"/></route>\n"
           "  </routes>\n"
           "</portico>\n";
}

} // namespace

class PolicyRegistryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PolicyRegistryTest);
    CPPUNIT_TEST(testBuiltinModulesRegistered);
    CPPUNIT_TEST(testTwoModulesCannotClaimOneElement);
    CPPUNIT_TEST(testMissingRequirementRefused);
    CPPUNIT_TEST(testPipelineOrdersBySlotThenConfiguration);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBuiltinModulesRegistered()
    {
        const pipeline::PolicyModule* headers = pipeline::PolicyRegistry::builtin().find("headers");
        CPPUNIT_ASSERT(headers != nullptr);
        CPPUNIT_ASSERT(headers->slot == pipeline::Slot::Transforms);
        CPPUNIT_ASSERT(pipeline::PolicyRegistry::builtin().find("nonsense") == nullptr);
    }

    void testTwoModulesCannotClaimOneElement()
    {
        pipeline::PolicyRegistry registry;
        registry.add(module("quota", pipeline::Slot::Admission));
        CPPUNIT_ASSERT_THROW(registry.add(module("quota", pipeline::Slot::Cache)), std::logic_error);
    }

    void testMissingRequirementRefused()
    {
        pipeline::PolicyRegistry registry;
        registry.add(module("quota", pipeline::Slot::Admission, {pipeline::Slot::Authentication}));
        registry.add(module("login", pipeline::Slot::Authentication));
        config::LoadResult refused =
            config::ConfigLoader::loadString(routeWith("<quota/>"), "test.xml", ".", &registry);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), refused.errors.size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("test.xml:4:31: <quota> on route 'r' needs a policy in the authentication "
                        "slot before it (such as <auth>)"),
            refused.errors[0]);
        config::LoadResult accepted =
            config::ConfigLoader::loadString(routeWith("<quota/><login/>"), "test.xml", ".", &registry);
        CPPUNIT_ASSERT(accepted.ok());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), accepted.config->routes[0].policies.size());
    }

    void testPipelineOrdersBySlotThenConfiguration()
    {
        pipeline::PolicyRegistry registry;
        registry.add(module("late", pipeline::Slot::Guard));
        registry.add(module("early", pipeline::Slot::Edge));
        config::LoadResult result =
            config::ConfigLoader::loadString(routeWith("<late/><early/><late/>"), "test.xml", ".", &registry);
        CPPUNIT_ASSERT(result.ok());
        const config::RouteConfig& route = result.config->routes[0];
        pipeline::RoutePipeline pipeline(route, nullptr);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), pipeline.stages().size());
        CPPUNIT_ASSERT(pipeline.stages()[0].policy == route.policies[1].policy);
        CPPUNIT_ASSERT(pipeline.stages()[1].policy == route.policies[0].policy);
        CPPUNIT_ASSERT(pipeline.stages()[2].policy == route.policies[2].policy);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PolicyRegistryTest, "pipeline");
