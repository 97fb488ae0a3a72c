// What becomes of a captured body before it is stored: masked in bodies="redacted" (the built-in
// names and the configured ones), kept as is in "full", binary bodies as base64, empty ones NULL.

#include "audit/AuditBodies.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::audit;

class AuditBodiesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuditBodiesTest);
    CPPUNIT_TEST(testRedactedMasksBuiltInAndConfiguredNames);
    CPPUNIT_TEST(testFullKeepsTheBody);
    CPPUNIT_TEST(testBinaryBodyIsBase64);
    CPPUNIT_TEST(testEmptyBodyIsNull);
    CPPUNIT_TEST(testUtf8Check);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRedactedMasksBuiltInAndConfiguredNames()
    {
        AuditBodies bodies("redacted", {"memberId"});
        std::optional<std::string> body =
            std::string("{\"password\":\"x\",\"member_id\":42,\"name\":\"ann\"}");
        bodies.prepare(body);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"password\":\"***\",\"member_id\":\"***\",\"name\":\"ann\"}"),
                             *body);
    }

    void testFullKeepsTheBody()
    {
        AuditBodies bodies("full", {});
        std::optional<std::string> body = std::string("{\"password\":\"x\"}");
        bodies.prepare(body);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"password\":\"x\"}"), *body);
    }

    void testBinaryBodyIsBase64()
    {
        AuditBodies bodies("redacted", {});
        std::optional<std::string> body = std::string("\x89PNG\r\n\x1a\n\0\0", 10);
        bodies.prepare(body);
        CPPUNIT_ASSERT_EQUAL(std::string("base64:iVBORw0KGgoAAA=="), *body);
    }

    void testEmptyBodyIsNull()
    {
        AuditBodies bodies("full", {});
        std::optional<std::string> body = std::string();
        bodies.prepare(body);
        CPPUNIT_ASSERT(!body);
    }

    void testUtf8Check()
    {
        CPPUNIT_ASSERT(AuditBodies::isUtf8("plain ascii"));
        CPPUNIT_ASSERT(AuditBodies::isUtf8("Gr\xc3\xbc\xc3\x9f"
                                           "e \xe2\x82\xac"));
        CPPUNIT_ASSERT(AuditBodies::isUtf8("cut in a character \xe2\x82")); // the size limit's doing
        CPPUNIT_ASSERT(!AuditBodies::isUtf8("latin-1 \xfc ber"));
        CPPUNIT_ASSERT(!AuditBodies::isUtf8(std::string("nul\0byte", 8)));
        CPPUNIT_ASSERT(!AuditBodies::isUtf8("\xff\xfe"));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuditBodiesTest, "audit");
