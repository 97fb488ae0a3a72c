#include "routing/PathTemplate.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using portico::routing::PathParam;
using portico::routing::PathParams;
using portico::routing::PathTemplate;

namespace
{

PathTemplate parsed(std::string_view text)
{
    PathTemplate result;
    std::string error;
    CPPUNIT_ASSERT_MESSAGE("parsing '" + std::string(text) + "': " + error,
                           PathTemplate::parse(text, result, error));
    return result;
}

std::string parseError(std::string_view text)
{
    PathTemplate result;
    std::string error;
    CPPUNIT_ASSERT_MESSAGE("'" + std::string(text) + "' should not parse",
                           !PathTemplate::parse(text, result, error));
    return error;
}

std::string value(const PathParams& params, std::string_view name)
{
    for (const PathParam& param : params)
    {
        if (param.name == name) return param.value;
    }
    CPPUNIT_FAIL("no parameter '" + std::string(name) + "'");
    return std::string();
}

int sign(int value)
{
    return (value > 0) - (value < 0);
}

} // namespace

class PathTemplateTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PathTemplateTest);
    CPPUNIT_TEST(testParsesSegments);
    CPPUNIT_TEST(testParseErrors);
    CPPUNIT_TEST(testLiteralsAreCanonical);
    CPPUNIT_TEST(testShape);
    CPPUNIT_TEST(testMatchesLiteralsAndParameters);
    CPPUNIT_TEST(testParameterValuesAreDecoded);
    CPPUNIT_TEST(testFailedMatchLeavesParams);
    CPPUNIT_TEST(testWildcardRest);
    CPPUNIT_TEST(testRootAndTrailingSlash);
    CPPUNIT_TEST(testSpecificity);
    CPPUNIT_TEST(testExpandEncodesValues);
    CPPUNIT_TEST(testExpandWildcard);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParsesSegments()
    {
        const PathTemplate t = parsed("/a/{id}/b/*");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), t.segments().size());
        CPPUNIT_ASSERT(t.segments()[0].kind == PathTemplate::SegmentKind::Literal);
        CPPUNIT_ASSERT_EQUAL(std::string("a"), t.segments()[0].text);
        CPPUNIT_ASSERT(t.segments()[1].kind == PathTemplate::SegmentKind::Parameter);
        CPPUNIT_ASSERT_EQUAL(std::string("id"), t.segments()[1].text);
        CPPUNIT_ASSERT_EQUAL(std::string("b"), t.segments()[2].text);
        CPPUNIT_ASSERT(t.wildcard());
        CPPUNIT_ASSERT_EQUAL(std::string("/a/{id}/b/*"), t.text());
        CPPUNIT_ASSERT(!parsed("/a/{id}").wildcard());
    }

    void testParseErrors()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("path must start with '/'"), parseError(""));
        CPPUNIT_ASSERT_EQUAL(std::string("path must start with '/'"), parseError("a/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("unterminated '{' in segment 2"), parseError("/a/{id"));
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected '}' in segment 1"), parseError("/id}"));
        CPPUNIT_ASSERT_EQUAL(std::string("a parameter must be a whole segment, in segment 2"),
                             parseError("/a/x{id}"));
        CPPUNIT_ASSERT_EQUAL(std::string("a parameter must be a whole segment, in segment 2"),
                             parseError("/a/{id}x"));
        CPPUNIT_ASSERT_EQUAL(std::string("duplicate parameter 'id'"), parseError("/a/{id}/{id}"));
        CPPUNIT_ASSERT_EQUAL(std::string("empty parameter name in segment 1"), parseError("/{}"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid parameter name '1a' in segment 1"), parseError("/{1a}"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid parameter name '*' in segment 1"), parseError("/{*}"));
        CPPUNIT_ASSERT_EQUAL(std::string("'*' is only allowed as the last segment"), parseError("/a/*/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("'*' is only allowed as the last segment"), parseError("/a/*/"));
        CPPUNIT_ASSERT_EQUAL(std::string("empty segment 2"), parseError("/a//b"));
        CPPUNIT_ASSERT_EQUAL(std::string("dot segment in segment 2"), parseError("/a/../b"));
        CPPUNIT_ASSERT_EQUAL(std::string("dot segment in segment 2"), parseError("/a/%2E"));
        CPPUNIT_ASSERT_EQUAL(std::string("dot segment in segment 2"), parseError("/a/..;x"));
        CPPUNIT_ASSERT_EQUAL(std::string("malformed percent-encoding in segment 1"), parseError("/a%zz"));
        CPPUNIT_ASSERT_EQUAL(std::string("forbidden character in segment 1"), parseError("/a b"));
        CPPUNIT_ASSERT_EQUAL(std::string("forbidden character in segment 1"), parseError("/a?x=1"));
    }

    void testLiteralsAreCanonical()
    {
        // Written in any spelling, a literal compares against the normalised request path.
        const PathTemplate t = parsed("/%61pi/x%2f/%7e");
        CPPUNIT_ASSERT_EQUAL(std::string("api"), t.segments()[0].text);
        CPPUNIT_ASSERT_EQUAL(std::string("x%2F"), t.segments()[1].text);
        CPPUNIT_ASSERT_EQUAL(std::string("~"), t.segments()[2].text);
        CPPUNIT_ASSERT(t.matches("/api/x%2F/~"));
        CPPUNIT_ASSERT(!t.matches("/api/x/~"));
    }

    void testShape()
    {
        CPPUNIT_ASSERT_EQUAL(parsed("/a/{x}").shape(), parsed("/a/{y}").shape());
        CPPUNIT_ASSERT_EQUAL(std::string("/a/{}/b/*"), parsed("/a/{id}/b/*").shape());
        CPPUNIT_ASSERT(parsed("/a/{x}").shape() != parsed("/a/b").shape());
        CPPUNIT_ASSERT(parsed("/a/{x}").shape() != parsed("/a/{x}/").shape());
        CPPUNIT_ASSERT(parsed("/a/*").shape() != parsed("/a/{x}").shape());
        CPPUNIT_ASSERT_EQUAL(parsed("/%61").shape(), parsed("/a").shape());
        CPPUNIT_ASSERT_EQUAL(std::string("/"), parsed("/").shape());
        CPPUNIT_ASSERT_EQUAL(std::string("/*"), parsed("/*").shape());
    }

    void testMatchesLiteralsAndParameters()
    {
        const PathTemplate t = parsed("/orders/{id}/items/{item}");
        PathParams params;
        CPPUNIT_ASSERT(t.match("/orders/42/items/7", params));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("id"), std::string(params[0].name));
        CPPUNIT_ASSERT_EQUAL(std::string("42"), params[0].value);
        CPPUNIT_ASSERT_EQUAL(std::string("item"), std::string(params[1].name));
        CPPUNIT_ASSERT_EQUAL(std::string("7"), params[1].value);
        for (const char* path :
             {"/orders/42/items", "/orders/42/items/", "/orders/42/items/7/", "/orders/42/items/7/x",
              "/orders//items/7", "/orders/42/item/7", "/Orders/42/items/7", "/ordersx/42/items/7"})
        {
            CPPUNIT_ASSERT_MESSAGE(path, !t.matches(path));
        }
    }

    void testParameterValuesAreDecoded()
    {
        // Parameter names view the template, so it must outlive params.
        const PathTemplate t = parsed("/orders/{id}");
        PathParams params;
        CPPUNIT_ASSERT(t.match("/orders/a%2Fb%20c", params));
        CPPUNIT_ASSERT_EQUAL(std::string("a/b c"), value(params, "id"));
    }

    void testFailedMatchLeavesParams()
    {
        const PathTemplate xb = parsed("/a/{x}/b");
        const PathTemplate xy = parsed("/a/{x}/{y}");
        PathParams params{{"keep", "me"}};
        CPPUNIT_ASSERT(!xb.match("/a/1/c", params));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), params.size());
        // A malformed escape fails only while binding; nothing half-bound may stay behind.
        CPPUNIT_ASSERT(!xy.match("/a/1/%zz", params));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), params.size());
        CPPUNIT_ASSERT(xb.match("/a/1/b", params)); // appends
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("1"), value(params, "x"));
    }

    void testWildcardRest()
    {
        const PathTemplate t = parsed("/static/*");
        const struct
        {
            const char* path;
            const char* rest;
        } cases[] = {{"/static", ""},
                     {"/static/", ""},
                     {"/static/a", "a"},
                     {"/static/a/b/", "a/b/"},
                     // The rest stays encoded: decoding would turn %2F into a separator upstream.
                     {"/static/a%2Fb/c%20d", "a%2Fb/c%20d"}};
        for (const auto& c : cases)
        {
            PathParams params;
            CPPUNIT_ASSERT_MESSAGE(c.path, t.match(c.path, params));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.path, std::size_t(1), params.size());
            CPPUNIT_ASSERT_EQUAL(std::string("*"), std::string(params[0].name));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.path, std::string(c.rest), params[0].value);
        }
        CPPUNIT_ASSERT(!t.matches("/staticx"));
        CPPUNIT_ASSERT(!t.matches("/stat"));
        CPPUNIT_ASSERT(!t.matches("/"));

        const PathTemplate withParam = parsed("/u/{id}/*");
        PathParams params;
        CPPUNIT_ASSERT(withParam.match("/u/7/x/y", params));
        CPPUNIT_ASSERT_EQUAL(std::string("7"), value(params, "id"));
        CPPUNIT_ASSERT_EQUAL(std::string("x/y"), value(params, "*"));
    }

    void testRootAndTrailingSlash()
    {
        CPPUNIT_ASSERT(parsed("/").matches("/"));
        CPPUNIT_ASSERT(!parsed("/").matches("/a"));
        CPPUNIT_ASSERT(parsed("/*").matches("/"));
        CPPUNIT_ASSERT(parsed("/*").matches("/a/b"));
        // A trailing slash is significant, both ways.
        CPPUNIT_ASSERT(parsed("/a/").matches("/a/"));
        CPPUNIT_ASSERT(!parsed("/a/").matches("/a"));
        CPPUNIT_ASSERT(!parsed("/a").matches("/a/"));
        // A parameter needs a non-empty segment.
        CPPUNIT_ASSERT(!parsed("/a/{x}").matches("/a/"));
    }

    void testSpecificity()
    {
        const auto compare = [](const char* a, const char* b)
        {
            const int forward = sign(parsed(a).compareSpecificity(parsed(b)));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(a) + " vs " + b, -forward,
                                         sign(parsed(b).compareSpecificity(parsed(a))));
            return forward;
        };
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/b", "/a/{x}"));       // literal beats parameter
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/{x}", "/a/*"));       // parameter beats wildcard
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/b", "/a/*"));         // literal beats wildcard
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/b/*", "/a/{x}/c"));   // leftmost difference decides
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/b/c", "/a/b"));       // more segments beat fewer
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/b/*", "/a/*"));       // more segments beat fewer
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/{x}/{y}", "/a/{x}")); // more segments beat fewer
        CPPUNIT_ASSERT_EQUAL(-1, compare("/a/b", "/a/b/*"));       // no wildcard beats wildcard
        CPPUNIT_ASSERT_EQUAL(-1, compare("/", "/*"));
        CPPUNIT_ASSERT_EQUAL(0, compare("/a/{x}", "/a/{y}"));
        CPPUNIT_ASSERT_EQUAL(0, compare("/a/b", "/c/d"));
    }

    void testExpandEncodesValues()
    {
        const PathTemplate t = parsed("/v1/orders/{id}");
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/orders/a%2Fb%20c"), t.expand({{"id", "a/b c"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/orders/%3Fx%23y%25"), t.expand({{"id", "?x#y%"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/orders/%2E%2E"), t.expand({{"id", ".."}}));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/orders/"), t.expand({}));
        CPPUNIT_ASSERT_EQUAL(std::string("/b/1/a/2/"),
                             parsed("/b/{y}/a/{x}/").expand({{"x", "2"}, {"y", "1"}}));

        // What match() decodes, expand() encodes back into one segment.
        const PathTemplate incoming = parsed("/api/orders/{id}");
        PathParams params;
        CPPUNIT_ASSERT(incoming.match("/api/orders/a%2Fb%20c", params));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/orders/a%2Fb%20c"), t.expand(params));
        // An encoded ';' after a dot segment stays encoded: "..;x" is ".." to Tomcat-style upstreams.
        params.clear();
        CPPUNIT_ASSERT(incoming.match("/api/orders/..%3Bx", params));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/orders/..%3Bx"), t.expand(params));
    }

    void testExpandWildcard()
    {
        const PathTemplate t = parsed("/files/*");
        CPPUNIT_ASSERT_EQUAL(std::string("/files/a/b%2Fc/"), t.expand({{"*", "a/b%2Fc/"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("/files"), t.expand({{"*", ""}}));
        CPPUNIT_ASSERT_EQUAL(std::string("/files"), t.expand({}));
        CPPUNIT_ASSERT_EQUAL(std::string("/files/a%3Fb%23c%20d"), t.expand({{"*", "a?b#c d"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("/x/y"), parsed("/*").expand({{"*", "x/y"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), parsed("/*").expand({}));

        const PathTemplate incoming = parsed("/static/*");
        PathParams params;
        CPPUNIT_ASSERT(incoming.match("/static/img/a%20b.png", params));
        CPPUNIT_ASSERT_EQUAL(std::string("/files/img/a%20b.png"), t.expand(params));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PathTemplateTest, "routing");
