// Store keys: one per route, host, path and query; the route's vary fields (absent and empty told
// apart); the consumer unless the route is public; and no two requests sharing a key by moving
// bytes from one part to another.

#include "cache/CacheKey.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico;
using namespace portico::cache;

namespace
{

std::string keyOf(const CacheSettings& settings, const std::string& path, std::string_view query,
                  const std::string& consumer, std::vector<http::HeaderField> headers = {})
{
    pipeline::Exchange exchange;
    exchange.host = "api.example.com";
    exchange.normalizedPath = path;
    exchange.query = query;
    exchange.consumer = consumer;
    exchange.request.method = "GET";
    exchange.request.headers = std::move(headers);
    std::string key;
    buildCacheKey("orders", exchange, settings, {}, key);
    return key;
}

} // namespace

class CacheKeyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CacheKeyTest);
    CPPUNIT_TEST(testParts);
    CPPUNIT_TEST(testVaryAndConsumers);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParts()
    {
        CacheSettings settings;
        CPPUNIT_ASSERT_EQUAL(std::string("orders\nGET\napi.example.com\n/orders/1\n?a=1\nc="),
                             keyOf(settings, "/orders/1", "a=1", ""));
        CPPUNIT_ASSERT(keyOf(settings, "/orders/1", "", "") != keyOf(settings, "/orders/1", "a=1", ""));
        // A path ending in what a query would add is still another key.
        CPPUNIT_ASSERT(keyOf(settings, "/orders/1?a=1", "", "") != keyOf(settings, "/orders/1", "a=1", ""));
    }

    void testVaryAndConsumers()
    {
        CacheSettings settings;
        settings.vary = {"accept-language"};
        const std::string absent = keyOf(settings, "/o", "", "acme");
        const std::string empty = keyOf(settings, "/o", "", "acme", {{"Accept-Language", ""}});
        const std::string french = keyOf(settings, "/o", "", "acme", {{"Accept-Language", "fr"}});
        CPPUNIT_ASSERT(absent != empty && empty != french && absent != french);
        CPPUNIT_ASSERT(french == keyOf(settings, "/o", "", "acme", {{"accept-language", "fr"}}));
        // Per consumer, unless public.
        CPPUNIT_ASSERT(french != keyOf(settings, "/o", "", "beta", {{"Accept-Language", "fr"}}));
        settings.sharedAcrossConsumers = true;
        CPPUNIT_ASSERT(keyOf(settings, "/o", "", "acme") == keyOf(settings, "/o", "", "beta"));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CacheKeyTest, "cache");
