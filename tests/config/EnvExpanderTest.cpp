#include "config/EnvExpander.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <map>
#include <string>

using portico::config::EnvExpander;

namespace
{

// A fixed environment, so the tests do not depend on (or change) the process's own.
EnvExpander fixedEnvironment()
{
    static const std::map<std::string, std::string> variables = {
        {"TOKEN", "s3cr3t"}, {"EMPTY", ""}, {"PORT", "8080"}, {"DOLLAR", "${TOKEN}"}};
    return EnvExpander(
        [](const std::string& name) -> std::optional<std::string>
        {
            const auto found = variables.find(name);
            if (found == variables.end()) return std::nullopt;
            return found->second;
        });
}

std::string expanded(const std::string& text)
{
    std::string out;
    std::string error;
    CPPUNIT_ASSERT_MESSAGE("expanding '" + text + "': " + error, fixedEnvironment().expand(text, out, error));
    return out;
}

std::string failure(const std::string& text)
{
    std::string out;
    std::string error;
    CPPUNIT_ASSERT_MESSAGE("'" + text + "' should not expand", !fixedEnvironment().expand(text, out, error));
    return error;
}

} // namespace

class EnvExpanderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EnvExpanderTest);
    CPPUNIT_TEST(testExpandsVariables);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testDollarWithoutBraceIsLiteral);
    CPPUNIT_TEST(testEscape);
    CPPUNIT_TEST(testErrors);
    CPPUNIT_TEST(testProcessEnvironment);
    CPPUNIT_TEST_SUITE_END();

public:
    void testExpandsVariables()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("s3cr3t"), expanded("${TOKEN}"));
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1:8080"), expanded("127.0.0.1:${PORT}"));
        CPPUNIT_ASSERT_EQUAL(std::string("s3cr3t-8080-s3cr3t"), expanded("${TOKEN}-${PORT}-${TOKEN}"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), expanded("${EMPTY}"));
        CPPUNIT_ASSERT_EQUAL(std::string("plain"), expanded("plain"));
        // A value is not expanded a second time.
        CPPUNIT_ASSERT_EQUAL(std::string("${TOKEN}"), expanded("${DOLLAR}"));
    }

    void testDefaults()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1:6379"), expanded("${UNSET:-127.0.0.1:6379}"));
        CPPUNIT_ASSERT_EQUAL(std::string("s3cr3t"), expanded("${TOKEN:-other}"));
        CPPUNIT_ASSERT_EQUAL(std::string("fallback"), expanded("${EMPTY:-fallback}"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), expanded("${UNSET:-}"));
        CPPUNIT_ASSERT_EQUAL(std::string("a:-b"), expanded("${UNSET:-a:-b}"));
    }

    void testDollarWithoutBraceIsLiteral()
    {
        const std::string phc = "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA";
        CPPUNIT_ASSERT_EQUAL(phc, expanded(phc));
        CPPUNIT_ASSERT_EQUAL(std::string("a$$b"), expanded("a$$b"));
        CPPUNIT_ASSERT_EQUAL(std::string("price$"), expanded("price$"));
        CPPUNIT_ASSERT_EQUAL(std::string("$TOKEN"), expanded("$TOKEN"));
    }

    void testEscape()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("${TOKEN}"), expanded("$${TOKEN}"));
        CPPUNIT_ASSERT_EQUAL(std::string("x${TOKEN}s3cr3t"), expanded("x$${TOKEN}${TOKEN}"));
    }

    void testErrors()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("environment variable 'UNSET' is not set"), failure("a${UNSET}b"));
        CPPUNIT_ASSERT_EQUAL(std::string("unterminated '${' (missing '}')"), failure("${TOKEN"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid environment variable name '1X' in '${1X}'"),
                             failure("${1X}"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid environment variable name '' in '${}'"), failure("${}"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid environment variable name 'A B' in '${A B}'"),
                             failure("${A B}"));
        CPPUNIT_ASSERT_EQUAL(std::string("the default of '${UNSET}' cannot contain '${'"),
                             failure("${UNSET:-${PORT}}"));
    }

    void testProcessEnvironment()
    {
        CPPUNIT_ASSERT(!EnvExpander::processEnvironment("PORTICO_TEST_SURELY_UNSET_VARIABLE"));
        ::setenv("PORTICO_TEST_ENV_EXPANDER", "value", 1);
        CPPUNIT_ASSERT_EQUAL(std::string("value"),
                             *EnvExpander::processEnvironment("PORTICO_TEST_ENV_EXPANDER"));
        ::unsetenv("PORTICO_TEST_ENV_EXPANDER");
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(EnvExpanderTest, "config");
