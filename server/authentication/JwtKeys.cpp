#include "authentication/JwtKeys.h"

#include <portico/codec/Base64.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

namespace portico::authentication
{

namespace
{

std::shared_ptr<EVP_PKEY> owned(EVP_PKEY* key)
{
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

// Fills family and curveBits from the key itself; false for key types JWS does not use here.
bool describe(JwtKey& key, std::string& error)
{
    if (EVP_PKEY_is_a(key.key.get(), "RSA"))
    {
        key.family = KeyFamily::Rsa;
        if (EVP_PKEY_get_bits(key.key.get()) < 2048)
        {
            error = "RSA keys shorter than 2048 bits are refused";
            return false;
        }
        return true;
    }
    if (EVP_PKEY_is_a(key.key.get(), "EC"))
    {
        key.family = KeyFamily::Ec;
        char group[64] = {};
        std::size_t length = 0;
        EVP_PKEY_get_utf8_string_param(key.key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length);
        const std::string_view name(group, length);
        if (name == "prime256v1" || name == "P-256")
            key.curveBits = 256;
        else if (name == "secp384r1" || name == "P-384")
            key.curveBits = 384;
        else
        {
            error = "EC keys must be on P-256 or P-384";
            return false;
        }
        return true;
    }
    error = "only RSA and EC public keys can verify JWTs";
    return false;
}

bool base64UrlMember(const Poco::JSON::Object& jwk, const char* name, std::string& out)
{
    if (!jwk.has(name)) return false;
    const std::string text = jwk.getValue<std::string>(name);
    return codec::decodeBase64(text, codec::Base64Alphabet::Url, codec::Base64Padding::Absent, out) &&
           !out.empty();
}

std::shared_ptr<EVP_PKEY> fromParameters(const char* type, OSSL_PARAM_BLD* builder)
{
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    EVP_PKEY* key = nullptr;
    if (params != nullptr && context != nullptr && EVP_PKEY_fromdata_init(context) == 1)
        EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    return key != nullptr ? owned(key) : nullptr;
}

std::shared_ptr<EVP_PKEY> rsaFromJwk(const Poco::JSON::Object& jwk)
{
    std::string n, e;
    if (!base64UrlMember(jwk, "n", n) || !base64UrlMember(jwk, "e", e)) return nullptr;
    BIGNUM* modulus =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
    BIGNUM* exponent =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
    OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
    std::shared_ptr<EVP_PKEY> key;
    if (modulus != nullptr && exponent != nullptr && builder != nullptr &&
        OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus) == 1 &&
        OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent) == 1)
        key = fromParameters("RSA", builder);
    OSSL_PARAM_BLD_free(builder);
    BN_free(modulus);
    BN_free(exponent);
    return key;
}

std::shared_ptr<EVP_PKEY> ecFromJwk(const Poco::JSON::Object& jwk)
{
    const std::string curve = jwk.optValue<std::string>("crv", "");
    const char* group = curve == "P-256" ? "prime256v1" : curve == "P-384" ? "secp384r1" : nullptr;
    const std::size_t size = curve == "P-256" ? 32 : 48;
    std::string x, y;
    if (group == nullptr || !base64UrlMember(jwk, "x", x) || !base64UrlMember(jwk, "y", y) ||
        x.size() != size || y.size() != size)
        return nullptr;
    const std::string point = "\x04" + x + y; // uncompressed
    OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
    std::shared_ptr<EVP_PKEY> key;
    if (builder != nullptr &&
        OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
        OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) == 1)
        key = fromParameters("EC", builder);
    OSSL_PARAM_BLD_free(builder);
    return key;
}

} // namespace

bool familyOf(std::string_view algorithm, KeyFamily& family)
{
    if (algorithm == "HS256" || algorithm == "HS384" || algorithm == "HS512")
        family = KeyFamily::Hmac;
    else if (algorithm == "RS256" || algorithm == "RS384" || algorithm == "RS512")
        family = KeyFamily::Rsa;
    else if (algorithm == "ES256" || algorithm == "ES384")
        family = KeyFamily::Ec;
    else
        return false;
    return true;
}

bool hmacKey(std::string_view secret, KeySet& keys, std::string& error)
{
    JwtKey key;
    key.family = KeyFamily::Hmac;
    constexpr std::string_view prefix = "base64:";
    if (secret.substr(0, prefix.size()) == prefix)
    {
        std::string_view encoded = secret.substr(prefix.size());
        while (!encoded.empty() && encoded.back() == '=')
            encoded.remove_suffix(1);
        if (!codec::decodeBase64(encoded, codec::Base64Alphabet::Standard, codec::Base64Padding::Absent,
                                 key.secret) &&
            !codec::decodeBase64(encoded, codec::Base64Alphabet::Url, codec::Base64Padding::Absent,
                                 key.secret))
        {
            error = "the secret after 'base64:' is not base64";
            return false;
        }
    }
    else
        key.secret.assign(secret);
    // RFC 7518 3.2: a key at least as long as the hash output.
    if (key.secret.size() < 32)
    {
        error = "an HMAC secret needs at least 32 bytes";
        return false;
    }
    keys.push_back(std::move(key));
    return true;
}

bool pemPublicKey(const std::string& pem, KeySet& keys, std::string& error)
{
    if (pem.find("PRIVATE KEY") != std::string::npos)
    {
        error = "the file holds a private key; give the public key only";
        return false;
    }
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* raw = bio != nullptr ? PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(bio);
    if (raw == nullptr)
    {
        error = "no PEM public key (-----BEGIN PUBLIC KEY-----) could be read";
        return false;
    }
    JwtKey key;
    key.key = owned(raw);
    if (!describe(key, error)) return false;
    keys.push_back(std::move(key));
    return true;
}

bool jwksKeys(const std::string& json, KeySet& keys, std::string& error)
{
    Poco::JSON::Array::Ptr list;
    try
    {
        const Poco::JSON::Object::Ptr document =
            Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        list = document->getArray("keys");
    }
    catch (const std::exception&)
    {
        error = "not a JWKS document (a JSON object with a \"keys\" array)";
        return false;
    }
    if (list.isNull())
    {
        error = "not a JWKS document (a JSON object with a \"keys\" array)";
        return false;
    }
    KeySet found;
    for (std::size_t i = 0; i < list->size(); ++i)
    {
        const Poco::JSON::Object::Ptr jwk = list->getObject(static_cast<unsigned>(i));
        if (jwk.isNull()) continue;
        if (jwk->has("d"))
        {
            error = "the JWKS holds a private key; publish public keys only";
            return false;
        }
        if (jwk->optValue<std::string>("use", "sig") != "sig") continue;
        const std::string type = jwk->optValue<std::string>("kty", "");
        JwtKey key;
        key.kid = jwk->optValue<std::string>("kid", "");
        key.algorithm = jwk->optValue<std::string>("alg", "");
        key.key = type == "RSA" ? rsaFromJwk(*jwk) : type == "EC" ? ecFromJwk(*jwk) : nullptr;
        std::string problem;
        if (key.key == nullptr || !describe(key, problem)) continue;
        found.push_back(std::move(key));
    }
    if (found.empty())
    {
        error = "the JWKS has no usable RSA or EC signing key";
        return false;
    }
    keys.insert(keys.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    return true;
}

} // namespace portico::authentication
