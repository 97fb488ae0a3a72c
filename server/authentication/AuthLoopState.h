#pragma once

// What one <auth> remembers on one event loop (only that loop touches it, so no lock): Basic
// credentials verified lately, so a client sending the same user and password on every request
// costs one PBKDF2 check per minute, not one per request. Kept as a keyed SHA-256 of
// "user\0password" under a random per-process key, never as the password. Bounded: a flood of
// distinct credentials cannot grow it.

#include "consumers/ConsumerIndex.h"
#include "crypto/Sha256.h"
#include "pipeline/Policy.h"
#include "util/Clock.h"

#include <string>
#include <string_view>
#include <unordered_map>

namespace portico::authentication
{

class AuthLoopState final : public pipeline::PolicyLoopState
{
public:
    static constexpr util::MonoMillis verifiedFor = 60'000;
    static constexpr std::size_t maxVerified = 4096;

    // The cache key of a user and password.
    static crypto::Sha256Digest credentialKey(std::string_view user, std::string_view password);

    const consumers::Consumer* verified(const crypto::Sha256Digest& key, util::MonoMillis now);
    void remember(const crypto::Sha256Digest& key, const consumers::Consumer* consumer, util::MonoMillis now);

private:
    struct DigestHash
    {
        std::size_t operator()(const crypto::Sha256Digest& digest) const;
    };
    struct Verified
    {
        const consumers::Consumer* consumer;
        util::MonoMillis until;
    };
    std::unordered_map<crypto::Sha256Digest, Verified, DigestHash> _verified;
};

} // namespace portico::authentication
