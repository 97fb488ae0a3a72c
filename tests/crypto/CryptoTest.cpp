// The credential primitives against published test vectors: SHA-256 (FIPS 180-2 "abc"), base64
// (RFC 4648 §10), PBKDF2-HMAC-SHA256 (RFC 7914 §11), and the PHC strings passwords are kept in.
#include "crypto/ConstantTime.h"
#include "crypto/PasswordHash.h"
#include "crypto/Sha256.h"
#include <portico/codec/Base64.h>

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <utility>
#include <vector>

using namespace portico::codec;
using namespace portico::crypto;

namespace
{

std::string fromHex(const std::string& hex)
{
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return bytes;
}

std::string decoded(const std::string& text, Base64Alphabet alphabet, Base64Padding padding, bool& ok)
{
    std::string out;
    ok = decodeBase64(text, alphabet, padding, out);
    return out;
}

} // namespace

class CryptoTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CryptoTest);
    CPPUNIT_TEST(testSha256);
    CPPUNIT_TEST(testBase64Vectors);
    CPPUNIT_TEST(testBase64Refusals);
    CPPUNIT_TEST(testPbkdf2Vectors);
    CPPUNIT_TEST(testPhcRoundTrip);
    CPPUNIT_TEST(testPhcRefusals);
    CPPUNIT_TEST(testConstantTimeEquality);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSha256()
    {
        const Sha256Digest digest = sha256("abc");
        CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                             toHex(digest));
        Sha256Digest parsed{};
        CPPUNIT_ASSERT(
            parseHexDigest("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", parsed));
        CPPUNIT_ASSERT(parsed == digest);
        CPPUNIT_ASSERT(!parseHexDigest("ba7816bf", parsed));
        CPPUNIT_ASSERT(!parseHexDigest(std::string(63, 'a') + "g", parsed));
    }

    void testBase64Vectors()
    {
        const std::vector<std::pair<std::string, std::string>> vectors = {{"", ""},
                                                                          {"f", "Zg=="},
                                                                          {"fo", "Zm8="},
                                                                          {"foo", "Zm9v"},
                                                                          {"foob", "Zm9vYg=="},
                                                                          {"fooba", "Zm9vYmE="},
                                                                          {"foobar", "Zm9vYmFy"}};
        for (const auto& [plain, encoded] : vectors)
        {
            bool ok = false;
            CPPUNIT_ASSERT_EQUAL(encoded,
                                 encodeBase64(plain, Base64Alphabet::Standard, Base64Padding::Required));
            CPPUNIT_ASSERT_EQUAL(plain,
                                 decoded(encoded, Base64Alphabet::Standard, Base64Padding::Required, ok));
            CPPUNIT_ASSERT(ok);
            std::string unpadded = encoded;
            while (!unpadded.empty() && unpadded.back() == '=')
                unpadded.pop_back();
            CPPUNIT_ASSERT_EQUAL(unpadded,
                                 encodeBase64(plain, Base64Alphabet::Standard, Base64Padding::Absent));
            CPPUNIT_ASSERT_EQUAL(plain,
                                 decoded(unpadded, Base64Alphabet::Standard, Base64Padding::Absent, ok));
            CPPUNIT_ASSERT(ok);
        }
        const std::string bytes("\xfb\xff", 2);
        CPPUNIT_ASSERT_EQUAL(std::string("-_8"),
                             encodeBase64(bytes, Base64Alphabet::Url, Base64Padding::Absent));
        CPPUNIT_ASSERT_EQUAL(std::string("+/8="),
                             encodeBase64(bytes, Base64Alphabet::Standard, Base64Padding::Required));
    }

    void testBase64Refusals()
    {
        bool ok = true;
        for (const char* text : {"Zg=", "Z===", "Zh==", "Zm9v\n", "Zm 9v", "Zg==Zg==", "Z"})
        {
            decoded(text, Base64Alphabet::Standard, Base64Padding::Required, ok);
            CPPUNIT_ASSERT_MESSAGE(text, !ok);
        }
        decoded("-_8", Base64Alphabet::Standard, Base64Padding::Absent, ok);
        CPPUNIT_ASSERT_MESSAGE("URL digits in the standard alphabet", !ok);
        decoded("+/8", Base64Alphabet::Url, Base64Padding::Absent, ok);
        CPPUNIT_ASSERT_MESSAGE("standard digits in the URL alphabet", !ok);
        decoded("Zg==", Base64Alphabet::Url, Base64Padding::Absent, ok);
        CPPUNIT_ASSERT_MESSAGE("padding where none belongs", !ok);
    }

    void testPbkdf2Vectors()
    {
        // RFC 7914 section 11.
        PasswordHash first;
        first.iterations = 1;
        first.salt = "salt";
        first.hash = fromHex(
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef3"
            "17c71b845b1e30bd509112041d3a19783");
        CPPUNIT_ASSERT(first.verify("passwd"));
        CPPUNIT_ASSERT(!first.verify("passwe"));
        PasswordHash second;
        second.iterations = 80000;
        second.salt = "NaCl";
        second.hash = fromHex(
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3"
            "176a272bdebba1d078478f62b397f33c8d");
        CPPUNIT_ASSERT(second.verify("Password"));
        CPPUNIT_ASSERT(!second.verify("password"));
    }

    void testPhcRoundTrip()
    {
        const PasswordHash made = PasswordHash::create("correct horse", PasswordHash::minimumIterations);
        const std::string phc = made.phc();
        CPPUNIT_ASSERT_EQUAL(std::string("$pbkdf2-sha256$i=100000$"), phc.substr(0, 24));
        CPPUNIT_ASSERT(phc.find('=', 24) == std::string::npos); // base64 without padding
        PasswordHash parsed;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, PasswordHash::parse(phc, parsed, error));
        CPPUNIT_ASSERT(parsed.verify("correct horse"));
        CPPUNIT_ASSERT(!parsed.verify("correct horse "));
        CPPUNIT_ASSERT(PasswordHash::create("x", PasswordHash::minimumIterations).salt != made.salt);
    }

    void testPhcRefusals()
    {
        const std::string good = PasswordHash::create("pw", PasswordHash::minimumIterations).phc();
        const std::string tail = good.substr(good.find("$", 20));
        PasswordHash parsed;
        std::string error;
        for (const std::string& phc :
             {"$pbkdf2-sha1$i=100000" + tail, "$pbkdf2-sha256$i=" + tail, "$pbkdf2-sha256$i=10x000" + tail,
              std::string("$pbkdf2-sha256$i=100000$!!$AAAA"),
              "$pbkdf2-sha256$i=100000$c2FsdA$" + std::string(43, 'A') + "="})
        {
            CPPUNIT_ASSERT_MESSAGE(phc, !PasswordHash::parse(phc, parsed, error));
            CPPUNIT_ASSERT(!error.empty());
        }
        CPPUNIT_ASSERT(!PasswordHash::parse("$pbkdf2-sha256$i=99999" + tail, parsed, error));
        CPPUNIT_ASSERT_EQUAL(std::string("at least 100000 iterations are required (this has 99999)"), error);
        CPPUNIT_ASSERT(
            !PasswordHash::parse("$pbkdf2-sha256$i=100000$c2FsdA$" + std::string(43, 'A'), parsed, error));
        CPPUNIT_ASSERT_EQUAL(std::string("the salt must have at least 8 bytes and the hash 16 to 64"), error);
    }

    void testConstantTimeEquality()
    {
        CPPUNIT_ASSERT(equalInConstantTime(std::string_view("abc"), std::string_view("abc")));
        CPPUNIT_ASSERT(!equalInConstantTime(std::string_view("abc"), std::string_view("abd")));
        CPPUNIT_ASSERT(!equalInConstantTime(std::string_view("abc"), std::string_view("abcd")));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CryptoTest, "crypto");
