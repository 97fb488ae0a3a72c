// Fuzz target for the credentials clients send: Basic in Authorization, bearer JWTs (verified with
// HS256 pinned, an issuer and an audience, at a fixed time), the JSON key sets a JWKS endpoint
// answers, and API keys in the query. Input: byte 0 chooses the reader (0 Basic, 1 JWT, 2 JWKS,
// 3 query); the rest is what a client or key server sent.
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// a Basic user is never empty and holds no ':'; a refused token says why without echoing it, and
// a token can verify only with a consumer and an expiry after the time given; a key set is
// either refused with a reason or has keys; once the key parameter is removed from a query, it
// is no longer found there.

#include "authentication/Credentials.h"
#include "authentication/JwtKeys.h"
#include "authentication/JwtVerifier.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace
{

using namespace portico::authentication;

[[noreturn]] void fail(const char* property)
{
    std::fprintf(stderr, "CredentialsFuzzer: %s\n", property);
    std::abort();
}

// The secret the seed tokens in corpus/credentials are signed with.
constexpr std::string_view fuzzSecret = "portico-fuzz-secret-0123456789abcdef";
constexpr std::int64_t fuzzNow = 1700000000; // 2023-11-14

void basic(std::string_view authorization)
{
    std::string user, password;
    bool malformed = false;
    if (!parseBasicCredentials(authorization, user, password, malformed) || malformed) return;
    if (user.empty() || user.find(':') != std::string::npos) fail("a Basic user empty or holding ':'");
}

void jwt(std::string_view token)
{
    static const KeySet keys = []
    {
        KeySet made;
        std::string error;
        if (!hmacKey(fuzzSecret, made, error)) fail("the fuzz secret refused");
        return made;
    }();
    JwtRules rules;
    rules.algorithms = {"HS256"};
    rules.issuer = "https://issuer.example.test";
    rules.audience = "portico";
    VerifiedToken verified;
    std::string problem;
    if (verifyJwt(token, keys, rules, fuzzNow, verified, problem))
    {
        if (verified.consumer.empty()) fail("a token verified without a consumer");
        if (verified.expires + rules.leewaySeconds <= fuzzNow) fail("an expired token verified");
        return;
    }
    if (problem.empty()) fail("a token refused without a reason");
    // A token-shaped input (three segments, long enough not to be a word of the message itself).
    const bool tokenShaped = token.size() >= 32 && std::count(token.begin(), token.end(), '.') >= 2;
    if (tokenShaped && problem.find(token) != std::string::npos) fail("a refusal that echoes the token");
}

void jwks(std::string_view json)
{
    KeySet keys;
    std::string error;
    if (jwksKeys(std::string(json), keys, error))
    {
        if (keys.empty()) fail("a key set accepted without keys");
    }
    else if (error.empty())
    {
        fail("a key set refused without a reason");
    }
}

void query(std::string_view text)
{
    if (const auto value = findQueryParameter(text, "key"))
    {
        std::string decoded;
        percentDecodeQueryValue(*value, decoded);
    }
    const std::string rest = withoutQueryParameter(text, "key");
    if (findQueryParameter(rest, "key")) fail("a key parameter left in the query");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % 4)
    {
    case 0:
        basic(text);
        break;
    case 1:
        jwt(text);
        break;
    case 2:
        jwks(text);
        break;
    default:
        query(text);
        break;
    }
    return 0;
}
