#pragma once

// The keys a <jwt> verifies signatures with: an HMAC secret, a PEM public key, or a JWKS document
// (RSA and EC keys, selected by "kid"). Immutable once built; a refreshed JWKS is a new KeySet.
// Only public keys are read from PEM files and JWKS: a private key is refused, so a configuration
// cannot leak one into a gateway that has no business holding it.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

// OpenSSL's key type, declared as OpenSSL declares it. Its headers stay out of this one: MinGW's
// iphlpapi.h, which POCO includes on Windows, brings wincrypt.h's X509_NAME macro, and OpenSSL
// undefines it only when its headers come after POCO's, as they do in the files that use keys.
typedef struct evp_pkey_st EVP_PKEY;

namespace portico::authentication
{

enum class KeyFamily
{
    Hmac, // HS256/384/512
    Rsa,  // RS256/384/512
    Ec,   // ES256 (P-256), ES384 (P-384)
};

struct JwtKey
{
    std::string kid;       // empty: none given
    std::string algorithm; // the JWK's "alg", empty when not given
    KeyFamily family = KeyFamily::Hmac;
    std::string secret;            // Hmac
    std::shared_ptr<EVP_PKEY> key; // Rsa and Ec
    int curveBits = 0;             // Ec: 256 or 384
};

using KeySet = std::vector<JwtKey>;

// Each returns false and says why in error.
bool hmacKey(std::string_view secret, KeySet& keys, std::string& error);
bool pemPublicKey(const std::string& pem, KeySet& keys, std::string& error);
// Keys of other types ("oct", "OKP") or uses ("enc") are skipped; at least one usable key is needed.
bool jwksKeys(const std::string& json, KeySet& keys, std::string& error);

// The family an algorithm name belongs to; false for names not supported ("none" among them).
bool familyOf(std::string_view algorithm, KeyFamily& family);

} // namespace portico::authentication
