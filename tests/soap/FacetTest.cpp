#include "SoapTestSupport.h"

#include "soap/WsdlLoader.h"
#include "soap/XsdPattern.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;
using Poco::JSON::Object;
using soaptest::makeRoute;
using soaptest::requestError;

namespace
{

const char* const facets = "<wsdl>facets.wsdl</wsdl>";

const SoapRoute& route()
{
    static const std::shared_ptr<const SoapRoute> built = makeRoute(facets);
    return *built;
}

bool accepted(const std::string& json)
{
    std::string envelope, error;
    const bool ok = soaptest::buildEnvelope(route(), "", json, envelope, error);
    CPPUNIT_ASSERT_MESSAGE(json + " was refused: " + error, ok);
    return ok;
}

std::string refused(const std::string& json)
{
    return requestError(route(), "", json);
}

Object::Ptr property(const std::string& name)
{
    const Object::Ptr item = soaptest::parseObject(route().openApiPathItem("/register"));
    return item->getObject("post")
        ->getObject("requestBody")
        ->getObject("content")
        ->getObject("application/json")
        ->getObject("schema")
        ->getObject("properties")
        ->getObject(name);
}

std::string schemaText(const std::string& name)
{
    return toJsonText(property(name));
}

XsdPattern::Verdict matchOf(const std::string& pattern, const std::string& value)
{
    std::string whyNot;
    const auto compiled = XsdPattern::compile({pattern}, whyNot);
    CPPUNIT_ASSERT_MESSAGE(pattern + ": " + whyNot, compiled != nullptr);
    return compiled->match(value);
}

std::string notTranslated(const std::string& pattern)
{
    std::string whyNot;
    CPPUNIT_ASSERT_MESSAGE(pattern + " should not be translated",
                           XsdPattern::compile({pattern}, whyNot) == nullptr);
    return whyNot;
}

} // namespace

class FacetTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FacetTest);
    CPPUNIT_TEST(testLengthsCountCharacters);
    CPPUNIT_TEST(testInheritedLengthsAndPattern);
    CPPUNIT_TEST(testPatternSteps);
    CPPUNIT_TEST(testUntranslatablePatternIsNotChecked);
    CPPUNIT_TEST(testPatternTranslation);
    CPPUNIT_TEST(testIntegerBounds);
    CPPUNIT_TEST(testDecimalBoundsAndDigits);
    CPPUNIT_TEST(testDoubleBounds);
    CPPUNIT_TEST(testDateAndTimeBounds);
    CPPUNIT_TEST(testBinaryLengthAndWhiteSpace);
    CPPUNIT_TEST(testAttributesAndParametersAreChecked);
    CPPUNIT_TEST(testOpenApiKeywords);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLengthsCountCharacters()
    {
        accepted(R"({"code":"abc"})");
        accepted(R"({"code":"äöü"})"); // 3 characters, 6 bytes
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(code: expected exactly 3 characters (length of type 'Code'), got "abcd" (4 characters))"),
            refused(R"({"code":"abcd"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(name: expected at least 2 characters (minLength of type 'Name'), got "a" (1 characters))"),
            refused(R"({"name":"a"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(name: expected at most 5 characters (maxLength of type 'Name'), got )"
                        R"("abcdef" (6 characters))"),
            refused(R"({"name":"abcdef"})"));
        accepted(R"({"name":"ab"})");
        accepted(R"({"name":"abcde"})");
        // A JSON number for a string type is checked as written.
        CPPUNIT_ASSERT_EQUAL(
            std::string("code: expected exactly 3 characters (length of type 'Code'), got 12 (2 characters)"),
            refused(R"({"code":12})"));
    }

    void testInheritedLengthsAndPattern()
    {
        accepted(R"({"shortName":"Abcd"})");
        // Name's minLength still applies to ShortName.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(shortName: expected at least 2 characters (minLength of type 'Name'), )"
                        R"(got "A" (1 characters))"),
            refused(R"({"shortName":"A"})"));
        // ShortName's own maxLength is tighter than Name's.
        CPPUNIT_ASSERT_EQUAL(std::string(R"(shortName: expected at most 4 characters (maxLength of type )"
                                         R"('ShortName'), got "Abcde" (5 characters))"),
                             refused(R"({"shortName":"Abcde"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(shortName: expected a value matching "[A-Z][a-z]*" (pattern of type )"
                        R"('ShortName'), got "abc")"),
            refused(R"({"shortName":"abc"})"));
    }

    void testPatternSteps()
    {
        accepted(R"({"sku":"ab-12"})");
        accepted(R"({"sku":"X"})");    // the other pattern of the same step
        accepted(R"({"sku":"$+-7"})"); // $ and + are \w in XSD
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(sku: expected a value matching "\w{2}-\d+" or "X" (pattern of type )"
                        R"('Sku'), got "a_-1")"),
            refused(R"({"sku":"a_-1"})")); // _ is punctuation, not \w
        accepted(R"({"evenSku":"ab-12"})");
        CPPUNIT_ASSERT_EQUAL(std::string(R"(evenSku: expected a value matching ".*[02468]" (pattern of type )"
                                         R"('EvenSku'), got "ab-13")"),
                             refused(R"({"evenSku":"ab-13"})"));
        // The base type's step applies too.
        SOAP_ASSERT_CONTAINS(refused(R"({"evenSku":"abc-2"})"), "(pattern of type 'Sku')");
        // \w and \d are Unicode-wide in XSD: values beyond ASCII are left to the service.
        accepted(R"({"sku":"éé-1"})");
        // ^ and $ are ordinary characters in XSD; the pattern is anchored anyway.
        accepted(R"({"literal":"^abc$"})");
        accepted(R"({"literal":"-"})");
        accepted(R"({"literal":"\t"})");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(literal: expected a value matching "^a.c$|[\s\-]" (pattern of type )"
                        R"('Literal'), got "abc")"),
            refused(R"({"literal":"abc"})"));
        SOAP_ASSERT_CONTAINS(refused(R"({"literal":"x-"})"), "pattern of type 'Literal'");
    }

    void testUntranslatablePatternIsNotChecked()
    {
        accepted(R"({"letters":"123"})");
        const std::shared_ptr<const WsdlModel> wsdl =
            WsdlLoader(fileFetcher()).load(soaptest::dataPath("facets.wsdl"));
        const SimpleType* letters =
            wsdl->schemas->namedSimpleTypes.at(QName{"urn:example:facets", "Letters"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), letters->facets.patterns.size());
        CPPUNIT_ASSERT(!letters->facets.patterns[0].compiled);
        CPPUNIT_ASSERT_EQUAL(std::string("\\p{..}/\\P{..} (Unicode categories and blocks)"),
                             letters->facets.patterns[0].notChecked);
        CPPUNIT_ASSERT(!letters->facets.constrains);
    }

    void testPatternTranslation()
    {
        using V = XsdPattern::Verdict;
        CPPUNIT_ASSERT(matchOf("a{2,3}", "aaa") == V::Match);
        CPPUNIT_ASSERT(matchOf("a{2,3}", "aaaa") == V::NoMatch);
        CPPUNIT_ASSERT(matchOf("a{2,}", "aaaaa") == V::Match);
        CPPUNIT_ASSERT(matchOf("(ab)+c?", "ababc") == V::Match);
        CPPUNIT_ASSERT(matchOf("[^a-c]", "d") == V::Match);
        CPPUNIT_ASSERT(matchOf("[^a-c]", "b") == V::NoMatch);
        CPPUNIT_ASSERT(matchOf("[-a]", "-") == V::Match);
        CPPUNIT_ASSERT(matchOf("[a\\-z]", "b") == V::NoMatch);
        CPPUNIT_ASSERT(matchOf(".", "\n") == V::NoMatch);
        CPPUNIT_ASSERT(matchOf(".", "é") == V::Match); // one character, two bytes
        CPPUNIT_ASSERT(matchOf("[à-ÿ]{2}", "éü") == V::Match);
        CPPUNIT_ASSERT(matchOf("\\s\\S", " x") == V::Match);
        CPPUNIT_ASSERT(matchOf("[\\d\\s]+", "1 2") == V::Match);
        CPPUNIT_ASSERT(matchOf("\\W", "_") == V::Match);
        CPPUNIT_ASSERT(matchOf("\\D", "٣") == V::Unknown); // an Arabic-Indic digit is \d in XSD
        CPPUNIT_ASSERT(matchOf("\\.\\*\\{\\}", ".*{}") == V::Match);
        CPPUNIT_ASSERT(matchOf("", "") == V::Match);
        // Breadth-first matching: a long value does not exhaust the stack.
        CPPUNIT_ASSERT(matchOf("(a|b)*", std::string(200000, 'a')) == V::Match);

        CPPUNIT_ASSERT_EQUAL(std::string("character class subtraction"), notTranslated("[a-z-[aeiou]]"));
        CPPUNIT_ASSERT_EQUAL(std::string("\\i, \\I, \\c or \\C (XML name characters)"),
                             notTranslated("\\i\\c*"));
        CPPUNIT_ASSERT_EQUAL(std::string("\\D, \\S or \\W inside a character class"), notTranslated("[\\W]"));
        CPPUNIT_ASSERT_EQUAL(std::string("a repeat count above 1000"), notTranslated("a{1,5000}"));
        for (const char* invalid : {"(a", "a)", "[a", "a**", "*a", "a{3,2}", "\\b", "[]", "a{,2}"})
            CPPUNIT_ASSERT_EQUAL(std::string("not a valid XSD pattern"), notTranslated(invalid));
    }

    void testIntegerBounds()
    {
        accepted(R"({"percent":0})");
        accepted(R"({"percent":"100"})");
        CPPUNIT_ASSERT_EQUAL(
            std::string("percent: expected at least 0 (minInclusive of type 'Percent'), got -1"),
            refused(R"({"percent":-1})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(percent: expected at most 100 (maxInclusive of type 'Percent'), got "+0101")"),
            refused(R"({"percent":"+0101"})"));
        // Inherited: Percent's minimum and SmallPercent's exclusive maximum.
        accepted(R"({"smallPercent":9})");
        CPPUNIT_ASSERT_EQUAL(
            std::string("smallPercent: expected less than 10 (maxExclusive of type 'SmallPercent'), got 10"),
            refused(R"({"smallPercent":10})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("smallPercent: expected at least 0 (minInclusive of type 'Percent'), got -3"),
            refused(R"({"smallPercent":-3})"));
    }

    void testDecimalBoundsAndDigits()
    {
        accepted(R"({"positive":"0.0000000000000000000001"})");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(positive: expected more than 0 (minExclusive of type 'Positive'), )"
                        R"(got "-0.000")"),
            refused(R"({"positive":"-0.000"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("positive: expected more than 0 (minExclusive of type 'Positive'), got 0"),
            refused(R"({"positive":0})"));
        accepted(R"({"money":999.99})");
        accepted(R"({"money":"00123.4500"})"); // leading and trailing zeros are not digits of the value
        CPPUNIT_ASSERT_EQUAL(
            std::string("money: expected at most 999.99 (maxInclusive of type 'Money'), got 1000"),
            refused(R"({"money":1000})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(money: expected at most 2 fraction digits (fractionDigits of type 'Money'), got "1.234")"),
            refused(R"({"money":"1.234"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(money: expected at most 5 digits (totalDigits of type 'Money'), got "-1234.56")"),
            refused(R"({"money":"-1234.56"})"));
    }

    void testDoubleBounds()
    {
        accepted(R"({"ratio":-1.5})");
        accepted(R"({"ratio":"9.99e0"})");
        CPPUNIT_ASSERT_EQUAL(
            std::string("ratio: expected at least -1.5 (minInclusive of type 'Ratio'), got -1.6"),
            refused(R"({"ratio":-1.6})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(ratio: expected less than 1E1 (maxExclusive of type 'Ratio'), got "10")"),
            refused(R"({"ratio":"10"})"));
        SOAP_ASSERT_CONTAINS(refused(R"({"ratio":"INF"})"), "maxExclusive");
        SOAP_ASSERT_CONTAINS(refused(R"({"ratio":"NaN"})"), "minInclusive"); // NaN is in no range
    }

    void testDateAndTimeBounds()
    {
        accepted(R"({"day":"2026-01-01"})");
        accepted(R"({"day":"2026-12-31+14:00"})");
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(day: expected at least 2026-01-01 (minInclusive of type 'BookingDay'), got "2025-12-31")"),
            refused(R"({"day":"2025-12-31"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(day: expected less than 2027-01-01 (maxExclusive of type 'BookingDay'), got "2027-01-01")"),
            refused(R"({"day":"2027-01-01"})"));
        // Timezones: 2026-06-01T01:30:00+02:00 is 2026-05-31T23:30Z, before the bound; a value
        // without a timezone within 14 hours of a zoned bound cannot be ordered, so it passes.
        accepted(R"({"departure":"2026-06-01T00:00:00Z"})");
        accepted(R"({"departure":"2026-06-01T03:30:00+02:00"})");
        SOAP_ASSERT_CONTAINS(refused(R"({"departure":"2026-06-01T01:30:00+02:00"})"), "minInclusive");
        accepted(R"({"departure":"2026-05-31T20:00:00"})");
        SOAP_ASSERT_CONTAINS(refused(R"({"departure":"2026-05-31T09:00:00"})"), "minInclusive");
        accepted(R"({"opening":"08:00:00"})");
        accepted(R"({"opening":"17:29:59.999"})");
        SOAP_ASSERT_CONTAINS(refused(R"({"opening":"17:30:00.5"})"), "maxInclusive of type 'OpeningTime'");
        SOAP_ASSERT_CONTAINS(refused(R"({"opening":"07:59:59"})"), "minInclusive of type 'OpeningTime'");
    }

    void testBinaryLengthAndWhiteSpace()
    {
        accepted(R"({"token":"0A0B0C0D"})");
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(token: expected exactly 4 octets (length of type 'Token8'), got "0A0B" (2 octets))"),
            refused(R"({"token":"0A0B"})"));
        // xs:token collapses whitespace before its facets apply (the value is sent as given).
        accepted(R"({"collapsed":"  a b  "})");
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(collapsed: expected at most 3 characters (maxLength of anonymous type )"
                        R"(of element 'collapsed'), got " ab  cd " (5 characters))"),
            refused(R"({"collapsed":" ab  cd "})"));
    }

    void testAttributesAndParametersAreChecked()
    {
        accepted(R"({"@tag":"abc"})");
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(@tag: expected exactly 3 characters (length of type 'Code'), got "ab" (2 characters))"),
            refused(R"({"@tag":"ab"})"));
        std::string error;
        Poco::JSON::Object::Ptr fields;
        CPPUNIT_ASSERT(mergeRequestFields("", {}, "", {{"percent", "101"}}, fields, error));
        std::shared_ptr<const SoapOperation> operation = route().selectOperation({}, error);
        SoapCall call;
        int status = 0;
        CPPUNIT_ASSERT(!route().buildCall(*operation, *fields, call, status, error));
        CPPUNIT_ASSERT_EQUAL(400, status);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"(percent: expected at most 100 (maxInclusive of type 'Percent'), got "101")"),
            error);
    }

    void testOpenApiKeywords()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string","minLength":3,"maxLength":3})"),
                             schemaText("code"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"type":"string","minLength":2,"maxLength":4,"pattern":"^(?:(?:[A-Z][a-z]*))$"})"),
            schemaText("shortName"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(^(?=(?:(?:[A-Za-z0-9\$\+\<\=\>\^\`\|\~]{2}\-[0-9]+)|(?:X))$))"
                                         R"((?:(?:[^\n\r]*[02468]))$)"),
                             property("evenSku")->getValue<std::string>("pattern"));
        CPPUNIT_ASSERT(!property("letters")->has("pattern"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"integer","format":"int32","minimum":0,"maximum":100})"),
                             schemaText("percent"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"integer","format":"int32","minimum":0,"maximum":10,)"
                                         R"("exclusiveMaximum":true})"),
                             schemaText("smallPercent"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"number","minimum":0,"exclusiveMinimum":true})"),
                             schemaText("positive"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"number","maximum":999.99})"), schemaText("money"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"number","format":"double","minimum":-1.5,"maximum":10,)"
                                         R"("exclusiveMaximum":true})"),
                             schemaText("ratio"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"type":"string"})"),
                             schemaText("token")); // octets, not characters
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FacetTest, "soap");
