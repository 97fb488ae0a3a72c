// First-sight JWT verification on one core: how many distinct RS256 and ES256 tokens (and HS256,
// for scale) the gateway's verifier checks per second when none is in the per-loop cache. Keys and
// tokens are made in-process before the clock starts; only verifyJwt() is timed. Not a test:
// it measures for the README.
//
//   build/bin/portico-jwt-verify-bench [SECONDS_PER_ALGORITHM]
#include "authentication/JwtKeys.h"
#include "authentication/JwtVerifier.h"
#include "support/JwtSigning.h"
#include <portico/codec/Base64.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace portico;
using namespace portico::authentication;
using portico::test::b64url;
using portico::test::publicPem;

namespace
{

void measure(const char* algorithm, const KeySet& keys, const std::vector<std::string>& tokens,
             double seconds)
{
    JwtRules rules;
    rules.algorithms = {algorithm};
    const auto start = std::chrono::steady_clock::now();
    const auto stop = start + std::chrono::duration<double>(seconds);
    std::size_t verified = 0;
    std::size_t failed = 0;
    VerifiedToken result;
    std::string problem;
    while (std::chrono::steady_clock::now() < stop)
    {
        for (const std::string& token : tokens)
        {
            if (verifyJwt(token, keys, rules, 1'800'000'000, result, problem))
                ++verified;
            else
                ++failed;
        }
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %.0f first-sight verifications per second on one core (%.1f µs each)%s\n", algorithm,
                static_cast<double>(verified) / elapsed, elapsed * 1e6 / static_cast<double>(verified),
                failed != 0 ? " -- SOME FAILED" : "");
}

} // namespace

int main(int argc, char** argv)
{
    const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    const std::size_t distinct = 256;
    auto claims = [](std::size_t i) {
        return "{\"sub\":\"consumer-" + std::to_string(i) +
               "\",\"exp\":1800000600,\"scope\":\"orders read\"}";
    };

    std::string error;
    {
        const std::string secret = "a-shared-secret-of-32-bytes-or-more!";
        KeySet keys;
        hmacKey(secret, keys, error);
        std::vector<std::string> tokens;
        for (std::size_t i = 0; i < distinct; ++i)
        {
            const std::string part = b64url("{\"alg\":\"HS256\"}") + "." + b64url(claims(i));
            tokens.push_back(part + "." + b64url(portico::test::hmacSha256(secret, part)));
        }
        measure("HS256", keys, tokens, seconds);
    }
    for (const auto& [algorithm, type, half] :
         {std::tuple<const char*, const char*, std::size_t>{"RS256", "RSA", 0},
          std::tuple<const char*, const char*, std::size_t>{"ES256", "EC", 32}})
    {
        EVP_PKEY* key = std::string(type) == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                                                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        KeySet keys;
        pemPublicKey(publicPem(key), keys, error);
        std::vector<std::string> tokens;
        for (std::size_t i = 0; i < distinct; ++i)
        {
            const std::string part =
                b64url("{\"alg\":\"" + std::string(algorithm) + "\"}") + "." + b64url(claims(i));
            tokens.push_back(part + "." + b64url(portico::test::sign(key, EVP_sha256(), part, half)));
        }
        EVP_PKEY_free(key);
        measure(algorithm, keys, tokens, seconds);
    }
    return 0;
}
