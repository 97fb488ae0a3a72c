#include "soap/RequestFields.h"
#include "soap/JsonValues.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;

namespace
{

std::string merged(const std::string& body, const NameValues& path = {}, const std::string& selector = {},
                   const NameValues& query = {})
{
    Poco::JSON::Object::Ptr fields;
    std::string error;
    CPPUNIT_ASSERT_MESSAGE(error, mergeRequestFields(body, path, selector, query, fields, error));
    return toJsonText(fields);
}

std::string refused(const std::string& body, const NameValues& path = {}, const std::string& selector = {},
                    const NameValues& query = {})
{
    Poco::JSON::Object::Ptr fields;
    std::string error;
    CPPUNIT_ASSERT_MESSAGE(body, !mergeRequestFields(body, path, selector, query, fields, error));
    return error;
}

} // namespace

class RequestFieldsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RequestFieldsTest);
    CPPUNIT_TEST(testEmptyBody);
    CPPUNIT_TEST(testBadBodies);
    CPPUNIT_TEST(testPathParameters);
    CPPUNIT_TEST(testQueryParameters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEmptyBody()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("{}"), merged(""));
        CPPUNIT_ASSERT_EQUAL(std::string("{}"), merged(" \r\n\t"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"b":1,"a":2})"), merged(R"({"b":1,"a":2})")); // order kept
    }

    void testBadBodies()
    {
        const std::string trailing = refused(R"({"a":1} x)");
        CPPUNIT_ASSERT_MESSAGE(trailing, trailing.rfind("invalid JSON in the request body: ", 0) == 0);
        CPPUNIT_ASSERT(refused(R"({"a":)").rfind("invalid JSON in the request body: ", 0) == 0);
        CPPUNIT_ASSERT(refused(R"({"a":"nul\u0000"})").rfind("invalid JSON in the request body: ", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("the request body must be a JSON object, not an array"),
                             refused("[1,2]"));
        CPPUNIT_ASSERT_EQUAL(std::string("the request body must be a JSON object"), refused("5"));
        CPPUNIT_ASSERT_EQUAL(std::string("the request body must be a JSON object"), refused(" \"text\""));
        CPPUNIT_ASSERT_EQUAL(std::string("the request body must be a JSON object"), refused("null"));
        CPPUNIT_ASSERT_EQUAL(std::string("the request body must be a JSON object"), refused("<xml/>"));
        // POCO would read 2^64 as 0 and -2^63-1 wrapped: refused rather than sent as another value.
        const std::string beyond =
            "the request body holds an integer beyond 64 bits, which cannot be read exactly";
        CPPUNIT_ASSERT_EQUAL(beyond, refused(R"({"intA":18446744073709551616,"intB":1})"));
        CPPUNIT_ASSERT_EQUAL(beyond, refused(R"({"a":[1,-9223372036854775809]})"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":-9223372036854775808,"b":"18446744073709551616"})"),
                             merged(R"({"a":-9223372036854775808,"b":"18446744073709551616"})"));
        // Nesting is bounded by the parser (no stack exhaustion).
        const std::string deep = std::string(10000, '[') + std::string(10000, ']');
        CPPUNIT_ASSERT(refused(deep).rfind("invalid JSON in the request body: ", 0) == 0);
    }

    void testPathParameters()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"x":1,"id":"42"})"),
                             merged(R"({"x":1})", {{"operation", "Add"}, {"id", "42"}}, "operation"));
        CPPUNIT_ASSERT_EQUAL(std::string("field \"id\" is given both in the path and in the body"),
                             refused(R"({"id":1})", {{"id", "42"}}));
    }

    void testQueryParameters()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":"1","b":["x","y","z"],"c":""})"),
                             merged("", {}, {}, {{"a", "1"}, {"b", "x"}, {"b", "y"}, {"c", ""}, {"b", "z"}}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("field \"a\" is given both as a query parameter and in the path or body"),
            refused(R"({"a":1})", {}, {}, {{"a", "2"}}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("field \"operation\" is given both as a query parameter and in the path or body"),
            refused("", {{"operation", "Add"}}, "operation", {{"operation", "Sub"}}));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RequestFieldsTest, "soap");
