#pragma once

// Verifies a JWS compact token (RFC 7515/7519) against pinned algorithms and a key set, then its
// claims. Refused: any algorithm the configuration does not list ("none" can never be listed), an
// HMAC algorithm with a public key or a public-key algorithm with a secret (the two families never
// share keys, so the RS256-key-as-HS256-secret confusion cannot happen), a "kid" with no key,
// "crit" headers, a bad signature, a missing or past "exp", a future "nbf", a wrong "iss" or
// "aud" (each with the configured leeway), and a missing consumer claim. Pure: the time is given.

#include "authentication/JwtKeys.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portico::authentication
{

struct JwtRules
{
    std::vector<std::string> algorithms; // pinned; at least one
    std::string issuer;                  // empty: not checked
    std::string audience;                // empty: not checked
    std::string consumerClaim = "sub";
    std::int64_t leewaySeconds = 30;
    static constexpr std::size_t maxTokenBytes = 16384;
};

struct VerifiedToken
{
    std::string consumer;
    std::vector<std::string> scopes; // from "scope" (space-separated) or "scp" (array or string)
    std::int64_t expires = 0;        // "exp", seconds since the epoch
};

// True when the token is valid at now (seconds since the epoch); otherwise problem says why, in
// words fit for a 401 (never echoing the token).
bool verifyJwt(std::string_view token, const KeySet& keys, const JwtRules& rules, std::int64_t now,
               VerifiedToken& verified, std::string& problem);

} // namespace portico::authentication
