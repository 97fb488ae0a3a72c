// normalizePath is the gate in front of every auth decision: these cases are the known ways to
// reach "/admin" through a route that does not protect it.
#include "routing/PathNormalizer.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using portico::routing::canonicalizeSegment;
using portico::routing::describe;
using portico::routing::normalizePath;
using portico::routing::PathError;
using portico::routing::percentDecode;
using portico::routing::percentEncodePath;
using portico::routing::percentEncodeSegment;

namespace CppUnit
{
template <> struct assertion_traits<PathError>
{
    static bool equal(PathError a, PathError b) { return a == b; }
    static std::string toString(PathError e) { return describe(e); }
};
} // namespace CppUnit

namespace
{

std::string normalized(std::string_view raw)
{
    std::string out;
    const PathError error = normalizePath(raw, out);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("normalizing '" + std::string(raw) + "': " + describe(error),
                                 PathError::None, error);
    return out;
}

PathError errorOf(std::string_view raw)
{
    std::string out;
    return normalizePath(raw, out);
}

} // namespace

class PathNormalizerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PathNormalizerTest);
    CPPUNIT_TEST(testCanonicalPathUnchanged);
    CPPUNIT_TEST(testMergesRepeatedSlashes);
    CPPUNIT_TEST(testRemovesDotSegments);
    CPPUNIT_TEST(testRemovesEncodedDotSegments);
    CPPUNIT_TEST(testEncodedSlashNeverSplits);
    CPPUNIT_TEST(testDecodesOnlyUnreserved);
    CPPUNIT_TEST(testEncodesUnsafeRawCharacters);
    CPPUNIT_TEST(testRejectsMalformedEscapes);
    CPPUNIT_TEST(testRejectsForbiddenBytes);
    CPPUNIT_TEST(testRejectsDotSegmentWithParameters);
    CPPUNIT_TEST(testRejectsEmptyOrRelative);
    CPPUNIT_TEST(testIdempotent);
    CPPUNIT_TEST(testCanonicalizeSegment);
    CPPUNIT_TEST(testPercentDecode);
    CPPUNIT_TEST(testPercentEncodeSegment);
    CPPUNIT_TEST(testPercentEncodePath);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCanonicalPathUnchanged()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/"), normalized("/"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/b"), normalized("/a/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/b/"), normalized("/a/b/"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a;v=1/b:c@d/!$&'()*+,="), normalized("/a;v=1/b:c@d/!$&'()*+,="));
    }

    void testMergesRepeatedSlashes()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("//admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/b/c/"), normalized("/a//b///c//"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), normalized("///"));
    }

    void testRemovesDotSegments()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/a/../admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/./admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/a/b/../../admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/../../admin")); // stays at the root
        CPPUNIT_ASSERT_EQUAL(std::string("/a/c"), normalized("/a/./b/../c"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/admin"), normalized("/a//b/..//admin"));
        // A final dot segment leaves a directory, as RFC 3986 5.2.4 does.
        CPPUNIT_ASSERT_EQUAL(std::string("/a/"), normalized("/a/."));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/"), normalized("/a/b/.."));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), normalized("/a/.."));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), normalized("/.."));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), normalized("/."));
        // Dots that are not a whole segment are ordinary characters.
        CPPUNIT_ASSERT_EQUAL(std::string("/a/.../..b/.c"), normalized("/a/.../..b/.c"));
    }

    void testRemovesEncodedDotSegments()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/a/%2e%2e/admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/a/%2E%2e/admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/a/.%2E/admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/admin"), normalized("/%2e/admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), normalized("/a/%2e%2e"));
    }

    void testEncodedSlashNeverSplits()
    {
        // "..%2f" decodes to "../" only for an upstream that decodes %2F: for us it is one segment,
        // not a dot segment, so the previous segment stays.
        CPPUNIT_ASSERT_EQUAL(std::string("/a/..%2Fadmin"), normalized("/a/..%2fadmin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a%2Fb"), normalized("/a%2fb"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/..%2F..%2Fadmin"), normalized("/a/..%2F..%2Fadmin"));
    }

    void testDecodesOnlyUnreserved()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/Az09-._~"), normalized("/%41%7a%30%39%2d%2E%5f%7E"));
        CPPUNIT_ASSERT_EQUAL(std::string("/%3A%2F%20%3F%23%25%3B"), normalized("/%3a%2f%20%3f%23%25%3b"));
        CPPUNIT_ASSERT_EQUAL(std::string("/caf%C3%A9"), normalized("/caf%c3%a9"));
    }

    void testEncodesUnsafeRawCharacters()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("/a%7Bb%7D%22%3C%3E%5B%5D%5E%60%7C"), normalized("/a{b}\"<>[]^`|"));
        // ... so the raw and the encoded spelling meet in one form.
        CPPUNIT_ASSERT_EQUAL(normalized("/%7b"), normalized("/{"));
    }

    void testRejectsMalformedEscapes()
    {
        for (const char* raw : {"/%", "/a%", "/%4", "/a%4/b", "/%4g", "/%g4", "/%%41", "/%-1", "/a%2"})
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(raw, PathError::BadPercentEncoding, errorOf(raw));
        }
        // The escape's digits must lie inside the path, even when the bytes after it are hex.
        CPPUNIT_ASSERT_EQUAL(PathError::BadPercentEncoding, errorOf(std::string_view("/a%4142", 4)));
        CPPUNIT_ASSERT_EQUAL(PathError::BadPercentEncoding, errorOf(std::string_view("/a%4/41", 5)));
        std::string out;
        CPPUNIT_ASSERT(!percentDecode(std::string_view("%4142", 2), out));
    }

    void testRejectsForbiddenBytes()
    {
        for (const char* raw : {"/a b", "/a\tb", "/a\rb", "/a\nb", "/a\x7f", "/caf\xc3\xa9", "/a\\..\\admin",
                                "/a#frag", "/a?q=1", "/a%00b"})
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(raw, PathError::ForbiddenByte, errorOf(raw));
        }
        CPPUNIT_ASSERT_EQUAL(PathError::ForbiddenByte, errorOf(std::string_view("/a\0b", 4)));
    }

    void testRejectsDotSegmentWithParameters()
    {
        // Tomcat-style upstreams read "..;x" as "..": "/public/..;/admin" would reach "/admin".
        CPPUNIT_ASSERT_EQUAL(PathError::ForbiddenByte, errorOf("/public/..;/admin"));
        CPPUNIT_ASSERT_EQUAL(PathError::ForbiddenByte, errorOf("/public/..;jsessionid=1/admin"));
        CPPUNIT_ASSERT_EQUAL(PathError::ForbiddenByte, errorOf("/public/%2e;/admin"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/b;v=1"), normalized("/a/b;v=1"));
        CPPUNIT_ASSERT_EQUAL(std::string("/a/..%3B/b"), normalized("/a/..%3b/b"));
    }

    void testRejectsEmptyOrRelative()
    {
        CPPUNIT_ASSERT_EQUAL(PathError::Empty, errorOf(""));
        CPPUNIT_ASSERT_EQUAL(PathError::Empty, errorOf("a/b"));
        CPPUNIT_ASSERT_EQUAL(PathError::Empty, errorOf("*"));
        CPPUNIT_ASSERT_EQUAL(std::string("path is empty or does not start with '/'"),
                             std::string(describe(PathError::Empty)));
    }

    void testIdempotent()
    {
        for (const char* raw :
             {"/a/../admin", "/a/%2e%2E/b%2f/c%7e", "//x//y/", "/a{b}", "/caf%c3%a9/.", "/"})
        {
            const std::string once = normalized(raw);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(raw, once, normalized(once));
        }
    }

    void testCanonicalizeSegment()
    {
        std::string out = "x";
        CPPUNIT_ASSERT_EQUAL(PathError::None, canonicalizeSegment("%61p%69%2f{", out));
        CPPUNIT_ASSERT_EQUAL(std::string("xapi%2F%7B"), out); // appended
        CPPUNIT_ASSERT_EQUAL(PathError::ForbiddenByte, canonicalizeSegment("a/b", out));
        CPPUNIT_ASSERT_EQUAL(PathError::BadPercentEncoding, canonicalizeSegment("a%2", out));
    }

    void testPercentDecode()
    {
        std::string out;
        CPPUNIT_ASSERT(percentDecode("a%2Fb%20c%2b+", out));
        CPPUNIT_ASSERT_EQUAL(std::string("a/b c++"), out); // '+' is not a space in a path
        out.clear();
        CPPUNIT_ASSERT(percentDecode("caf%C3%A9", out));
        CPPUNIT_ASSERT_EQUAL(std::string("caf\xc3\xa9"), out);
        for (const char* bad : {"%", "a%2", "%zz", "%2g"})
        {
            out.clear();
            CPPUNIT_ASSERT_MESSAGE(bad, !percentDecode(bad, out));
        }
    }

    void testPercentEncodeSegment()
    {
        std::string out;
        percentEncodeSegment("a/b c", out);
        CPPUNIT_ASSERT_EQUAL(std::string("a%2Fb%20c"), out);
        out.clear();
        percentEncodeSegment("?#%\\\x01\xc3\xbc", out);
        CPPUNIT_ASSERT_EQUAL(std::string("%3F%23%25%5C%01%C3%BC"), out);
        out.clear();
        percentEncodeSegment("AZaz09-._~!$&'()*+,;=:@", out);
        CPPUNIT_ASSERT_EQUAL(std::string("AZaz09-._~!$&'()*+,;=:@"), out);
        out.clear();
        percentEncodeSegment("..", out);
        CPPUNIT_ASSERT_EQUAL(std::string("%2E%2E"), out);
        out.clear();
        percentEncodeSegment(".", out);
        CPPUNIT_ASSERT_EQUAL(std::string("%2E"), out);
        // Decoded from "..%3Bx": a raw ';' would make it ".." to a Tomcat-style upstream.
        out.clear();
        percentEncodeSegment("..;x;y", out);
        CPPUNIT_ASSERT_EQUAL(std::string("..%3Bx%3By"), out);
        out.clear();
        percentEncodeSegment(".;", out);
        CPPUNIT_ASSERT_EQUAL(std::string(".%3B"), out);
        out.clear();
        percentEncodeSegment("a..;x", out);
        CPPUNIT_ASSERT_EQUAL(std::string("a..;x"), out);
    }

    void testPercentEncodePath()
    {
        std::string out = "/v2/";
        percentEncodePath("a/b%2Fc/d e?x#y%zz", out);
        CPPUNIT_ASSERT_EQUAL(std::string("/v2/a/b%2Fc/d%20e%3Fx%23y%25zz"), out);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PathNormalizerTest, "routing");
