#include "soap/XsdLexical.h"

#include <cppunit/extensions/HelperMacros.h>

using portico::soap::checkLexical;
using portico::soap::formatDouble;
using portico::soap::isXmlText;
using portico::soap::toJsonNumber;
using portico::soap::XsdBuiltin;

namespace
{

bool valid(XsdBuiltin type, const std::string& text)
{
    std::string reason;
    return checkLexical(type, text, reason);
}

std::string reasonFor(XsdBuiltin type, const std::string& text)
{
    std::string reason;
    CPPUNIT_ASSERT_MESSAGE(text + " should be refused", !checkLexical(type, text, reason));
    return reason;
}

std::string json(const std::string& lexical)
{
    std::string out;
    CPPUNIT_ASSERT_MESSAGE(lexical, toJsonNumber(lexical, out));
    return out;
}

} // namespace

class XsdLexicalTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(XsdLexicalTest);
    CPPUNIT_TEST(testIntegerRanges);
    CPPUNIT_TEST(testIntegerSyntax);
    CPPUNIT_TEST(testDecimalAndDouble);
    CPPUNIT_TEST(testBoolean);
    CPPUNIT_TEST(testDates);
    CPPUNIT_TEST(testBinary);
    CPPUNIT_TEST(testJsonNumbers);
    CPPUNIT_TEST(testFormatDouble);
    CPPUNIT_TEST(testXmlText);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIntegerRanges()
    {
        CPPUNIT_ASSERT(valid(XsdBuiltin::Int, "2147483647"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Int, "-2147483648"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::Int, "2147483648"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::Int, "-2147483649"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Long, "-9223372036854775808"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::Long, "9223372036854775808"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::UnsignedLong, "18446744073709551615"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"),
                             reasonFor(XsdBuiltin::UnsignedLong, "18446744073709551616"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::UnsignedInt, "-1"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::UnsignedInt, "-0"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Short, "-32768"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::Short, "32768"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::Byte, "128"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::UnsignedByte, "256"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::PositiveInteger, "0"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::NonNegativeInteger, "0"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::NegativeInteger, "0"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::NegativeInteger, "-1"));
        CPPUNIT_ASSERT_EQUAL(std::string("out of range"), reasonFor(XsdBuiltin::NonPositiveInteger, "1"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Integer, "123456789012345678901234567890"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Int, "+0007"));
    }

    void testIntegerSyntax()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), reasonFor(XsdBuiltin::Int, "abc"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Int, ""));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Int, " 5"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Int, "5.0"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Int, "1e3"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Int, "+"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Int, "0x10"));
    }

    void testDecimalAndDouble()
    {
        CPPUNIT_ASSERT(valid(XsdBuiltin::Decimal, "12345678901234567890.123456789"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Decimal, "-.5"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Decimal, "5."));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Decimal, "."));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Decimal, "1e5"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Decimal, "1,5"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Decimal, "NaN"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Double, "1.5E-3"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Double, "INF"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Double, "-INF"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Float, "NaN"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Double, "inf"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Double, "1e"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Double, "e5"));
    }

    void testBoolean()
    {
        CPPUNIT_ASSERT(valid(XsdBuiltin::Boolean, "true"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Boolean, "false"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Boolean, "1"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Boolean, "0"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Boolean, "TRUE"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Boolean, "yes"));
    }

    void testDates()
    {
        CPPUNIT_ASSERT(valid(XsdBuiltin::Date, "2024-02-29"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Date, "2000-02-29Z"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Date, "2024-12-31+14:00"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Date, "-0044-03-15"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Date, "12024-01-01"));
        CPPUNIT_ASSERT_EQUAL(std::string("not a valid date"), reasonFor(XsdBuiltin::Date, "2023-02-29"));
        CPPUNIT_ASSERT_EQUAL(std::string("not a valid date"), reasonFor(XsdBuiltin::Date, "1900-02-29"));
        CPPUNIT_ASSERT_EQUAL(std::string("not a valid date"), reasonFor(XsdBuiltin::Date, "2024-04-31"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Date, "2024-13-01"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Date, "2024-1-01"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Date, "24-01-01"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Date, "0000-01-01"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Date, "01/02/2024"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Date, "2024-01-01+15:00"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Date, "2024-01-01T00:00:00"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::DateTime, "2024-01-02T03:04:05"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::DateTime, "2024-01-02T03:04:05.123456Z"));
        CPPUNIT_ASSERT(valid(XsdBuiltin::DateTime, "2024-01-02T24:00:00-05:30"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::DateTime, "2024-01-02T24:00:01"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::DateTime, "2024-01-02 03:04:05"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::DateTime, "2024-01-02T03:04"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::DateTime, "2024-01-02T03:04:05."));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Time, "23:59:59.5"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Time, "23:60:00"));
    }

    void testBinary()
    {
        CPPUNIT_ASSERT(valid(XsdBuiltin::Base64Binary, "SGVsbG8="));
        CPPUNIT_ASSERT(valid(XsdBuiltin::Base64Binary, ""));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Base64Binary, "SGVsbG8"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Base64Binary, "SGV=sbG8"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::Base64Binary, "SGVs*G8="));
        CPPUNIT_ASSERT(valid(XsdBuiltin::HexBinary, "0aFF"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::HexBinary, "0aF"));
        CPPUNIT_ASSERT(!valid(XsdBuiltin::HexBinary, "zz"));
    }

    void testJsonNumbers()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("7.50"), json("+007.50"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.5"), json(".5"));
        CPPUNIT_ASSERT_EQUAL(std::string("-0.5"), json("-.5"));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), json("5."));
        CPPUNIT_ASSERT_EQUAL(std::string("1E3"), json("1.E+3"));
        CPPUNIT_ASSERT_EQUAL(std::string("1.5E-3"), json("1.5e-3"));
        CPPUNIT_ASSERT_EQUAL(std::string("12345678901234567890.123456789"),
                             json("12345678901234567890.123456789"));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), json("000"));
        std::string out;
        CPPUNIT_ASSERT(!toJsonNumber("INF", out));
        CPPUNIT_ASSERT(!toJsonNumber("NaN", out));
    }

    void testFormatDouble()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("0.1"), formatDouble(0.1, false));
        CPPUNIT_ASSERT_EQUAL(std::string("0.0000001"), formatDouble(1e-7, false));
        CPPUNIT_ASSERT_EQUAL(std::string("1e-07"), formatDouble(1e-7, true));
        CPPUNIT_ASSERT_EQUAL(std::string("123456789"), formatDouble(123456789.0, false));
        CPPUNIT_ASSERT_EQUAL(std::string("100000000000000000000"), formatDouble(1e20, false));
        CPPUNIT_ASSERT_EQUAL(std::string("-2.5"), formatDouble(-2.5, false));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), formatDouble(-0.0, false));
    }

    void testXmlText()
    {
        CPPUNIT_ASSERT(isXmlText("plain text\twith tab\nand newline"));
        CPPUNIT_ASSERT(isXmlText("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")); // é € 😀
        CPPUNIT_ASSERT(!isXmlText(std::string("nul\0here", 8)));
        CPPUNIT_ASSERT(!isXmlText("bell\x07"));
        CPPUNIT_ASSERT(!isXmlText("\xc3"));         // truncated
        CPPUNIT_ASSERT(!isXmlText("\xc0\xaf"));     // overlong
        CPPUNIT_ASSERT(!isXmlText("\xed\xa0\x80")); // surrogate
        CPPUNIT_ASSERT(!isXmlText("\xef\xbf\xbe")); // U+FFFE
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(XsdLexicalTest, "soap");
