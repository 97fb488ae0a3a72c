// The reply path writes JSON text itself (JsonText.h) instead of stringifying a Poco::JSON tree:
// these tests hold it to the exact bytes Poco writes for the same values, so that answers stay
// as they were.
#include "soap/JsonText.h"
#include "soap/JsonValues.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;

class JsonTextTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JsonTextTest);
    CPPUNIT_TEST(testStringsAsPocoWritesThem);
    CPPUNIT_TEST(testObjectsAsPocoWritesThem);
    CPPUNIT_TEST_SUITE_END();

public:
    void testStringsAsPocoWritesThem()
    {
        // Every single byte, alone and between plain text.
        for (int byte = 0; byte < 256; ++byte)
        {
            const std::string alone(1, static_cast<char>(byte));
            checkString(alone);
            checkString("a" + alone + "b");
        }
        checkString("");
        checkString("plain text");
        checkString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
        checkString("a/b \"quoted\" back\\slash\ttab\nline\r\x01\x1f\x7f");
    }

    void testObjectsAsPocoWritesThem()
    {
        // A name set twice keeps its first place and takes the last value, as in Poco's ordered object.
        JsonObjectText text;
        Poco::JSON::Object::Ptr object = newObject();
        const std::pair<const char*, const char*> members[] = {
            {"b", "1"}, {"@a", "\"x/y\""}, {"b", "[2,3]"}, {"#text", "null"}, {"a\"", "{}"}};
        for (const auto& [name, value] : members)
        {
            text.set(name, value);
            object->set(name, JsonNumber{value}); // written unquoted, as given
        }
        std::string json;
        text.appendTo(json);
        CPPUNIT_ASSERT_EQUAL(toJsonText(object), json);

        std::string empty;
        JsonObjectText().appendTo(empty);
        CPPUNIT_ASSERT_EQUAL(toJsonText(newObject()), empty);
    }

private:
    static void checkString(const std::string& value)
    {
        std::string json;
        appendJsonString(json, value);
        CPPUNIT_ASSERT_EQUAL(toJsonText(Poco::Dynamic::Var(value)), json);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(JsonTextTest, "soap");
