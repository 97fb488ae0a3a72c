// First-sight JWT verification on one core: how many distinct RS256 and ES256 tokens (and HS256,
// for scale) the gateway's verifier checks per second when none is in the per-loop cache. Keys and
// tokens are made in-process before the clock starts; only verifyJwt() is timed. Not a test:
// it measures for the README.
//
//   build/bin/portico-jwt-verify-bench [SECONDS_PER_ALGORITHM]
#include "authentication/JwtKeys.h"
#include "authentication/JwtVerifier.h"
#include "crypto/Base64.h"

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

namespace
{

std::string b64url(const std::string& data)
{
    return crypto::encodeBase64(data, crypto::Base64Alphabet::Url, crypto::Base64Padding::Absent);
}

std::string publicPem(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    return pem;
}

std::string signWith(EVP_PKEY* key, const std::string& data, std::size_t ecHalf)
{
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    std::size_t length = 0;
    EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(context, nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()),
                   data.size());
    std::string signature(length, '\0');
    EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length,
                   reinterpret_cast<const unsigned char*>(data.data()), data.size());
    signature.resize(length);
    EVP_MD_CTX_free(context);
    if (ecHalf == 0) return signature;
    const unsigned char* der = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
    std::string raw(ecHalf * 2, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(parsed), reinterpret_cast<unsigned char*>(raw.data()),
                 static_cast<int>(ecHalf));
    BN_bn2binpad(ECDSA_SIG_get0_s(parsed), reinterpret_cast<unsigned char*>(raw.data() + ecHalf),
                 static_cast<int>(ecHalf));
    ECDSA_SIG_free(parsed);
    return raw;
}

std::string hmac(const std::string& key, const std::string& data)
{
    unsigned char mac[32];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
    return std::string(reinterpret_cast<char*>(mac), length);
}

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
            tokens.push_back(part + "." + b64url(hmac(secret, part)));
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
            tokens.push_back(part + "." + b64url(signWith(key, part, half)));
        }
        EVP_PKEY_free(key);
        measure(algorithm, keys, tokens, seconds);
    }
    return 0;
}
