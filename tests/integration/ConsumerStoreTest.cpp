// The consumer store and the admin API's consumer calls through a real porticod: consumers and
// keys created, used on the next request, deleted, kept across a restart in the SQLite file, which
// holds only key digests and password hashes; stored consumers' passwords (Basic) and groups (for
// their keys, Basic and tokens naming them); configuration consumers listed, given keys, never
// deleted; the admin token; and the refusals.

#include "support/BasicCredentials.h"
#include "support/GatewayFixture.h"
#include "support/TestConsumers.h"
#include "support/UpstreamGatewayTest.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

#include <filesystem>

using namespace portico::test;

namespace
{

const std::string adminToken = "Authorization: Bearer test-admin-token\r\n";
const std::string jwtSecret = "a-secret-of-at-least-thirty-two-bytes!";

Poco::Dynamic::Var parse(const std::string& text)
{
    return Poco::JSON::Parser().parse(text);
}

} // namespace

class ConsumerStoreTest : public UpstreamGatewayTest
{
    CPPUNIT_TEST_SUITE(ConsumerStoreTest);
    CPPUNIT_TEST(testCreateUseDeleteWithoutRestart);
    CPPUNIT_TEST(testConfigurationConsumers);
    CPPUNIT_TEST(testRevokeOneKey);
    CPPUNIT_TEST(testKeysSurviveRestartAndOnlyDigestsAreStored);
    CPPUNIT_TEST(testStoredPasswordsAndGroupsForBasicAndJwt);
    CPPUNIT_TEST(testRefusals);
    CPPUNIT_TEST(testWithoutStore);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCreateUseDeleteWithoutRestart()
    {
        start(true);
        HttpResponse created = admin("POST", "/admin/consumers", R"({"name":"newco","groups":["partners"]})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 201, created.status);
        CPPUNIT_ASSERT_EQUAL(409, admin("POST", "/admin/consumers", R"({"name":"newco"})").status);
        const std::string key = issueKey("newco");
        CPPUNIT_ASSERT(key.size() >= 40);

        // The next request knows the key, and the consumer's groups count.
        HttpResponse used = _gateway->get("/partners/1", "X-API-Key: " + key + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(used.body, 200, used.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("newco"),
            parse(used.body).extract<Poco::JSON::Object::Ptr>()->getObject("headers")->getValue<std::string>(
                "X-Consumer-Name"));

        Poco::JSON::Array::Ptr list =
            parse(admin("GET", "/admin/consumers").body).extract<Poco::JSON::Array::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), list->size());
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), list->getObject(0)->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("configuration"),
                             list->getObject(0)->getValue<std::string>("source"));
        CPPUNIT_ASSERT_EQUAL(std::string("newco"), list->getObject(1)->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(1, list->getObject(1)->getValue<int>("keys"));

        // Deleted: the very next request is refused.
        CPPUNIT_ASSERT_EQUAL(204, admin("DELETE", "/admin/consumers/newco").status);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/partners/1", "X-API-Key: " + key + "\r\n").status);
        CPPUNIT_ASSERT_EQUAL(404, admin("DELETE", "/admin/consumers/newco").status);
    }

    void testConfigurationConsumers()
    {
        start(true);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/partners/1", "X-API-Key: " + acmeKey + "\r\n").status);
        // A configured consumer is the file's to remove, but may get more keys here, with its groups.
        CPPUNIT_ASSERT_EQUAL(409, admin("DELETE", "/admin/consumers/acme").status);
        CPPUNIT_ASSERT_EQUAL(409, admin("POST", "/admin/consumers", R"({"name":"acme"})").status);
        const std::string key = issueKey("acme");
        HttpResponse used = _gateway->get("/partners/2", "X-API-Key: " + key + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(used.body, 200, used.status);
    }

    void testRevokeOneKey()
    {
        start(true);
        const std::string first = issueKey("acme");
        const std::string second = issueKey("acme");
        Poco::JSON::Array::Ptr keys =
            parse(admin("GET", "/admin/consumers/acme/keys").body).extract<Poco::JSON::Array::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), keys->size());
        const std::string id = keys->getObject(0)->getValue<std::string>("id");
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), id.size());
        CPPUNIT_ASSERT(admin("GET", "/admin/consumers/acme/keys").body.find(first) == std::string::npos);
        // Revoked: the next request with it is refused; the other key and the file's key still work.
        CPPUNIT_ASSERT_EQUAL(204, admin("DELETE", "/admin/consumers/acme/keys/" + id).status);
        CPPUNIT_ASSERT_EQUAL(404, admin("DELETE", "/admin/consumers/acme/keys/" + id).status);
        const int firstStatus = _gateway->get("/keyed/1", "X-API-Key: " + first + "\r\n").status;
        const int secondStatus = _gateway->get("/keyed/1", "X-API-Key: " + second + "\r\n").status;
        CPPUNIT_ASSERT_EQUAL(401 + 200, firstStatus + secondStatus); // exactly one of them was revoked
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/keyed/1", "X-API-Key: " + acmeKey + "\r\n").status);
    }

    void testKeysSurviveRestartAndOnlyDigestsAreStored()
    {
        start(true);
        CPPUNIT_ASSERT_EQUAL(201, admin("POST", "/admin/consumers", R"({"name":"durable"})").status);
        const std::string key = issueKey("durable");
        const std::string acmeExtra = issueKey("acme");
        _gateway.reset(); // a clean stop
        start(true);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/keyed/1", "X-API-Key: " + key + "\r\n").status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/keyed/1", "X-API-Key: " + acmeExtra + "\r\n").status);

        // Nothing in the database files can be used to call the gateway.
        for (const char* suffix : {"", "-wal"})
        {
            const std::string path = _folder->file("consumers.db") + suffix;
            if (!std::filesystem::exists(path)) continue; // a clean stop folds the log into the file
            const std::string bytes = readFile(path);
            CPPUNIT_ASSERT(bytes.find(key) == std::string::npos);
            CPPUNIT_ASSERT(bytes.find(acmeExtra) == std::string::npos);
            CPPUNIT_ASSERT(bytes.find(acmeKey) == std::string::npos);
        }
        std::string out, err;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            err, 0,
            runToCompletion("/usr/bin/python3",
                            {"-c",
                             "import hashlib,sqlite3,sys\n"
                             "rows=sqlite3.connect(sys.argv[1]).execute('select sha256 from api_keys order "
                             "by 1').fetchall()\n"
                             "print(sorted(r[0] for r in rows) == "
                             "sorted(hashlib.sha256(k.encode()).hexdigest() for k in sys.argv[2:]))",
                             _folder->file("consumers.db"), key, acmeExtra},
                            out, err));
        CPPUNIT_ASSERT_EQUAL(std::string("True\n"), out);
        struct stat info
        {
        };
        CPPUNIT_ASSERT_EQUAL(0, ::stat(_folder->file("consumers.db").c_str(), &info));
        CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(info.st_mode & 0777));
    }

    void testStoredPasswordsAndGroupsForBasicAndJwt()
    {
        start(true);
        HttpResponse created = admin("POST", "/admin/consumers",
                                     R"({"name":"pat","groups":["partners"],"password":"first secret"})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(created.body, 201, created.status);
        CPPUNIT_ASSERT(created.body.find("first secret") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(true,
                             parse(created.body).extract<Poco::JSON::Object::Ptr>()->getValue<bool>("basic"));

        Poco::JSON::Array::Ptr list =
            parse(admin("GET", "/admin/consumers").body).extract<Poco::JSON::Array::Ptr>();
        CPPUNIT_ASSERT_EQUAL(false, list->getObject(0)->getValue<bool>("basic")); // acme: keys only
        CPPUNIT_ASSERT_EQUAL(true, list->getObject(1)->getValue<bool>("basic"));

        // Basic against the stored password, with the stored consumer's groups.
        HttpResponse signedIn = _gateway->get("/basic/1", basicHeader("pat", "first secret"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(signedIn.body, 200, signedIn.status);
        CPPUNIT_ASSERT_EQUAL(std::string("pat"), forwardedConsumer(signedIn));
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/basic/2", basicHeader("pat", "second secret")).status);

        // A new password takes effect on the next request, even though the old one was remembered.
        CPPUNIT_ASSERT_EQUAL(
            204, admin("PUT", "/admin/consumers/pat/password", R"({"password":"second secret"})").status);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/basic/3", basicHeader("pat", "first secret")).status);
        CPPUNIT_ASSERT_EQUAL(200, _gateway->get("/basic/4", basicHeader("pat", "second secret")).status);

        // A token naming a stored consumer carries its groups; an unknown name has none.
        const std::string token = [&]
        {
            std::string out, err;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                err, 0,
                runToCompletion("/usr/bin/python3",
                                {sourcePath("tests/demo/jwt/identity_provider.py"), "token", "HS256",
                                 jwtSecret, R"({"sub":"pat","exp":"+300"})"},
                                out, err));
            return out.substr(0, out.find('\n'));
        }();
        HttpResponse withToken = _gateway->get("/token/1", "Authorization: Bearer " + token + "\r\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(withToken.body, 200, withToken.status);
        CPPUNIT_ASSERT_EQUAL(std::string("pat"), forwardedConsumer(withToken));
        CPPUNIT_ASSERT_EQUAL(204, admin("DELETE", "/admin/consumers/pat").status);
        // Deleted: the same (cached) token is still valid, but its name no longer has the group.
        CPPUNIT_ASSERT_EQUAL(403,
                             _gateway->get("/token/2", "Authorization: Bearer " + token + "\r\n").status);
        CPPUNIT_ASSERT_EQUAL(401, _gateway->get("/basic/5", basicHeader("pat", "second secret")).status);

        // A hash made elsewhere is taken as it is, if it is strong enough; the file has no password.
        CPPUNIT_ASSERT_EQUAL(
            400,
            admin(
                "POST", "/admin/consumers",
                R"({"name":"weak","passwordHash":"$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$MDEyMzQ1Njc4OWFiY2RlZg"})")
                .status);
        CPPUNIT_ASSERT_EQUAL(
            400,
            admin("POST", "/admin/consumers", R"({"name":"both","password":"x","passwordHash":"y"})").status);
        CPPUNIT_ASSERT_EQUAL(400,
                             admin("POST", "/admin/consumers", R"({"name":"empty","password":""})").status);
        CPPUNIT_ASSERT_EQUAL(409,
                             admin("PUT", "/admin/consumers/acme/password", R"({"password":"x"})").status);
        CPPUNIT_ASSERT_EQUAL(404,
                             admin("PUT", "/admin/consumers/nobody/password", R"({"password":"x"})").status);
        _gateway.reset();
        for (const char* suffix : {"", "-wal"})
        {
            const std::string path = _folder->file("consumers.db") + suffix;
            if (!std::filesystem::exists(path)) continue;
            const std::string bytes = readFile(path);
            CPPUNIT_ASSERT(bytes.find("first secret") == std::string::npos);
            CPPUNIT_ASSERT(bytes.find("second secret") == std::string::npos);
        }
    }

    void testRefusals()
    {
        start(true);
        RawHttpClient client("127.0.0.1", _gateway->adminPort());
        CPPUNIT_ASSERT_EQUAL(401, client.request(simpleRequest("GET", "/admin/consumers", "")).status);
        CPPUNIT_ASSERT_EQUAL(400, admin("POST", "/admin/consumers", "{not json").status);
        CPPUNIT_ASSERT_EQUAL(400, admin("POST", "/admin/consumers", R"({"name":"two words"})").status);
        CPPUNIT_ASSERT_EQUAL(400,
                             admin("POST", "/admin/consumers", R"({"name":"x","groups":["a b"]})").status);
        CPPUNIT_ASSERT_EQUAL(404, admin("POST", "/admin/consumers/nobody/keys").status);
        CPPUNIT_ASSERT_EQUAL(405, admin("PUT", "/admin/consumers", "{}").status);
    }

    void testWithoutStore()
    {
        start(false);
        CPPUNIT_ASSERT_EQUAL(200, admin("GET", "/admin/consumers").status);
        HttpResponse refused = admin("POST", "/admin/consumers", R"({"name":"newco"})");
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        CPPUNIT_ASSERT(refused.body.find("<store database") != std::string::npos);
    }

private:
    void start(bool withStore)
    {
        const std::string proxy = "<proxy url=\"" + _upstream->url() + "\" path=\"/echo/{id}\"/>";
        std::string config = gatewayConfig(
            "", "<route name=\"keyed\" path=\"/keyed/{id}\"><auth><apiKey header=\"X-API-Key\"/></auth>" +
                    proxy +
                    "</route>\n<route name=\"partners\" path=\"/partners/{id}\"><auth><apiKey "
                    "header=\"X-API-Key\"/>"
                    "</auth><allow groups=\"partners\"/>" +
                    proxy +
                    "</route>\n<route name=\"basic\" path=\"/basic/{id}\"><auth><basic/></auth><allow "
                    "groups=\"partners\"/>" +
                    proxy + "</route>\n<route name=\"token\" path=\"/token/{id}\"><auth><jwt secret=\"" +
                    jwtSecret + "\" algorithms=\"HS256\"/></auth><allow groups=\"partners\"/>" + proxy +
                    "</route>\n");
        std::string sections = "  <consumers><consumer name=\"acme\" groups=\"partners\"><key value=\"" +
                               acmeKey + "\"/></consumer></consumers>\n";
        if (withStore) sections += "  <store database=\"consumers.db\"/>\n";
        config.insert(config.find("  <upstreams>"), sections);
        _gateway = std::make_unique<Gateway>(*_folder, config);
    }

    HttpResponse admin(const std::string& method, const std::string& target, const std::string& body = "")
    {
        RawHttpClient client("127.0.0.1", _gateway->adminPort());
        std::string request =
            method + " " + target + " HTTP/1.1\r\nHost: admin\r\n" + adminToken +
            "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
            body;
        return client.request(request);
    }

    static std::string forwardedConsumer(const HttpResponse& echoed)
    {
        return parse(echoed.body)
            .extract<Poco::JSON::Object::Ptr>()
            ->getObject("headers")
            ->getValue<std::string>("X-Consumer-Name");
    }

    std::string issueKey(const std::string& consumer)
    {
        HttpResponse issued = admin("POST", "/admin/consumers/" + consumer + "/keys");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(issued.body, 201, issued.status);
        return parse(issued.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("key");
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ConsumerStoreTest, "consumers");
