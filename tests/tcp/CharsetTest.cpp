// The charsets: the well-known EBCDIC code points, the six places where IBM037 and IBM1047 differ,
// every byte round-tripped, and unmapped or invalid text refused with a message that names it.

#include "tcp/Charset.h"
#include "tcp/Utf8.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace portico::tcp;

namespace
{

const Charset& charset(const char* name)
{
    const Charset* found = Charset::find(name);
    CPPUNIT_ASSERT_MESSAGE(name, found != nullptr);
    return *found;
}

unsigned char encodeOne(const Charset& charset, char32_t character)
{
    std::string out;
    std::size_t bad = 0;
    CPPUNIT_ASSERT_MESSAGE(Utf8::describe(character), charset.encode(std::u32string(1, character), out, bad));
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.size());
    return static_cast<unsigned char>(out[0]);
}

char32_t decodeOne(const Charset& charset, unsigned char byte)
{
    std::u32string out;
    std::size_t bad = 0;
    CPPUNIT_ASSERT(charset.decode(std::string(1, static_cast<char>(byte)), out, bad));
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), out.size());
    return out[0];
}

std::string allBytes()
{
    std::string bytes;
    for (int b = 0; b < 256; ++b)
    {
        bytes.push_back(static_cast<char>(b));
    }
    return bytes;
}

} // namespace

class CharsetTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CharsetTest);
    CPPUNIT_TEST(testIbm037CodePoints);
    CPPUNIT_TEST(testIbm1047CodePoints);
    CPPUNIT_TEST(testIbm037AndIbm1047DifferInSixPlaces);
    CPPUNIT_TEST(testEbcdicTextBothWays);
    CPPUNIT_TEST(testSingleByteRoundTrips);
    CPPUNIT_TEST(testUsAscii);
    CPPUNIT_TEST(testUnmappedCharacterIsNamed);
    CPPUNIT_TEST(testUtf8Validation);
    CPPUNIT_TEST(testNamesAndAliases);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIbm037CodePoints()
    {
        const Charset& ibm037 = charset("IBM037");
        CPPUNIT_ASSERT_EQUAL(0xC1, int(encodeOne(ibm037, U'A')));
        CPPUNIT_ASSERT_EQUAL(0xE9, int(encodeOne(ibm037, U'Z')));
        CPPUNIT_ASSERT_EQUAL(0x81, int(encodeOne(ibm037, U'a')));
        CPPUNIT_ASSERT_EQUAL(0xF0, int(encodeOne(ibm037, U'0')));
        CPPUNIT_ASSERT_EQUAL(0xF9, int(encodeOne(ibm037, U'9')));
        CPPUNIT_ASSERT_EQUAL(0x40, int(encodeOne(ibm037, U' ')));
        CPPUNIT_ASSERT_EQUAL(0xBA, int(encodeOne(ibm037, U'[')));
        CPPUNIT_ASSERT_EQUAL(0xBB, int(encodeOne(ibm037, U']')));
        CPPUNIT_ASSERT_EQUAL(0xB0, int(encodeOne(ibm037, U'^')));
        CPPUNIT_ASSERT_EQUAL(0x5F, int(encodeOne(ibm037, U'\u00AC'))); // not sign
        CPPUNIT_ASSERT_EQUAL(0x60, int(encodeOne(ibm037, U'-')));
        CPPUNIT_ASSERT_EQUAL(0x4B, int(encodeOne(ibm037, U'.')));
        CPPUNIT_ASSERT_EQUAL(0x25, int(encodeOne(ibm037, U'\n')));
        CPPUNIT_ASSERT_EQUAL(0x9F, int(encodeOne(ibm037, U'\u00A4'))); // currency sign
        CPPUNIT_ASSERT(U'A' == decodeOne(ibm037, 0xC1));
        CPPUNIT_ASSERT(U'\u0085' == decodeOne(ibm037, 0x15)); // NEL
    }

    void testIbm1047CodePoints()
    {
        const Charset& ibm1047 = charset("IBM1047");
        CPPUNIT_ASSERT_EQUAL(0xC1, int(encodeOne(ibm1047, U'A')));
        CPPUNIT_ASSERT_EQUAL(0xF0, int(encodeOne(ibm1047, U'0')));
        CPPUNIT_ASSERT_EQUAL(0x40, int(encodeOne(ibm1047, U' ')));
        CPPUNIT_ASSERT_EQUAL(0xAD, int(encodeOne(ibm1047, U'[')));
        CPPUNIT_ASSERT_EQUAL(0xBD, int(encodeOne(ibm1047, U']')));
        CPPUNIT_ASSERT_EQUAL(0x5F, int(encodeOne(ibm1047, U'^')));
        CPPUNIT_ASSERT_EQUAL(0xB0, int(encodeOne(ibm1047, U'\u00AC')));
        CPPUNIT_ASSERT_EQUAL(0xBA, int(encodeOne(ibm1047, U'\u00DD'))); // Y acute
        CPPUNIT_ASSERT_EQUAL(0xBB, int(encodeOne(ibm1047, U'\u00A8'))); // diaeresis
        CPPUNIT_ASSERT_EQUAL(0x25, int(encodeOne(ibm1047, U'\n')));
    }

    void testIbm037AndIbm1047DifferInSixPlaces()
    {
        const Charset& ibm037 = charset("IBM037");
        const Charset& ibm1047 = charset("IBM1047");
        std::set<int> differing;
        for (int byte = 0; byte < 256; ++byte)
        {
            if (decodeOne(ibm037, static_cast<unsigned char>(byte)) !=
                decodeOne(ibm1047, static_cast<unsigned char>(byte)))
            {
                differing.insert(byte);
            }
        }
        CPPUNIT_ASSERT(differing == std::set<int>({0x5F, 0xAD, 0xB0, 0xBA, 0xBB, 0xBD}));
        CPPUNIT_ASSERT(U'\u00DD' == decodeOne(ibm037, 0xAD));
        CPPUNIT_ASSERT(U'\u00A8' == decodeOne(ibm037, 0xBD));
    }

    void testEbcdicTextBothWays()
    {
        const Charset& ibm037 = charset("IBM037");
        std::string bytes;
        std::string problem;
        CPPUNIT_ASSERT(ibm037.encodeUtf8("BAL10000012345", bytes, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("\xC2\xC1\xD3\xF1\xF0\xF0\xF0\xF0\xF0\xF1\xF2\xF3\xF4\xF5"), bytes);
        std::string text;
        CPPUNIT_ASSERT(
            ibm037.decodeToUtf8("\xC8\x85\x93\x93\x96\x40\xE6\x96\x99\x93\x84\x5A", text, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("Hello World!"), text);
        CPPUNIT_ASSERT(ibm037.encodeUtf8("Grüße, é", bytes, problem)); // Latin-1 letters exist in IBM037
        CPPUNIT_ASSERT(ibm037.decodeToUtf8(bytes, text, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("Grüße, é"), text);
    }

    void testSingleByteRoundTrips()
    {
        for (const char* name : {"IBM037", "IBM1047", "ISO-8859-1"})
        {
            const Charset& set = charset(name);
            std::u32string text;
            std::size_t bad = 0;
            CPPUNIT_ASSERT_MESSAGE(name, set.decode(allBytes(), text, bad));
            CPPUNIT_ASSERT_EQUAL(std::size_t(256), text.size());
            // A bijection onto U+0000..U+00FF.
            std::set<char32_t> distinct(text.begin(), text.end());
            CPPUNIT_ASSERT_EQUAL(std::size_t(256), distinct.size());
            CPPUNIT_ASSERT(*distinct.rbegin() == U'\u00FF');
            std::string back;
            CPPUNIT_ASSERT_MESSAGE(name, set.encode(text, back, bad));
            CPPUNIT_ASSERT_MESSAGE(name, back == allBytes());
            // And through UTF-8, as the codecs use it.
            std::string utf8;
            std::string problem;
            CPPUNIT_ASSERT(set.decodeToUtf8(allBytes(), utf8, problem));
            std::string again;
            CPPUNIT_ASSERT(set.encodeUtf8(utf8, again, problem));
            CPPUNIT_ASSERT_MESSAGE(name, again == allBytes());
        }
    }

    void testUsAscii()
    {
        const Charset& ascii = charset("US-ASCII");
        std::string text;
        std::string problem;
        CPPUNIT_ASSERT(ascii.decodeToUtf8(allBytes().substr(0, 128), text, problem));
        CPPUNIT_ASSERT_EQUAL(allBytes().substr(0, 128), text);
        CPPUNIT_ASSERT(!ascii.decodeToUtf8("abc\x80", text, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("byte 0x80 at offset 3 has no mapping in US-ASCII"), problem);
        std::string bytes;
        CPPUNIT_ASSERT(!ascii.encodeUtf8("caf\xC3\xA9", bytes, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("'\xC3\xA9' (U+00E9) has no mapping in US-ASCII"), problem);
    }

    void testUnmappedCharacterIsNamed()
    {
        std::string bytes;
        std::string problem;
        CPPUNIT_ASSERT(!charset("IBM037").encodeUtf8("12\xE2\x82\xAC", bytes, problem)); // "12€"
        CPPUNIT_ASSERT_EQUAL(std::string("'\xE2\x82\xAC' (U+20AC) has no mapping in IBM037"), problem);
        std::u32string text = U"ab\u0100";
        std::size_t bad = 0;
        CPPUNIT_ASSERT(!charset("ISO-8859-1").encode(text, bytes, bad));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), bad);
        // Invalid UTF-8 on the way in is named as such.
        CPPUNIT_ASSERT(!charset("IBM1047").encodeUtf8("ok\xFF", bytes, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("is not valid UTF-8 (at byte 2)"), problem);
    }

    void testUtf8Validation()
    {
        const Charset& utf8 = charset("UTF-8");
        std::u32string text;
        std::size_t bad = 0;
        CPPUNIT_ASSERT(utf8.decode("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", text, bad));
        CPPUNIT_ASSERT(text == U"a\u00E9\u20AC\U0001F600");
        CPPUNIT_ASSERT_EQUAL(std::string("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), Utf8::encode(text));
        const struct
        {
            const char* bytes;
            std::size_t offset;
        } invalid[] = {
            {"ab\xC0\x80", 2},       // overlong NUL
            {"\xE0\x80\xAF", 0},     // overlong '/'
            {"x\xED\xA0\x80", 1},    // a surrogate
            {"\xF4\x90\x80\x80", 0}, // above U+10FFFF
            {"abc\xE2\x82", 3},      // truncated
            {"\x80", 0},             // a lone continuation byte
            {"\xC3\x28", 0},         // a lead byte without its continuation
        };
        for (const auto& sample : invalid)
        {
            text.clear();
            CPPUNIT_ASSERT_MESSAGE(sample.bytes, !utf8.decode(sample.bytes, text, bad));
            CPPUNIT_ASSERT_EQUAL(sample.offset, bad);
        }
        std::string problem;
        std::string out;
        CPPUNIT_ASSERT(!utf8.decodeToUtf8("ok\xC3", out, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("byte 0xC3 at offset 2 starts no valid UTF-8 sequence"), problem);
    }

    void testNamesAndAliases()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("IBM037"), charset("cp037").name());
        CPPUNIT_ASSERT_EQUAL(std::string("IBM037"), charset("ibm037").name());
        CPPUNIT_ASSERT_EQUAL(std::string("IBM1047"), charset("CP1047").name());
        CPPUNIT_ASSERT_EQUAL(std::string("ISO-8859-1"), charset("latin1").name());
        CPPUNIT_ASSERT_EQUAL(std::string("US-ASCII"), charset("ascii").name());
        CPPUNIT_ASSERT_EQUAL(std::string("UTF-8"), charset("utf8").name());
        CPPUNIT_ASSERT(Charset::find("EBCDIC") == nullptr);
        CPPUNIT_ASSERT(Charset::find("IBM500") == nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string("UTF-8, US-ASCII, ISO-8859-1, IBM037, IBM1047"),
                             Charset::supportedNames());
        CPPUNIT_ASSERT(!charset("UTF-8").singleByte());
        CPPUNIT_ASSERT(charset("IBM037").singleByte());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CharsetTest, "tcp");
