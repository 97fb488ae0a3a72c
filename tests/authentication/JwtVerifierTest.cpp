// JWT verification against RFC 7515's HS256 example and keys made here for RS256 and ES256, with a
// negative test for every refusal: alg "none", algorithms not pinned, algorithm confusion (an
// HS256 token keyed with an RSA public key's bytes), bad signatures, truncated tokens, unknown key
// ids, expiry, not-before, issuer and audience, missing claims. Tokens from an independent library
// (python3-jwt) are tested through porticod in tests/integration/JwtTest.cpp.
#include "authentication/JwtVerifier.h"
#include "authentication/JwtKeys.h"
#include "support/JwtSigning.h"
#include <portico/codec/Base64.h>

#include <cppunit/extensions/HelperMacros.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>
#include <string>

using namespace portico;
using namespace portico::authentication;
using namespace portico::test;

namespace
{

std::shared_ptr<EVP_PKEY> generate(const char* type, const char* parameter)
{
    EVP_PKEY* key = std::string(type) == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                                               : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", parameter);
    CPPUNIT_ASSERT(key != nullptr);
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

const std::int64_t now = 1'800'000'000;

std::string claims(const std::string& extra = "")
{
    return "{\"sub\":\"acme\",\"exp\":" + std::to_string(now + 60) + extra + "}";
}

const std::string secret = "0123456789abcdef0123456789abcdef";

std::string hsToken(const std::string& payload,
                    const std::string& header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
{
    const std::string signedPart = b64url(header) + "." + b64url(payload);
    return signedPart + "." + b64url(hmacSha256(secret, signedPart));
}

JwtRules rules(std::vector<std::string> algorithms)
{
    JwtRules result;
    result.algorithms = std::move(algorithms);
    return result;
}

} // namespace

class JwtVerifierTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JwtVerifierTest);
    CPPUNIT_TEST(testRfc7515Hs256Example);
    CPPUNIT_TEST(testClaims);
    CPPUNIT_TEST(testAlgorithmNoneAndUnpinned);
    CPPUNIT_TEST(testMalformedTokens);
    CPPUNIT_TEST(testRs256AndAlgorithmConfusion);
    CPPUNIT_TEST(testEs256);
    CPPUNIT_TEST(testJwksAndKeyIds);
    CPPUNIT_TEST(testKeyRefusals);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRfc7515Hs256Example()
    {
        // RFC 7515 appendix A.1: the JWK "k" and the token, verbatim.
        KeySet keys;
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(
            error, hmacKey("base64:AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4"
                           "hcgUuTwjAzZr1Z9CAow",
                           keys, error));
        const std::string token =
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAs"
            "DQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_"
            "wW1gFWFOEjXk";
        JwtRules example = rules({"HS256"});
        example.consumerClaim = "iss";
        VerifiedToken verified;
        std::string problem;
        CPPUNIT_ASSERT_MESSAGE(problem, verifyJwt(token, keys, example, 1300819380, verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("joe"), verified.consumer);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1300819380), verified.expires);
        // Within the 30 s leeway, then past it.
        CPPUNIT_ASSERT(verifyJwt(token, keys, example, 1300819380 + 30, verified, problem));
        CPPUNIT_ASSERT(!verifyJwt(token, keys, example, 1300819380 + 31, verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("the token has expired"), problem);
        // One changed character of the signature.
        std::string tampered = token;
        tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'X' ? 'Y' : 'X';
        CPPUNIT_ASSERT(!verifyJwt(tampered, keys, example, 1300819380, verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("the token's signature is not valid"), problem);
    }

    void testClaims()
    {
        KeySet keys;
        std::string error, problem;
        CPPUNIT_ASSERT(hmacKey(secret, keys, error));
        JwtRules strict = rules({"HS256"});
        strict.issuer = "https://idp.example";
        strict.audience = "portico";
        VerifiedToken verified;
        const std::string good = claims(
            ",\"iss\":\"https://idp.example\",\"aud\":[\"other\",\"portico\"],\"scope\":\"orders  read\","
            "\"scp\":[\"extra\"],\"nbf\":" +
            std::to_string(now - 10));
        CPPUNIT_ASSERT_MESSAGE(problem, verifyJwt(hsToken(good), keys, strict, now, verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), verified.consumer);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), verified.scopes.size());
        CPPUNIT_ASSERT_EQUAL(std::string("orders"), verified.scopes[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("extra"), verified.scopes[2]);

        const std::pair<std::string, std::string> refusals[] = {
            {"{\"sub\":\"acme\",\"iss\":\"https://idp.example\",\"aud\":\"portico\"}",
             "the token has no expiry (exp)"},
            {claims(",\"iss\":\"https://idp.example\",\"aud\":\"portico\",\"nbf\":" +
                    std::to_string(now + 31)),
             "the token is not valid yet"},
            {claims(",\"iss\":\"https://evil.example\",\"aud\":\"portico\""),
             "the token's issuer is not accepted here"},
            {claims(",\"aud\":\"portico\""), "the token's issuer is not accepted here"},
            {claims(",\"iss\":\"https://idp.example\",\"aud\":[\"other\"]"),
             "the token is not meant for this audience"},
            {"{\"exp\":" + std::to_string(now + 60) + ",\"iss\":\"https://idp.example\",\"aud\":\"portico\"}",
             "the token names no consumer (sub)"},
            {"{\"sub\":\"acme\",\"exp\":\"tomorrow\",\"iss\":\"https://idp.example\",\"aud\":\"portico\"}",
             "the token has no expiry (exp)"},
            // The consumer becomes a header value: no way to smuggle a header line through it.
            {"{\"sub\":\"bob\\r\\nX-Admin: 1\",\"exp\":" + std::to_string(now + 60) +
                 ",\"iss\":\"https://idp.example\",\"aud\":\"portico\"}",
             "the token's consumer (sub) is not a usable name"}};
        for (const auto& [payload, expected] : refusals)
        {
            CPPUNIT_ASSERT_MESSAGE(payload,
                                   !verifyJwt(hsToken(payload), keys, strict, now, verified, problem));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(payload, expected, problem);
        }
    }

    void testAlgorithmNoneAndUnpinned()
    {
        KeySet keys;
        std::string error, problem;
        CPPUNIT_ASSERT(hmacKey(secret, keys, error));
        VerifiedToken verified;
        const std::string none = b64url("{\"alg\":\"none\"}") + "." + b64url(claims()) + ".";
        CPPUNIT_ASSERT(!verifyJwt(none, keys, rules({"HS256"}), now, verified, problem));
        CPPUNIT_ASSERT(!verifyJwt(none + "x", keys, rules({"HS256", "none"}), now, verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("the token's algorithm is not accepted here"), problem);
        // Properly signed, but with an algorithm the route does not list.
        CPPUNIT_ASSERT(!verifyJwt(hsToken(claims()), keys, rules({"HS384"}), now, verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("the token's algorithm is not accepted here"), problem);
        const std::string critical = hsToken(claims(), "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}");
        CPPUNIT_ASSERT(!verifyJwt(critical, keys, rules({"HS256"}), now, verified, problem));
    }

    void testMalformedTokens()
    {
        KeySet keys;
        std::string error, problem;
        CPPUNIT_ASSERT(hmacKey(secret, keys, error));
        VerifiedToken verified;
        const std::string token = hsToken(claims());
        const std::string truncated = token.substr(0, token.rfind('.'));
        for (const std::string& bad : {truncated, truncated + ".", token + ".x", std::string("..."),
                                       "." + token.substr(token.find('.')), std::string("a.b.c"),
                                       token.substr(0, token.size() - 1) + "=", std::string(20000, 'a')})
        {
            CPPUNIT_ASSERT_MESSAGE(bad.substr(0, 40),
                                   !verifyJwt(bad, keys, rules({"HS256"}), now, verified, problem));
        }
    }

    void testRs256AndAlgorithmConfusion()
    {
        const std::shared_ptr<EVP_PKEY> key = generate("RSA", nullptr);
        const std::string pem = publicPem(key.get());
        KeySet keys;
        std::string error, problem;
        CPPUNIT_ASSERT_MESSAGE(error, pemPublicKey(pem, keys, error));
        const std::string signedPart = b64url("{\"alg\":\"RS256\"}") + "." + b64url(claims());
        const std::string token = signedPart + "." + b64url(sign(key.get(), EVP_sha256(), signedPart));
        VerifiedToken verified;
        CPPUNIT_ASSERT_MESSAGE(problem, verifyJwt(token, keys, rules({"RS256"}), now, verified, problem));
        CPPUNIT_ASSERT(!verifyJwt(token, keys, rules({"RS384"}), now, verified, problem));

        // The classic confusion: HS256 "signed" with the public key's PEM bytes as the secret. Even
        // with HS256 listed, an RSA key never serves as an HMAC secret.
        const std::string confusedPart = b64url("{\"alg\":\"HS256\"}") + "." + b64url(claims());
        const std::string confused = confusedPart + "." + b64url(hmacSha256(pem, confusedPart));
        CPPUNIT_ASSERT(!verifyJwt(confused, keys, rules({"RS256", "HS256"}), now, verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("no signing key fits the token's algorithm"), problem);
    }

    void testEs256()
    {
        const std::shared_ptr<EVP_PKEY> key = generate("EC", "P-256");
        KeySet keys;
        std::string error, problem;
        CPPUNIT_ASSERT_MESSAGE(error, pemPublicKey(publicPem(key.get()), keys, error));
        const std::string signedPart = b64url("{\"alg\":\"ES256\"}") + "." + b64url(claims());
        const std::string raw = sign(key.get(), EVP_sha256(), signedPart, 32);
        VerifiedToken verified;
        CPPUNIT_ASSERT_MESSAGE(problem, verifyJwt(signedPart + "." + b64url(raw), keys, rules({"ES256"}), now,
                                                  verified, problem));
        // The DER form OpenSSL produces is not a JWS signature.
        const std::string der = sign(key.get(), EVP_sha256(), signedPart);
        CPPUNIT_ASSERT(
            !verifyJwt(signedPart + "." + b64url(der), keys, rules({"ES256"}), now, verified, problem));
        // A P-256 key does not verify ES384.
        const std::string part384 = b64url("{\"alg\":\"ES384\"}") + "." + b64url(claims());
        CPPUNIT_ASSERT(!verifyJwt(part384 + "." + b64url(sign(key.get(), EVP_sha384(), part384, 32)), keys,
                                  rules({"ES384"}), now, verified, problem));
    }

    void testJwksAndKeyIds()
    {
        const std::shared_ptr<EVP_PKEY> key = generate("RSA", nullptr);
        BIGNUM* n = nullptr;
        BIGNUM* e = nullptr;
        EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n);
        EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E, &e);
        auto bytes = [](const BIGNUM* number)
        {
            std::string out(static_cast<std::size_t>(BN_num_bytes(number)), '\0');
            BN_bn2bin(number, reinterpret_cast<unsigned char*>(out.data()));
            return b64url(out);
        };
        const std::string jwks = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"},"
                                 "{\"kty\":\"RSA\",\"use\":\"enc\",\"kid\":\"enc\",\"n\":\"" +
                                 bytes(n) + "\",\"e\":\"" + bytes(e) +
                                 "\"},"
                                 "{\"kty\":\"RSA\",\"kid\":\"k1\",\"alg\":\"RS256\",\"n\":\"" +
                                 bytes(n) + "\",\"e\":\"" + bytes(e) + "\"}]}";
        BN_free(n);
        BN_free(e);
        KeySet keys;
        std::string error, problem;
        CPPUNIT_ASSERT_MESSAGE(error, jwksKeys(jwks, keys, error));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), keys.size()); // the "oct" and "enc" keys are skipped
        VerifiedToken verified;
        auto token = [&](const std::string& header)
        {
            const std::string part = b64url(header) + "." + b64url(claims());
            return part + "." + b64url(sign(key.get(), EVP_sha256(), part));
        };
        CPPUNIT_ASSERT_MESSAGE(problem, verifyJwt(token("{\"alg\":\"RS256\",\"kid\":\"k1\"}"), keys,
                                                  rules({"RS256"}), now, verified, problem));
        CPPUNIT_ASSERT(
            verifyJwt(token("{\"alg\":\"RS256\"}"), keys, rules({"RS256"}), now, verified, problem));
        CPPUNIT_ASSERT(!verifyJwt(token("{\"alg\":\"RS256\",\"kid\":\"k2\"}"), keys, rules({"RS256"}), now,
                                  verified, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("no signing key has the token's key id"), problem);
    }

    void testKeyRefusals()
    {
        KeySet keys;
        std::string error;
        CPPUNIT_ASSERT(!hmacKey("short", keys, error));
        CPPUNIT_ASSERT(!hmacKey("base64:!!!!", keys, error));
        CPPUNIT_ASSERT(!jwksKeys("{\"keys\":[]}", keys, error));
        CPPUNIT_ASSERT(!jwksKeys("[1,2]", keys, error));
        CPPUNIT_ASSERT(!jwksKeys(
            "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"d\":\"AQAB\"}]}", keys, error));
        CPPUNIT_ASSERT_EQUAL(std::string("the JWKS holds a private key; publish public keys only"), error);
        CPPUNIT_ASSERT(!pemPublicKey("-----BEGIN PRIVATE KEY-----\n", keys, error));
        CPPUNIT_ASSERT(!pemPublicKey("not a key", keys, error));
        const std::shared_ptr<EVP_PKEY> small(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}),
                                              EVP_PKEY_free);
        CPPUNIT_ASSERT(!pemPublicKey(publicPem(small.get()), keys, error));
        CPPUNIT_ASSERT_EQUAL(std::string("RSA keys shorter than 2048 bits are refused"), error);
        CPPUNIT_ASSERT(keys.empty());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(JwtVerifierTest, "authentication");
