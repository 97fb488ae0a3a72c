// The response store: lookups and replacement, the byte budget held whatever is stored, entries
// too large refused, scan resistance (entries hit twice survive a flood of one-off keys), purges
// by predicate, and racing threads on shared keys.

#include "cache/CacheStore.h"

#include "support/Racing.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace portico::cache;

namespace
{

std::shared_ptr<const CachedResponse> entry(const std::string& key, std::size_t bodyBytes,
                                            const std::string& route = "r", const std::string& path = "/")
{
    CapturedResponse captured;
    captured.key = key;
    captured.route = std::make_shared<const std::string>(route);
    captured.path = path;
    captured.body.assign(bodyBytes, 'x');
    return CachedResponse::build(captured);
}

} // namespace

class CacheStoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CacheStoreTest);
    CPPUNIT_TEST(testFindAndReplace);
    CPPUNIT_TEST(testBudgetHolds);
    CPPUNIT_TEST(testTooLargeRefused);
    CPPUNIT_TEST(testScanResistance);
    CPPUNIT_TEST(testPurge);
    CPPUNIT_TEST(testRacingThreads);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFindAndReplace()
    {
        CacheStore store(16 * 1024 * 1024);
        CPPUNIT_ASSERT(!store.find("a"));
        CPPUNIT_ASSERT(store.insert(entry("a", 10)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), store.find("a")->body().size());
        CPPUNIT_ASSERT(store.insert(entry("a", 20)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), store.find("a")->body().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store.totals().entries);
        store.erase("a");
        CPPUNIT_ASSERT(!store.find("a"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), store.totals().bytes);
    }

    void testBudgetHolds()
    {
        const std::size_t budget = 1024 * 1024;
        CacheStore store(budget);
        for (int i = 0; i < 20000; ++i)
            store.insert(entry("key" + std::to_string(i), 500));
        const CacheStore::Totals totals = store.totals();
        CPPUNIT_ASSERT(totals.bytes <= budget);
        CPPUNIT_ASSERT(totals.bytes > budget / 2); // and the memory is used
        CPPUNIT_ASSERT(totals.evictions > 0);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(20000 - totals.entries), totals.evictions);
        // The newest stay, the oldest went.
        CPPUNIT_ASSERT(store.find("key19999"));
        CPPUNIT_ASSERT(!store.find("key0"));
    }

    void testTooLargeRefused()
    {
        CacheStore store(1024 * 1024); // 64 KiB shards: entries up to 16 KiB
        CPPUNIT_ASSERT_EQUAL(std::size_t(16 * 1024), store.maxEntryBytes());
        CPPUNIT_ASSERT(store.insert(entry("small", 1000)));
        CPPUNIT_ASSERT(!store.insert(entry("big", 17 * 1024)));
        CPPUNIT_ASSERT(!store.find("big"));
        // A new answer too large to keep still removes the old one it replaces.
        CPPUNIT_ASSERT(!store.insert(entry("small", 17 * 1024)));
        CPPUNIT_ASSERT(!store.find("small"));
    }

    void testScanResistance()
    {
        CacheStore store(4 * 1024 * 1024);
        // A working set used again and again...
        for (int i = 0; i < 200; ++i)
            store.insert(entry("hot" + std::to_string(i), 1000));
        for (int round = 0; round < 2; ++round)
            for (int i = 0; i < 200; ++i)
                CPPUNIT_ASSERT(store.find("hot" + std::to_string(i)));
        // ...then a scan of one-off keys, ten times the store's size.
        for (int i = 0; i < 40000; ++i)
            store.insert(entry("scan" + std::to_string(i), 1000));
        int survivors = 0;
        for (int i = 0; i < 200; ++i)
            survivors += store.find("hot" + std::to_string(i)) ? 1 : 0;
        CPPUNIT_ASSERT_EQUAL(200, survivors);
    }

    void testPurge()
    {
        CacheStore store(16 * 1024 * 1024);
        store.insert(entry("1", 1, "orders", "/orders/1"));
        store.insert(entry("2", 1, "orders", "/orders/2"));
        store.insert(entry("3", 1, "balance", "/accounts/1"));
        store.find("1"); // one protected, the others on probation: purges see both segments
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), store.purge([](const CachedResponse& stored)
                                                         { return stored.route() == "orders"; }));
        CPPUNIT_ASSERT(!store.find("1") && !store.find("2") && store.find("3"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store.purge([](const CachedResponse&) { return true; }));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), store.totals().entries);
    }

    void testRacingThreads()
    {
        CacheStore store(2 * 1024 * 1024);
        // Four threads storing, finding, replacing and purging the same few keys.
        const int found = portico::test::countAcrossThreads(
            4, 4000,
            [&]
            {
                thread_local int n = 0;
                const std::string key = "k" + std::to_string(++n % 64);
                if (n % 97 == 0)
                    store.purge([](const CachedResponse& stored) { return stored.key() == "k1"; });
                if (n % 3 == 0) store.insert(entry(key, 100 + n % 50));
                const std::shared_ptr<const CachedResponse> got = store.find(key);
                return got && got->key() == key;
            });
        CPPUNIT_ASSERT(found > 0);
        const CacheStore::Totals totals = store.totals();
        CPPUNIT_ASSERT(totals.entries <= 64);
        CPPUNIT_ASSERT(totals.bytes <= store.budget());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CacheStoreTest, "cache");
