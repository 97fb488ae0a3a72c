#include "routing/Router.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>
#include <string>

using portico::config::RouteConfig;
using portico::routing::PathParam;
using portico::routing::RouteMatch;
using portico::routing::Router;

namespace
{

RouteConfig route(std::string name, std::string path, std::vector<std::string> methods = {},
                  std::string host = std::string())
{
    RouteConfig r;
    r.name = std::move(name);
    r.pathTemplate = std::move(path);
    r.methods = std::move(methods);
    r.host = std::move(host);
    return r;
}

// The name of the matched route, or "404" / "405 <Allow>", so one assertion shows everything.
std::string outcome(const std::vector<RouteConfig>& routes, const Router& router, std::string_view method,
                    std::string_view host, std::string_view path)
{
    RouteMatch match;
    router.match(method, host, path, match);
    switch (match.outcome)
    {
    case RouteMatch::Outcome::Matched:
        CPPUNIT_ASSERT(match.allow.empty());
        return routes.at(match.routeIndex).name;
    case RouteMatch::Outcome::NoRoute:
        CPPUNIT_ASSERT(match.allow.empty());
        CPPUNIT_ASSERT(match.params.empty());
        return "404";
    case RouteMatch::Outcome::MethodNotAllowed:
        CPPUNIT_ASSERT(match.params.empty());
        return "405 " + match.allow;
    }
    return "?";
}

std::string param(const RouteMatch& match, std::string_view name)
{
    for (const PathParam& p : match.params)
    {
        if (p.name == name) return p.value;
    }
    CPPUNIT_FAIL("no parameter '" + std::string(name) + "'");
    return std::string();
}

} // namespace

class RouterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RouterTest);
    CPPUNIT_TEST(testLiteralBeatsParameterBeatsWildcard);
    CPPUNIT_TEST(testMoreSegmentsBeatFewer);
    CPPUNIT_TEST(testDeclarationOrderBreaksTies);
    CPPUNIT_TEST(testHostPrecedence);
    CPPUNIT_TEST(testHostBeforePathSpecificity);
    CPPUNIT_TEST(testHostNormalisation);
    CPPUNIT_TEST(testNoRoute);
    CPPUNIT_TEST(testMethodNotAllowedWithAllow);
    CPPUNIT_TEST(testAllowOnlyFromRoutesMatchingHostAndPath);
    CPPUNIT_TEST(testHeadAnsweredByGet);
    CPPUNIT_TEST(testEmptyMethodsMatchAny);
    CPPUNIT_TEST(testMethodMismatchFallsThrough);
    CPPUNIT_TEST(testParamsBoundAndDecoded);
    CPPUNIT_TEST(testWildcardRoute);
    CPPUNIT_TEST(testOutIsResetBetweenCalls);
    CPPUNIT_TEST(testFirstSegmentIndexKeepsPrecedence);
    CPPUNIT_TEST(testInvalidRoutesRejected);
    CPPUNIT_TEST(testValidHostPattern);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLiteralBeatsParameterBeatsWildcard()
    {
        // Declared least specific first, so declaration order cannot be what makes these pass.
        const std::vector<RouteConfig> routes{route("rest", "/users/*"), route("byId", "/users/{id}"),
                                              route("me", "/users/me")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("me"), outcome(routes, router, "GET", "h", "/users/me"));
        CPPUNIT_ASSERT_EQUAL(std::string("byId"), outcome(routes, router, "GET", "h", "/users/42"));
        CPPUNIT_ASSERT_EQUAL(std::string("rest"), outcome(routes, router, "GET", "h", "/users/42/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("rest"), outcome(routes, router, "GET", "h", "/users"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "GET", "h", "/usersx"));
    }

    void testMoreSegmentsBeatFewer()
    {
        const std::vector<RouteConfig> routes{route("short", "/a/*"), route("long", "/a/b/*"),
                                              route("params", "/{x}/{y}/{z}")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("long"), outcome(routes, router, "GET", "h", "/a/b/c"));
        CPPUNIT_ASSERT_EQUAL(std::string("short"), outcome(routes, router, "GET", "h", "/a/c/d"));
        CPPUNIT_ASSERT_EQUAL(std::string("params"), outcome(routes, router, "GET", "h", "/x/c/d"));
    }

    void testDeclarationOrderBreaksTies()
    {
        const std::vector<RouteConfig> routes{route("first", "/a/{x}"), route("second", "/a/{y}")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("first"), outcome(routes, router, "GET", "h", "/a/1"));

        // Enough ties, mixed with other ranks, that an unstable sort would reorder them.
        std::vector<RouteConfig> many;
        for (int i = 0; i < 40; ++i)
        {
            many.push_back(route("wild" + std::to_string(i), "/a/*"));
            many.push_back(route("tie" + std::to_string(i), "/a/{p" + std::to_string(i) + "}"));
            many.push_back(route("lit" + std::to_string(i), "/a/b"));
        }
        const Router manyRouter(many);
        CPPUNIT_ASSERT_EQUAL(std::string("tie0"), outcome(many, manyRouter, "GET", "h", "/a/1"));
        CPPUNIT_ASSERT_EQUAL(std::string("lit0"), outcome(many, manyRouter, "GET", "h", "/a/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("wild0"), outcome(many, manyRouter, "GET", "h", "/a/1/2"));
    }

    void testHostPrecedence()
    {
        const std::vector<RouteConfig> routes{route("any", "/x"), route("wild", "/x", {}, "*.example.com"),
                                              route("deepWild", "/x", {}, "*.eu.example.com"),
                                              route("exact", "/x", {}, "api.example.com")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("exact"), outcome(routes, router, "GET", "api.example.com", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("wild"), outcome(routes, router, "GET", "www.example.com", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("wild"), outcome(routes, router, "GET", "a.b.example.com", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("deepWild"),
                             outcome(routes, router, "GET", "api.eu.example.com", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("any"), outcome(routes, router, "GET", "example.com", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("any"), outcome(routes, router, "GET", "badexample.com", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("any"), outcome(routes, router, "GET", "", "/x"));
    }

    void testHostBeforePathSpecificity()
    {
        // Documented choice: a host-specific catch-all owns its host, even over a more specific path.
        const std::vector<RouteConfig> routes{route("health", "/health"),
                                              route("apiAll", "/*", {}, "api.example.com")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("apiAll"),
                             outcome(routes, router, "GET", "api.example.com", "/health"));
        CPPUNIT_ASSERT_EQUAL(std::string("health"), outcome(routes, router, "GET", "other.org", "/health"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "GET", "other.org", "/x"));

        // A host-less route still serves a host whose own routes do not match the path.
        const std::vector<RouteConfig> narrow{route("health", "/health"),
                                              route("apiOrders", "/orders", {}, "api.example.com")};
        const Router narrowRouter(narrow);
        CPPUNIT_ASSERT_EQUAL(std::string("health"),
                             outcome(narrow, narrowRouter, "GET", "api.example.com", "/health"));
    }

    void testHostNormalisation()
    {
        const std::vector<RouteConfig> routes{route("exact", "/x", {}, "API.Example.com"),
                                              route("v6", "/x", {}, "[::1]")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("exact"),
                             outcome(routes, router, "GET", "api.example.com:8443", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("exact"), outcome(routes, router, "GET", "API.EXAMPLE.COM", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("exact"), outcome(routes, router, "GET", "api.example.com.", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("v6"), outcome(routes, router, "GET", "[::1]:8080", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("v6"), outcome(routes, router, "GET", "[::1]", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "GET", "api.example.co", "/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "GET", "xapi.example.com", "/x"));
    }

    void testNoRoute()
    {
        const std::vector<RouteConfig> routes{route("a", "/a", {"GET"}),
                                              route("h", "/b", {"GET"}, "h.example")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "GET", "h", "/c"));
        // Path matches only a route of another host: that is no route, not a wrong method.
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "POST", "other", "/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "GET", "other", "/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(routes, router, "GET", "h", "/a/"));

        const std::vector<RouteConfig> none;
        const Router empty(none);
        CPPUNIT_ASSERT_EQUAL(std::string("404"), outcome(none, empty, "GET", "h", "/"));
    }

    void testMethodNotAllowedWithAllow()
    {
        const std::vector<RouteConfig> routes{route("write", "/orders/{id}", {"PUT", "DELETE"}),
                                              route("read", "/orders/{id}", {"GET"}),
                                              route("again", "/orders/*", {"PUT"})};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("405 DELETE, GET, HEAD, PUT"),
                             outcome(routes, router, "POST", "h", "/orders/1"));
        CPPUNIT_ASSERT_EQUAL(std::string("405 DELETE, GET, HEAD, PUT"),
                             outcome(routes, router, "get", "h", "/orders/1")); // methods are case-sensitive
        CPPUNIT_ASSERT_EQUAL(std::string("write"), outcome(routes, router, "DELETE", "h", "/orders/1"));
        CPPUNIT_ASSERT_EQUAL(std::string("read"), outcome(routes, router, "GET", "h", "/orders/1"));
        CPPUNIT_ASSERT_EQUAL(std::string("405 PUT"), outcome(routes, router, "GET", "h", "/orders/1/x"));
    }

    void testAllowOnlyFromRoutesMatchingHostAndPath()
    {
        const std::vector<RouteConfig> routes{route("get", "/a", {"GET"}), route("other", "/b", {"POST"}),
                                              route("otherHost", "/a", {"PATCH"}, "h.example"),
                                              route("sameHost", "/a", {"OPTIONS"}, "*.example")};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("405 GET, HEAD, OPTIONS"),
                             outcome(routes, router, "PUT", "x.example", "/a"));
        CPPUNIT_ASSERT_EQUAL(std::string("405 GET, HEAD, OPTIONS, PATCH"),
                             outcome(routes, router, "PUT", "h.example", "/a"));
        CPPUNIT_ASSERT_EQUAL(std::string("405 GET, HEAD"), outcome(routes, router, "PUT", "other.org", "/a"));
    }

    void testHeadAnsweredByGet()
    {
        const std::vector<RouteConfig> routes{route("get", "/a", {"GET"}), route("post", "/b", {"POST"}),
                                              route("head", "/c", {"HEAD"})};
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("get"), outcome(routes, router, "HEAD", "h", "/a"));
        CPPUNIT_ASSERT_EQUAL(std::string("405 POST"), outcome(routes, router, "HEAD", "h", "/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("405 HEAD"), outcome(routes, router, "GET", "h", "/c"));
    }

    void testEmptyMethodsMatchAny()
    {
        const std::vector<RouteConfig> routes{route("any", "/a"), route("get", "/b", {"GET"})};
        const Router router(routes);
        for (const char* method : {"GET", "HEAD", "POST", "PATCH", "BREW"})
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(method, std::string("any"),
                                         outcome(routes, router, method, "h", "/a"));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("405 GET, HEAD"), outcome(routes, router, "BREW", "h", "/b"));
    }

    void testMethodMismatchFallsThrough()
    {
        const std::vector<RouteConfig> routes{route("updateMe", "/users/me", {"POST"}),
                                              route("byId", "/users/{id}", {"GET"})};
        const Router router(routes);
        RouteMatch match;
        router.match("GET", "h", "/users/me", match);
        CPPUNIT_ASSERT(match.outcome == RouteMatch::Outcome::Matched);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), match.routeIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("me"), param(match, "id"));
        CPPUNIT_ASSERT_EQUAL(std::string("updateMe"), outcome(routes, router, "POST", "h", "/users/me"));
        CPPUNIT_ASSERT_EQUAL(std::string("405 GET, HEAD"), outcome(routes, router, "POST", "h", "/users/7"));
    }

    void testParamsBoundAndDecoded()
    {
        const std::vector<RouteConfig> routes{route("static", "/x"),
                                              route("item", "/api/{tenant}/orders/{id}", {"GET"})};
        const Router router(routes);
        RouteMatch match;
        router.match("GET", "h", "/api/acme/orders/a%2Fb%20c", match);
        CPPUNIT_ASSERT(match.outcome == RouteMatch::Outcome::Matched);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), match.routeIndex);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), match.params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), param(match, "tenant"));
        CPPUNIT_ASSERT_EQUAL(std::string("a/b c"), param(match, "id"));
        CPPUNIT_ASSERT_EQUAL(std::string("/api/{tenant}/orders/{id}"), router.pathTemplate(1).text());
    }

    void testWildcardRoute()
    {
        const std::vector<RouteConfig> routes{route("static", "/static/*", {"GET"})};
        const Router router(routes);
        for (const char* path : {"/static", "/static/", "/static/a/b"})
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("static"),
                                         outcome(routes, router, "GET", "h", path));
        }
        RouteMatch match;
        router.match("GET", "h", "/static/a/b", match);
        CPPUNIT_ASSERT_EQUAL(std::string("a/b"), param(match, "*"));
    }

    void testOutIsResetBetweenCalls()
    {
        const std::vector<RouteConfig> routes{route("item", "/i/{id}", {"GET"})};
        const Router router(routes);
        RouteMatch match;
        router.match("POST", "h", "/i/1", match);
        CPPUNIT_ASSERT(match.outcome == RouteMatch::Outcome::MethodNotAllowed);
        router.match("GET", "h", "/i/2", match);
        CPPUNIT_ASSERT(match.outcome == RouteMatch::Outcome::Matched);
        CPPUNIT_ASSERT(match.allow.empty());
        router.match("GET", "h", "/i/3", match);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), match.params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("3"), param(match, "id"));
        router.match("GET", "h", "/nothing", match);
        CPPUNIT_ASSERT(match.outcome == RouteMatch::Outcome::NoRoute);
        CPPUNIT_ASSERT(match.params.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), match.routeIndex);
    }

    void testFirstSegmentIndexKeepsPrecedence()
    {
        // Many first segments, with non-literal first segments interleaved in precedence order.
        std::vector<RouteConfig> routes;
        for (int i = 0; i < 50; ++i)
        {
            routes.push_back(route("lit" + std::to_string(i), "/s" + std::to_string(i) + "/{x}"));
        }
        routes.push_back(route("catchAll", "/*"));
        routes.push_back(route("twoParams", "/{a}/{b}"));
        routes.push_back(route("hostAll", "/*", {}, "special.example"));
        routes.push_back(route("root", "/"));
        const Router router(routes);
        CPPUNIT_ASSERT_EQUAL(std::string("lit7"), outcome(routes, router, "GET", "h", "/s7/q"));
        CPPUNIT_ASSERT_EQUAL(std::string("lit49"), outcome(routes, router, "GET", "h", "/s49/q"));
        CPPUNIT_ASSERT_EQUAL(std::string("twoParams"), outcome(routes, router, "GET", "h", "/zz/q"));
        CPPUNIT_ASSERT_EQUAL(std::string("catchAll"), outcome(routes, router, "GET", "h", "/s7/q/r"));
        CPPUNIT_ASSERT_EQUAL(std::string("catchAll"), outcome(routes, router, "GET", "h", "/s7"));
        CPPUNIT_ASSERT_EQUAL(std::string("hostAll"),
                             outcome(routes, router, "GET", "special.example", "/s7/q"));
        CPPUNIT_ASSERT_EQUAL(std::string("root"), outcome(routes, router, "GET", "h", "/"));
    }

    void testInvalidRoutesRejected()
    {
        const auto rejects = [](const RouteConfig& r, const std::string& expected)
        {
            try
            {
                Router router({r});
                CPPUNIT_FAIL("accepted route " + r.name);
            }
            catch (const std::invalid_argument& e)
            {
                CPPUNIT_ASSERT_EQUAL(expected, std::string(e.what()));
            }
        };
        rejects(route("bad", "/a/{id"), "route 'bad': path '/a/{id': unterminated '{' in segment 2");
        rejects(route("port", "/a", {}, "api.example.com:80"),
                "route 'port': host 'api.example.com:80' must not include a port");
    }

    void testValidHostPattern()
    {
        std::string error;
        for (const char* ok : {"", "*", "api.example.com", "*.example.com", "[::1]", "127.0.0.1"})
        {
            CPPUNIT_ASSERT_MESSAGE(ok, Router::validHostPattern(ok, error));
        }
        for (const char* bad :
             {"a.*.com", "api.*", "*example.com", "*.", "a b", "[::1", "[::1]:80", "h:80", "a/b"})
        {
            CPPUNIT_ASSERT_MESSAGE(bad, !Router::validHostPattern(bad, error));
        }
        Router::validHostPattern("api.*", error);
        CPPUNIT_ASSERT_EQUAL(std::string("host 'api.*': '*' is only allowed as a leading \"*.\" label"),
                             error);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(RouterTest, "routing");
