// <auth> and <consumers> through a real porticod and a real upstream: API keys in a header and in
// the query (taken out before forwarding, other parameters kept), Basic authentication against
// PBKDF2 hashes made by another implementation (Python's hashlib) and by porticod --hash-password,
// 401 challenges, the throttle on failed sign-ins, X-Consumer-Name set by the gateway alone, an
// adapter route, and configuration errors.

#include "support/BasicCredentials.h"
#include "support/ConfigCheck.h"
#include "support/GatewayFixture.h"
#include "support/TestConsumers.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

using namespace portico::test;

namespace
{

Poco::JSON::Object::Ptr parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// A PHC string computed by Python's hashlib, an implementation independent of the gateway's.
std::string pythonPasswordHash(const std::string& password, int iterations)
{
    const std::string script =
        "import base64,hashlib,os,sys\n"
        "salt=os.urandom(16)\n"
        "key=hashlib.pbkdf2_hmac('sha256', sys.argv[1].encode(), salt, int(sys.argv[2]))\n"
        "b=lambda x: base64.b64encode(x).decode().rstrip('=')\n"
        "print('$pbkdf2-sha256$i=%s$%s$%s' % (sys.argv[2], b(salt), b(key)))\n";
    std::string out, err;
    const int code =
        runToCompletion("/usr/bin/python3", {"-c", script, password, std::to_string(iterations)}, out, err);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(err, 0, code);
    return out.substr(0, out.find('\n'));
}

std::string sha256Hex(const std::string& text)
{
    std::string out, err;
    const int code = runToCompletion(
        "/usr/bin/python3",
        {"-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", text}, out,
        err);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(err, 0, code);
    return out.substr(0, out.find('\n'));
}

// gatewayConfig() with a <consumers> section before <upstreams>.
std::string withConsumers(std::string config, const std::string& consumers)
{
    config.insert(config.find("  <upstreams>"), "  <consumers>\n" + consumers + "  </consumers>\n");
    return config;
}

} // namespace

class AuthTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuthTest);
    CPPUNIT_TEST(testApiKeyInHeader);
    CPPUNIT_TEST(testApiKeyInQuery);
    CPPUNIT_TEST(testMissingOrWrongKeyIs401WithChallenges);
    CPPUNIT_TEST(testConsumerNameComesFromTheGatewayOnly);
    CPPUNIT_TEST(testBasicAgainstIndependentHashes);
    CPPUNIT_TEST(testFailedSignInsAreThrottled);
    CPPUNIT_TEST(testAdapterRouteSeesTheConsumer);
    CPPUNIT_TEST(testConfigurationErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _aliceHash = pythonPasswordHash("wonderland", 100000);
    }

    void tearDown() override
    {
        _gateway.reset();
        _upstream.reset();
        _folder.reset();
    }

    void testApiKeyInHeader()
    {
        start();
        HttpResponse response = _gateway->get("/keyed/1", "X-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Object::Ptr seen = parseJson(response.body)->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), seen->getValue<std::string>("X-Consumer-Name"));
        CPPUNIT_ASSERT_MESSAGE("the key must not reach the upstream", !seen->has("X-API-Key"));

        // A key configured only by its SHA-256 works the same.
        response = _gateway->get("/keyed/2", "X-API-Key: " + betaKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        seen = parseJson(response.body)->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(std::string("beta"), seen->getValue<std::string>("X-Consumer-Name"));
    }

    void testApiKeyInQuery()
    {
        start();
        HttpResponse response = _gateway->get("/keyed/3?a=1&api_key=" + acmeKey + "&b=two%20words");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Object::Ptr echo = parseJson(response.body);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/3?a=1&b=two%20words"), echo->getValue<std::string>("uri"));
        CPPUNIT_ASSERT_EQUAL(std::string("acme"),
                             echo->getObject("headers")->getValue<std::string>("X-Consumer-Name"));
    }

    void testMissingOrWrongKeyIs401WithChallenges()
    {
        start();
        for (const std::string& headers : {std::string(), "X-API-Key: not-" + acmeKey + "\r\n"})
        {
            HttpResponse response = _gateway->get("/keyed/4", headers);
            CPPUNIT_ASSERT_EQUAL(401, response.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), response.headers.count("www-authenticate"));
            auto challenges = response.headers.equal_range("www-authenticate");
            CPPUNIT_ASSERT_EQUAL(std::string("APIKey realm=\"portico\", header=\"X-API-Key\""),
                                 challenges.first->second);
            CPPUNIT_ASSERT_EQUAL(std::string("APIKey realm=\"portico\", query=\"api_key\""),
                                 std::next(challenges.first)->second);
        }
        HttpResponse wrong = _gateway->get("/keyed/5", "X-API-Key: not-" + acmeKey + "\r\n");
        CPPUNIT_ASSERT_MESSAGE(wrong.body, wrong.body.find("not valid") != std::string::npos);
        // The upstream was never asked.
        HttpResponse basicOnly = _gateway->get("/signed/1");
        CPPUNIT_ASSERT_EQUAL(401, basicOnly.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Basic realm=\"portico\", charset=\"UTF-8\""),
                             basicOnly.header("www-authenticate"));
    }

    void testConsumerNameComesFromTheGatewayOnly()
    {
        start();
        // Spellings with '_' (read as the same header by CGI-style back ends) are removed too, and
        // naming the gateway's header in Connection does not make it disappear.
        HttpResponse tricked = _gateway->get(
            "/keyed/7",
            "Connection: X-Consumer-Name\r\nX-Consumer_Name: victim\r\nX-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL(200, tricked.status);
        CPPUNIT_ASSERT(tricked.body.find("victim") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(
            std::string("acme"),
            parseJson(tricked.body)->getObject("headers")->getValue<std::string>("X-Consumer-Name"));
        // A key sent in the header and the query too: neither copy reaches the upstream.
        HttpResponse both = _gateway->get("/keyed/8?api%5Fkey=" + acmeKey, "X-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL(200, both.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/8"), parseJson(both.body)->getValue<std::string>("uri"));
        HttpResponse open = _gateway->get("/open/1", "X-Consumer-Name: admin\r\nx-consumer-name: root\r\n");
        CPPUNIT_ASSERT_EQUAL(200, open.status);
        CPPUNIT_ASSERT_MESSAGE(open.body,
                               !parseJson(open.body)->getObject("headers")->has("X-Consumer-Name"));
        CPPUNIT_ASSERT(open.body.find("admin") == std::string::npos &&
                       open.body.find("root") == std::string::npos);

        HttpResponse keyed =
            _gateway->get("/keyed/6", "X-Consumer-Name: admin\r\nX-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL(200, keyed.status);
        CPPUNIT_ASSERT(keyed.body.find("admin") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(
            std::string("acme"),
            parseJson(keyed.body)->getObject("headers")->getValue<std::string>("X-Consumer-Name"));
    }

    void testBasicAgainstIndependentHashes()
    {
        // porticod's own --hash-password, read back by the gateway.
        std::string out, err;
        const int code = runToCompletion(binaryPath("porticod"), {"--hash-password"}, out, err,
                                         std::chrono::seconds(20), "through the looking glass\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(err, 0, code);
        const std::string bobHash = out.substr(0, out.find('\n'));
        CPPUNIT_ASSERT_EQUAL(std::string("$pbkdf2-sha256$i=600000$"), bobHash.substr(0, 24));
        start("    <consumer name=\"bob\"><password pbkdf2=\"" + bobHash + "\"/></consumer>\n");

        HttpResponse alice = _gateway->get("/signed/2", basicHeader("alice", "wonderland"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(alice.body, 200, alice.status);
        Poco::JSON::Object::Ptr seen = parseJson(alice.body)->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), seen->getValue<std::string>("X-Consumer-Name"));
        CPPUNIT_ASSERT_MESSAGE("Basic credentials must not reach the upstream", !seen->has("Authorization"));
        // Again: answered from the verified-credential cache, with the same outcome.
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/signed/3", basicHeader("alice", "wonderland")).status);

        HttpResponse bob = _gateway->get("/signed/4", basicHeader("bob", "through the looking glass"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(bob.body, 200, bob.status);

        for (const std::string& header :
             {basicHeader("alice", "Wonderland"), basicHeader("nobody", "wonderland"),
              basicHeader("beta", "x"), std::string("Authorization: Basic !!!\r\n")})
        {
            HttpResponse refused = _gateway->get("/signed/5", header);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(header, 401, refused.status);
            CPPUNIT_ASSERT_EQUAL(std::string("Basic realm=\"portico\", charset=\"UTF-8\""),
                                 refused.header("www-authenticate"));
        }
    }

    void testFailedSignInsAreThrottled()
    {
        start();
        int refused = 0;
        HttpResponse last;
        for (int attempt = 0; attempt < 12; ++attempt)
        {
            last = _gateway->get("/signed/6", basicHeader("alice", "guess-" + std::to_string(attempt)));
            if (last.status == 401) ++refused;
            if (last.status == 429) break;
        }
        CPPUNIT_ASSERT_EQUAL(10, refused);
        CPPUNIT_ASSERT_EQUAL(429, last.status);
        CPPUNIT_ASSERT(!last.header("retry-after").empty());
        // Even the right password waits for the window to pass: the guesses bought nothing.
        CPPUNIT_ASSERT_EQUAL(429, _gateway->get("/signed/7", basicHeader("alice", "wonderland")).status);
    }

    void testAdapterRouteSeesTheConsumer()
    {
        const std::string plugins = privatePluginFolder(*_folder, "example");
        std::string config = pluginGatewayConfig(plugins, "<route name=\"hello\" path=\"/hello/{name}\">"
                                                          "<auth><apiKey header=\"X-API-Key\"/></auth>"
                                                          "<adapter type=\"example\"/></route>\n");
        config.insert(config.find("  <routes>"), "  <consumers><consumer name=\"acme\"><key value=\"" +
                                                     acmeKey + "\"/></consumer></consumers>\n");
        _gateway = std::make_unique<Gateway>(*_folder, config);
        HttpResponse response = _gateway->get("/hello/ada", "X-API-Key: " + acmeKey + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        Poco::JSON::Object::Ptr seen = parseJson(response.body)->getObject("headers");
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), seen->getValue<std::string>("X-Consumer-Name"));
        CPPUNIT_ASSERT(!seen->has("X-API-Key"));
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/hello/ada").status);
    }

    void testConfigurationErrors()
    {
        const std::string consumers = "    <consumer name=\"a\" groups=\"x,y\"><key value=\"" + acmeKey +
                                      "\"/><key value=\"short\"/></consumer>\n"
                                      "    <consumer name=\"b\"><key sha256=\"" +
                                      sha256Hex(acmeKey) +
                                      "\"/><key sha256=\"xyz\"/>"
                                      "<password pbkdf2=\"" +
                                      pythonPasswordHash("pw", 1000) +
                                      "\"/></consumer>\n"
                                      "    <consumer name=\"a\"/>\n";
        const std::string routes =
            "<route name=\"r1\" path=\"/r1\"><auth/><proxy url=\"http://127.0.0.1:1\"/></route>\n"
            "<route name=\"r2\" path=\"/r2\"><auth><apiKey/><basic realm=\"x\"/></auth>"
            "<proxy url=\"http://127.0.0.1:1\"/></route>\n";
        const ConfigCheckResult result =
            checkConfig(*_folder, withConsumers(gatewayConfig("", routes), consumers));
        assertRefusedAt(
            result, {{"value=\"short\"", "the key on <key> is too short"},
                     {"<key sha256=\"" + sha256Hex(acmeKey), "the same key is given twice"},
                     {"sha256=\"xyz\"", "invalid value 'xyz' for 'sha256' on <key>"},
                     {"pbkdf2=", "invalid 'pbkdf2' on <password>: at least 100000 iterations are required"},
                     {"name=\"a\"/>", "duplicate consumer 'a'"},
                     {"<auth/>", "<auth> needs at least one method"},
                     {"<apiKey/>", "<apiKey> needs header=\"NAME\", query=\"NAME\" or both"},
                     {"realm=\"x\"", "unknown attribute 'realm' on <basic> (it takes none)"}});
        // The hash of a password is not repeated in messages.
        CPPUNIT_ASSERT(result.output.find("$pbkdf2-sha256$i=1000$") == std::string::npos);
    }

private:
    void start(const std::string& extraConsumers = "")
    {
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
        const std::string upstreams =
            "<upstream name=\"demo\"><target url=\"" + _upstream->url() + "\"/></upstream>\n";
        const std::string routes = "<route name=\"keyed\" path=\"/keyed/{id}\"><auth><apiKey "
                                   "header=\"X-API-Key\" query=\"api_key\"/></auth>"
                                   "<proxy upstream=\"demo\" path=\"/echo/{id}\"/></route>\n"
                                   "<route name=\"signed\" path=\"/signed/{id}\"><auth><basic/></auth><proxy "
                                   "upstream=\"demo\" path=\"/echo/{id}\"/>"
                                   "</route>\n"
                                   "<route name=\"open\" path=\"/open/{id}\"><proxy upstream=\"demo\" "
                                   "path=\"/echo/{id}\"/></route>\n";
        const std::string consumers = "    <consumer name=\"acme\" groups=\"partners\"><key value=\"" +
                                      acmeKey +
                                      "\"/></consumer>\n"
                                      "    <consumer name=\"beta\"><key sha256=\"" +
                                      sha256Hex(betaKey) +
                                      "\"/></consumer>\n"
                                      "    <consumer name=\"alice\" groups=\"clinical\"><password pbkdf2=\"" +
                                      _aliceHash + "\"/></consumer>\n" + extraConsumers;
        _gateway =
            std::make_unique<Gateway>(*_folder, withConsumers(gatewayConfig(upstreams, routes), consumers));
    }

    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<Gateway> _gateway;
    std::string _aliceHash;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuthTest, "authentication");
