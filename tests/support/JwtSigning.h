#pragma once

// Signing for JWT tests and benchmarks: base64url, HMAC-SHA256, a key's public PEM, and JWS
// signatures (ECDSA converted from OpenSSL's DER to the R || S form JWS uses). Test support only:
// the gateway verifies, it never signs.

#include <portico/codec/Base64.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <string>

namespace portico::test
{

inline std::string b64url(const std::string& data)
{
    return portico::codec::encodeBase64(data, portico::codec::Base64Alphabet::Url,
                                        portico::codec::Base64Padding::Absent);
}

inline std::string hmacSha256(const std::string& key, const std::string& data)
{
    unsigned char mac[32];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
    return std::string(reinterpret_cast<char*>(mac), length);
}

inline std::string publicPem(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    return pem;
}

// A JWS signature by key over data; ECDSA converted from DER to R || S as JWS wants.
inline std::string sign(EVP_PKEY* key, const EVP_MD* digest, const std::string& data, std::size_t ecHalf = 0)
{
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    std::size_t length = 0;
    EVP_DigestSignInit(context, nullptr, digest, nullptr, key);
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

} // namespace portico::test
