// Canonical JSON for POST cache keys: member order, whitespace and escapes do not matter; values,
// nesting and array order do; text that is not JSON, or holds an integer beyond 64 bits, is refused.

#include "cache/CanonicalJson.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::cache;

namespace
{

std::string canonical(const std::string& text)
{
    std::string out;
    CPPUNIT_ASSERT_MESSAGE(text, canonicalJson(text, out));
    return out;
}

} // namespace

class CanonicalJsonTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CanonicalJsonTest);
    CPPUNIT_TEST(testSameMeaningSameText);
    CPPUNIT_TEST(testDifferentMeaningDifferentText);
    CPPUNIT_TEST(testNotJson);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSameMeaningSameText()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":2,"b":{"x":[1,"two",true,null],"y":-1.5}})"),
                             canonical(R"({ "b": {"y": -1.5, "x": [1, "two", true, null]},
                                           "a": 2 })"));
        CPPUNIT_ASSERT_EQUAL(canonical(R"({"name":"Zoë"})"), canonical(R"({"name":"Zo\u00eb"})"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"q":"say \"hi\""})"), canonical(R"({"q":"say \"hi\""})"));
    }

    void testDifferentMeaningDifferentText()
    {
        CPPUNIT_ASSERT(canonical(R"({"a":[1,2]})") != canonical(R"({"a":[2,1]})"));
        CPPUNIT_ASSERT(canonical(R"({"a":"1"})") != canonical(R"({"a":1})"));
        CPPUNIT_ASSERT(canonical(R"({"a":{"b":1}})") != canonical(R"({"a.b":1})"));
        // 64-bit integers keep every digit; beyond them POCO would read 2^64 as 0, so such a body
        // is not keyed at all (found by CacheKeyFuzzer).
        CPPUNIT_ASSERT_EQUAL(std::string("[18446744073709551615,-9223372036854775808]"),
                             canonical("[18446744073709551615,-9223372036854775808]"));
        std::string out;
        CPPUNIT_ASSERT(!canonicalJson(R"({"id":18446744073709551616})", out));
        CPPUNIT_ASSERT(!canonicalJson("[-9223372036854775809]", out));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"id":"18446744073709551616"})"),
                             canonical(R"({"id":"18446744073709551616"})"));
    }

    void testNotJson()
    {
        std::string out;
        CPPUNIT_ASSERT(!canonicalJson(R"({"a":)", out));
        CPPUNIT_ASSERT(!canonicalJson("<xml/>", out));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CanonicalJsonTest, "cache");
