#include "authentication/JwtVerifier.h"

#include "crypto/ConstantTime.h"
#include <portico/codec/Base64.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cmath>

namespace portico::authentication
{

namespace
{

using Poco::JSON::Object;

const EVP_MD* digestOf(std::string_view algorithm)
{
    const std::string_view bits = algorithm.substr(2);
    if (bits == "256") return EVP_sha256();
    if (bits == "384") return EVP_sha384();
    return EVP_sha512();
}

bool verifyHmac(const JwtKey& key, const EVP_MD* digest, std::string_view signedPart,
                const std::string& signature)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(digest, key.secret.data(), static_cast<int>(key.secret.size()),
             reinterpret_cast<const unsigned char*>(signedPart.data()), signedPart.size(), mac,
             &length) == nullptr)
        return false;
    return length == signature.size() && crypto::equalInConstantTime(mac, signature.data(), length);
}

// JWS carries an ECDSA signature as R || S; OpenSSL wants DER.
std::string derFromRawEcdsa(const std::string& raw)
{
    const std::size_t half = raw.size() / 2;
    ECDSA_SIG* signature = ECDSA_SIG_new();
    BIGNUM* r =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(half), nullptr);
    BIGNUM* s =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data() + half), static_cast<int>(half), nullptr);
    std::string der;
    if (signature != nullptr && r != nullptr && s != nullptr && ECDSA_SIG_set0(signature, r, s) == 1)
    {
        r = s = nullptr; // owned by the signature now
        unsigned char* out = nullptr;
        const int length = i2d_ECDSA_SIG(signature, &out);
        if (length > 0) der.assign(reinterpret_cast<char*>(out), static_cast<std::size_t>(length));
        OPENSSL_free(out);
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(signature);
    return der;
}

bool verifyPublic(const JwtKey& key, const EVP_MD* digest, std::string_view signedPart,
                  const std::string& signature)
{
    std::string der;
    const std::string* bytes = &signature;
    if (key.family == KeyFamily::Ec)
    {
        if (signature.size() != static_cast<std::size_t>(key.curveBits / 8 * 2)) return false;
        der = derFromRawEcdsa(signature);
        if (der.empty()) return false;
        bytes = &der;
    }
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool valid =
        context != nullptr && EVP_DigestVerifyInit(context, nullptr, digest, nullptr, key.key.get()) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(bytes->data()), bytes->size(),
                         reinterpret_cast<const unsigned char*>(signedPart.data()), signedPart.size()) == 1;
    EVP_MD_CTX_free(context);
    return valid;
}

bool matchesAlgorithm(const JwtKey& key, KeyFamily family, std::string_view algorithm)
{
    if (key.family != family) return false;
    if (!key.algorithm.empty() && key.algorithm != algorithm) return false;
    if (family == KeyFamily::Ec) return (algorithm == "ES256") == (key.curveBits == 256);
    return true;
}

Object::Ptr decodeJsonPart(std::string_view part)
{
    std::string json;
    if (!codec::decodeBase64(part, codec::Base64Alphabet::Url, codec::Base64Padding::Absent, json))
        return nullptr;
    try
    {
        return Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
    }
    catch (const std::exception&)
    {
        return nullptr;
    }
}

// A NumericDate (RFC 7519 2): a JSON number, possibly with a fraction. False when absent or not a number.
bool numericDate(const Object& claims, const char* name, std::int64_t& seconds)
{
    if (!claims.has(name)) return false;
    const Poco::Dynamic::Var value = claims.get(name);
    if (!value.isNumeric()) return false;
    const double number = value.convert<double>();
    if (!std::isfinite(number)) return false;
    seconds = static_cast<std::int64_t>(std::floor(number));
    return true;
}

bool audienceMatches(const Object& claims, const std::string& audience)
{
    if (!claims.has("aud")) return false;
    const Poco::Dynamic::Var value = claims.get("aud");
    if (value.isString()) return value.extract<std::string>() == audience;
    const Poco::JSON::Array::Ptr list = claims.getArray("aud");
    if (list.isNull()) return false;
    for (std::size_t i = 0; i < list->size(); ++i)
    {
        const Poco::Dynamic::Var entry = list->get(static_cast<unsigned>(i));
        if (entry.isString() && entry.extract<std::string>() == audience) return true;
    }
    return false;
}

void readScopes(const Object& claims, std::vector<std::string>& scopes)
{
    auto addWords = [&](const std::string& text)
    {
        std::size_t start = 0;
        while (start < text.size())
        {
            std::size_t end = text.find(' ', start);
            if (end == std::string::npos) end = text.size();
            if (end > start) scopes.push_back(text.substr(start, end - start));
            start = end + 1;
        }
    };
    for (const char* name : {"scope", "scp"})
    {
        if (!claims.has(name)) continue;
        const Poco::Dynamic::Var value = claims.get(name);
        if (value.isString())
            addWords(value.extract<std::string>());
        else if (const Poco::JSON::Array::Ptr list = claims.getArray(name))
            for (std::size_t i = 0; i < list->size(); ++i)
                if (list->get(static_cast<unsigned>(i)).isString())
                    scopes.push_back(list->get(static_cast<unsigned>(i)).extract<std::string>());
    }
}

bool checkClaims(const Object& claims, const JwtRules& rules, std::int64_t now, VerifiedToken& verified,
                 std::string& problem)
{
    std::int64_t expires = 0;
    if (!numericDate(claims, "exp", expires))
    {
        problem = "the token has no expiry (exp)";
        return false;
    }
    if (now > expires + rules.leewaySeconds)
    {
        problem = "the token has expired";
        return false;
    }
    std::int64_t notBefore = 0;
    if (claims.has("nbf") &&
        (!numericDate(claims, "nbf", notBefore) || now + rules.leewaySeconds < notBefore))
    {
        problem = "the token is not valid yet";
        return false;
    }
    if (!rules.issuer.empty() && (!claims.has("iss") || !claims.get("iss").isString() ||
                                  claims.getValue<std::string>("iss") != rules.issuer))
    {
        problem = "the token's issuer is not accepted here";
        return false;
    }
    if (!rules.audience.empty() && !audienceMatches(claims, rules.audience))
    {
        problem = "the token is not meant for this audience";
        return false;
    }
    if (!claims.has(rules.consumerClaim) || !claims.get(rules.consumerClaim).isString() ||
        claims.getValue<std::string>(rules.consumerClaim).empty())
    {
        problem = "the token names no consumer (" + rules.consumerClaim + ")";
        return false;
    }
    verified.consumer = claims.getValue<std::string>(rules.consumerClaim);
    // It becomes a header value (X-Consumer-Name): no control characters, nothing overlong.
    if (verified.consumer.size() > 256 ||
        std::any_of(verified.consumer.begin(), verified.consumer.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    {
        problem = "the token's consumer (" + rules.consumerClaim + ") is not a usable name";
        return false;
    }
    verified.expires = expires;
    verified.scopes.clear();
    readScopes(claims, verified.scopes);
    return true;
}

} // namespace

bool verifyJwt(std::string_view token, const KeySet& keys, const JwtRules& rules, std::int64_t now,
               VerifiedToken& verified, std::string& problem)
{
    problem = "the token is malformed";
    if (token.size() > JwtRules::maxTokenBytes) return false;
    const std::size_t firstDot = token.find('.');
    const std::size_t secondDot =
        firstDot == std::string_view::npos ? firstDot : token.find('.', firstDot + 1);
    // An empty signature is left for after the algorithm check, so "alg":"none" is named as such.
    if (secondDot == std::string_view::npos || token.find('.', secondDot + 1) != std::string_view::npos ||
        firstDot == 0 || secondDot == firstDot + 1)
        return false;
    const Object::Ptr header = decodeJsonPart(token.substr(0, firstDot));
    if (header.isNull() || !header->has("alg") || !header->get("alg").isString()) return false;
    const std::string algorithm = header->getValue<std::string>("alg");
    KeyFamily family;
    if (std::find(rules.algorithms.begin(), rules.algorithms.end(), algorithm) == rules.algorithms.end() ||
        !familyOf(algorithm, family))
    {
        problem = "the token's algorithm is not accepted here";
        return false;
    }
    if (header->has("crit"))
    {
        problem = "the token has critical header parameters this gateway does not understand";
        return false;
    }
    problem = "the token is malformed";
    std::string signature;
    if (secondDot + 1 == token.size() ||
        !codec::decodeBase64(token.substr(secondDot + 1), codec::Base64Alphabet::Url,
                             codec::Base64Padding::Absent, signature))
        return false;

    const bool hasKid = header->has("kid") && header->get("kid").isString();
    const std::string kid = hasKid ? header->getValue<std::string>("kid") : std::string();
    const std::string_view signedPart = token.substr(0, secondDot);
    const EVP_MD* digest = digestOf(algorithm);
    bool anyKey = false;
    bool valid = false;
    for (const JwtKey& key : keys)
    {
        if (!matchesAlgorithm(key, family, algorithm) || (hasKid && !key.kid.empty() && key.kid != kid))
            continue;
        anyKey = true;
        valid = family == KeyFamily::Hmac ? verifyHmac(key, digest, signedPart, signature)
                                          : verifyPublic(key, digest, signedPart, signature);
        if (valid) break;
    }
    if (!anyKey)
    {
        problem =
            hasKid ? "no signing key has the token's key id" : "no signing key fits the token's algorithm";
        return false;
    }
    if (!valid)
    {
        problem = "the token's signature is not valid";
        return false;
    }
    const Object::Ptr claims = decodeJsonPart(token.substr(firstDot + 1, secondDot - firstDot - 1));
    if (claims.isNull())
    {
        problem = "the token's claims cannot be read";
        return false;
    }
    return checkClaims(*claims, rules, now, verified, problem);
}

} // namespace portico::authentication
