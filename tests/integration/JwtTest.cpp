// <jwt> through a real porticod, with keys and tokens made by python3-jwt and python3-cryptography
// (tests/demo/jwt/identity_provider.py), independent of the gateway's code: HS256 with issuer and
// audience, RS256 and ES256 from PEM keys, a JWKS file with key ids, a JWKS fetched over HTTPS by a
// test identity provider (refreshed, rotated, kept when the provider goes away), scopes for
// <allow>, every refusal a client can provoke, and the configuration's refusals.

#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/ScriptService.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

using namespace portico::test;

namespace
{

const std::string secret = "a-shared-secret-of-32-bytes-or-more!";

Poco::JSON::Object::Ptr parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string bearer(const std::string& token)
{
    return "Authorization: Bearer " + token + "\r\n";
}

} // namespace

class JwtTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JwtTest);
    CPPUNIT_TEST(testHs256WithIssuerAndAudience);
    CPPUNIT_TEST(testRefusals);
    CPPUNIT_TEST(testRs256AndEs256FromPemKeys);
    CPPUNIT_TEST(testJwksFileAndKeyIds);
    CPPUNIT_TEST(testJwksOverHttps);
    CPPUNIT_TEST(testScopesForAllow);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        provider({"keys", _folder->path()});
    }

    void tearDown() override
    {
        _gateway.reset();
        _jwks.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testHs256WithIssuerAndAudience()
    {
        start("<jwt secret=\"" + secret + "\" issuer=\"https://idp.test\" audience=\"portico\"/>");
        const std::string token =
            mint("HS256", secret, R"({"sub":"acme","iss":"https://idp.test","aud":"portico","exp":"+60"})");
        HttpResponse response = _gateway->get("/api/1", bearer(token));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Object::Ptr seen = parseJson(response.body)->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), seen->getValue<std::string>("X-Consumer-Name"));
        // The token itself goes on: the upstream may read its claims.
        CPPUNIT_ASSERT_EQUAL("Bearer " + token, seen->getValue<std::string>("Authorization"));
        // Again: from this loop's cache of verified tokens, with the same answer.
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/2", bearer(token)).status);
    }

    void testRefusals()
    {
        start("<jwt secret=\"" + secret + "\" issuer=\"https://idp.test\" audience=\"portico\"/>");
        const std::string ok = R"("iss":"https://idp.test","aud":"portico")";
        const std::pair<std::string, std::string> cases[] = {
            {mint("HS256", secret, R"({"sub":"acme",)" + ok + R"(,"exp":"-120"})"), "the token has expired"},
            {mint("HS256", secret, R"({"sub":"acme",)" + ok + R"(,"exp":"+60","nbf":"+120"})"),
             "the token is not valid yet"},
            {mint("HS256", secret, R"({"sub":"acme","iss":"https://evil.test","aud":"portico","exp":"+60"})"),
             "the token's issuer is not accepted here"},
            {mint("HS256", secret, R"({"sub":"acme","iss":"https://idp.test","aud":"other","exp":"+60"})"),
             "the token is not meant for this audience"},
            {mint("HS256", secret + "x", R"({"sub":"acme",)" + ok + R"(,"exp":"+60"})"),
             "the token's signature is not valid"},
            {mint("HS512", secret, R"({"sub":"acme",)" + ok + R"(,"exp":"+60"})"),
             "the token's algorithm is not accepted here"},
            {provider({"none", R"({"sub":"acme",)" + ok + R"(,"exp":"+60"})"}),
             "the token's algorithm is not accepted here"},
            {mint("HS256", secret, R"({)" + ok + R"(,"exp":"+60"})"), "the token names no consumer (sub)"},
            {"abc.def", "the token is malformed"}};
        for (const auto& [token, problem] : cases)
        {
            HttpResponse response = _gateway->get("/api/1", bearer(token));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(problem, 401, response.status);
            CPPUNIT_ASSERT_EQUAL(std::string("Bearer realm=\"portico\""),
                                 response.header("www-authenticate"));
            CPPUNIT_ASSERT_MESSAGE(response.body, response.body.find(problem) != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/api/1").status);
        // A truncated token is no token.
        const std::string good = mint("HS256", secret, R"({"sub":"acme",)" + ok + R"(,"exp":"+60"})");
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/api/1", bearer(good.substr(0, good.size() - 5))).status);
    }

    void testRs256AndEs256FromPemKeys()
    {
        start("<jwt publicKey=\"" + key("rsa.pub") + "\"/>", "<jwt publicKey=\"" + key("ec.pub") + "\"/>");
        const std::string rs = mint("RS256", key("rsa.key"), R"({"sub":"rsa-user","exp":"+60"})");
        const std::string es = mint("ES256", key("ec.key"), R"({"sub":"ec-user","exp":"+60"})");
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/1", bearer(rs)).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/second/1", bearer(es)).status);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/api/1", bearer(es)).status);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/second/1", bearer(rs)).status);
        // Algorithm confusion: HS256 keyed with the public key's own bytes.
        const std::string confused = provider({"confused", key("rsa.pub"), R"({"sub":"evil","exp":"+60"})"});
        HttpResponse refused = _gateway->get("/api/1", bearer(confused));
        CPPUNIT_ASSERT_EQUAL(401, refused.status);
        CPPUNIT_ASSERT(refused.body.find("algorithm is not accepted") != std::string::npos);
    }

    void testJwksFileAndKeyIds()
    {
        start("<jwt jwks=\"" + key("jwks.json") + "\" algorithms=\"RS256,ES256\"/>");
        CPPUNIT_ASSERT_EQUAL(200, _gateway
                                      ->get("/api/1", bearer(mint("RS256", key("rsa.key"),
                                                                  R"({"sub":"a","exp":"+60"})", "rsa-1")))
                                      .status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway
                                      ->get("/api/1", bearer(mint("ES256", key("ec.key"),
                                                                  R"({"sub":"a","exp":"+60"})", "ec-1")))
                                      .status);
        HttpResponse unknown = _gateway->get(
            "/api/1", bearer(mint("RS256", key("rsa2.key"), R"({"sub":"a","exp":"+60"})", "rsa-2")));
        CPPUNIT_ASSERT_EQUAL(401, unknown.status);
        CPPUNIT_ASSERT(unknown.body.find("no signing key has the token's key id") != std::string::npos);
        // The right kid on a key that did not sign it.
        CPPUNIT_ASSERT_EQUAL(401, _gateway
                                      ->get("/api/1", bearer(mint("RS256", key("rsa2.key"),
                                                                  R"({"sub":"a","exp":"+60"})", "rsa-1")))
                                      .status);
    }

    void testJwksOverHttps()
    {
        // A certificate for 127.0.0.1, trusted through caFile.
        std::string out, err;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            err, 0,
            runToCompletion("/usr/bin/openssl",
                            {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key("idp.key"),
                             "-out", key("idp.crt"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                             "subjectAltName=IP:127.0.0.1"},
                            out, err));
        _jwks = std::make_unique<ScriptService>(*_folder, "jwks", "tests/demo/jwt/jwks_server.py",
                                                std::vector<std::string>{"--jwks=" + key("jwks.json"),
                                                                         "--cert=" + key("idp.crt"),
                                                                         "--key=" + key("idp.key")});
        start("<jwt jwks=\"https://" + _jwks->address() + "/jwks.json\" caFile=\"" + key("idp.crt") +
              "\" algorithms=\"RS256,ES256\" refresh=\"1s\"/>");
        const std::string first = mint("RS256", key("rsa.key"), R"({"sub":"a","exp":"+60"})", "rsa-1");
        CPPUNIT_ASSERT_EQUAL(200, statusWithin(first, 200, std::chrono::seconds(10)));

        // The provider rotates: rsa-2 replaces rsa-1. The gateway picks it up without a restart.
        provider({"jwks", _folder->path(), "rsa-2", "ec-1"});
        const std::string rotated = mint("RS256", key("rsa2.key"), R"({"sub":"b","exp":"+60"})", "rsa-2");
        CPPUNIT_ASSERT_EQUAL(200, statusWithin(rotated, 200, std::chrono::seconds(10)));
        CPPUNIT_ASSERT_EQUAL(401, statusWithin(first, 401, std::chrono::seconds(10)));

        // The provider goes away: the last good keys keep working.
        const int fetchesBefore = fetchCount();
        CPPUNIT_ASSERT(fetchesBefore >= 2);
        _jwks.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        const std::string later = mint("RS256", key("rsa2.key"), R"({"sub":"c","exp":"+60"})", "rsa-2");
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/api/3", bearer(later)).status);
    }

    void testScopesForAllow()
    {
        start("<jwt secret=\"" + secret + "\"/>", "", "<allow scopes=\"orders\"/>");
        CPPUNIT_ASSERT_EQUAL(
            200, _gateway
                     ->get("/api/1",
                           bearer(mint("HS256", secret, R"({"sub":"a","exp":"+60","scope":"read orders"})")))
                     .status);
        CPPUNIT_ASSERT_EQUAL(
            200,
            _gateway
                ->get("/api/1", bearer(mint("HS256", secret, R"({"sub":"a","exp":"+60","scp":["orders"]})")))
                .status);
        HttpResponse refused = _gateway->get(
            "/api/1", bearer(mint("HS256", secret, R"({"sub":"a","exp":"+60","scope":"read"})")));
        CPPUNIT_ASSERT_EQUAL(403, refused.status);
        CPPUNIT_ASSERT(refused.body.find("scope 'orders'") != std::string::npos);
    }

    void testConfigurationErrors()
    {
        const std::string routes =
            route("a", "<jwt publicKey=\"" + key("rsa.pub") + "\" algorithms=\"HS256\"/>") +
            route("b", "<jwt secret=\"too-short\"/>") + route("c", "<jwt jwks=\"http://idp.test/keys\"/>") +
            route("d", "<jwt publicKey=\"" + key("rsa.key") + "\"/>") +
            route("e", "<jwt secret=\"" + secret + "\" algorithms=\"none\"/>") +
            route("f", "<jwt secret=\"" + secret + "\" publicKey=\"" + key("rsa.pub") + "\"/>");
        assertRefusedAt(
            checkConfig(*_folder, gatewayConfig("", routes)),
            {{"algorithms=\"HS256\"", "algorithm HS256 on <jwt> needs an HMAC secret"},
             {"secret=\"too-short\"", "invalid 'secret' on <jwt>: an HMAC secret needs at least 32 bytes"},
             {"jwks=\"http://",
              "invalid value 'http://idp.test/keys' for 'jwks' on <jwt>: a JWKS URL must be https://"},
             {"publicKey=\"" + key("rsa.key"),
              "invalid publicKey '" + key("rsa.key") + "': the file holds a private key"},
             {"algorithms=\"none\"", "invalid value 'none' for 'algorithms' on <jwt>"},
             {"<jwt secret=\"" + secret + "\" publicKey", "<jwt> takes exactly one of"}});
    }

private:
    std::string key(const std::string& name) { return _folder->file(name); }

    std::string provider(const std::vector<std::string>& arguments)
    {
        std::vector<std::string> all{sourcePath("tests/demo/jwt/identity_provider.py")};
        all.insert(all.end(), arguments.begin(), arguments.end());
        std::string out, err;
        const int code = runToCompletion("/usr/bin/python3", all, out, err);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(err, 0, code);
        return out.substr(0, out.find('\n'));
    }

    std::string mint(const std::string& algorithm, const std::string& keyOrSecret, const std::string& claims,
                     const std::string& kid = "")
    {
        std::vector<std::string> arguments{"token", algorithm, keyOrSecret, claims};
        if (!kid.empty()) arguments.push_back(kid);
        return provider(arguments);
    }

    static std::string route(const std::string& name, const std::string& jwt)
    {
        return "<route name=\"" + name + "\" path=\"/" + name + "\"><auth>" + jwt +
               "</auth><proxy url=\"http://127.0.0.1:1\"/></route>\n";
    }

    void start(const std::string& jwt, const std::string& secondJwt = "", const std::string& policies = "")
    {
        if (!_upstream) _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        std::string routes = "<route name=\"api\" path=\"/api/{id}\"><auth>" + jwt + "</auth>" + policies +
                             "<proxy url=\"" + _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n";
        if (!secondJwt.empty())
            routes += "<route name=\"second\" path=\"/second/{id}\"><auth>" + secondJwt +
                      "</auth><proxy url=\"" + _upstream->url() + "\" path=\"/echo/{id}\"/></route>\n";
        _gateway = std::make_unique<Gateway>(*_folder, gatewayConfig("", routes));
    }

    // Asks until the answer is wanted or the time is up (a background fetch may still be on its way).
    int statusWithin(const std::string& token, int wanted, std::chrono::seconds limit)
    {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        int status = 0;
        for (int attempt = 0; attempt < 200 && std::chrono::steady_clock::now() < deadline; ++attempt)
        {
            status = _gateway->get("/api/1", bearer(token)).status;
            if (status == wanted) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return status;
    }

    int fetchCount()
    {
        std::string out, err;
        const int code =
            runToCompletion("/usr/bin/python3",
                            {"-c",
                             "import ssl,sys,urllib.request; print(urllib.request.urlopen(sys.argv[1], "
                             "context=ssl.create_default_context(cafile=sys.argv[2])).read().decode())",
                             "https://" + _jwks->address() + "/count", key("idp.crt")},
                            out, err);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(err, 0, code);
        return std::stoi(out);
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<ScriptService> _jwks;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(JwtTest, "jwt");
