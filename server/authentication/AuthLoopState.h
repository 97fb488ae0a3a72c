#pragma once

// What one <auth> remembers on one event loop (only that loop touches it, so no lock):
// - API keys accepted lately, so a client sending the same key on every request costs a hash-table
//   lookup (a fast hash, then a constant-time comparison of the whole key) instead of a SHA-256
//   and an index lookup. Only keys that were valid are kept, and a key's bytes are wiped when it
//   leaves the table.
// - Basic credentials verified lately, so a client sending the same user and password on every
//   request costs one PBKDF2 check per minute, not one per request. Kept as a keyed SHA-256 of
//   "user\0password" under a random per-process key, never as the password.
// - JWTs verified lately, until they expire, so a repeated token costs a hash-table lookup
//   (a fast hash, then a constant-time comparison of the whole token) instead of a signature
//   check. An entry made with keys that have since changed is not used.
// - this loop's copy of the JWT keys, renewed when the key source's version changes.
// Any change of the consumer store (a key revoked, a consumer deleted, a password changed) empties
// the key and Basic tables before their next use. The tables are bounded: a flood of distinct
// credentials or tokens cannot grow them.

#include "authentication/JwtKeySource.h"
#include "consumers/ConsumerIndex.h"
#include "crypto/Sha256.h"
#include "pipeline/Policy.h"
#include "util/Clock.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::authentication
{

class AuthLoopState final : public pipeline::PolicyLoopState
{
public:
    static constexpr util::MonoMillis verifiedFor = 60'000;
    static constexpr std::size_t maxVerified = 4096;
    static constexpr std::size_t maxTokens = 4096;
    static constexpr std::size_t maxCachedTokenBytes = 4096; // longer tokens are verified every time
    static constexpr std::size_t maxKnownKeys = 4096;
    static constexpr std::size_t maxCachedKeyBytes = 1024; // longer keys are hashed every time

    // A consumer found for a credential; holder keeps a consumer of the store alive (null for one
    // of the configuration, which lives as long as the <auth> does).
    struct Known
    {
        const consumers::Consumer* consumer = nullptr;
        std::shared_ptr<const consumers::ConsumerIndex> holder;
    };

    struct CachedToken
    {
        std::string consumer;
        std::vector<std::string> scopes;
        std::int64_t expires = 0; // seconds since the epoch
        std::uint64_t keysVersion = 0;
    };

    // The cache key of a user and password.
    static crypto::Sha256Digest credentialKey(std::string_view user, std::string_view password);

    const Known* verified(const crypto::Sha256Digest& key, util::MonoMillis now);
    // Ignored when consumer is of a store index older than the current one (the check outlived it).
    void remember(const crypto::Sha256Digest& key, Known consumer, util::MonoMillis now);

    // The consumer of an API key accepted earlier, or null.
    const Known* knownKey(std::string_view key);
    void rememberKey(std::string_view key, Known consumer);

    // A token verified earlier that is still valid at now (seconds) with keys of keysVersion.
    const CachedToken* token(std::string_view token, std::int64_t now, std::uint64_t keysVersion);
    void rememberToken(std::string_view token, CachedToken verified, std::int64_t now);

    // This loop's copy of the consumer store's index (null without a store), renewed when it changed.
    const std::shared_ptr<const consumers::ConsumerIndex>& storedConsumers();

    // This loop's copy of source's keys (null before a remote source's first fetch); version says which.
    const KeySet* keys(const JwtKeySource& source, std::uint64_t& version);

private:
    struct DigestHash
    {
        std::size_t operator()(const crypto::Sha256Digest& digest) const;
    };
    struct Verified
    {
        Known known;
        util::MonoMillis until;
    };
    std::unordered_map<crypto::Sha256Digest, Verified, DigestHash> _verified;
    struct KeyEntry
    {
        std::string key; // the key of _knownKeys views it
        Known known;
        ~KeyEntry();
    };
    struct TokenEntry
    {
        std::string token; // the key of _tokens views it
        CachedToken verified;
    };
    // Equal lengths compared in constant time, so the lookup cannot be timed to guess a cached token.
    struct ConstantTimeEqual
    {
        bool operator()(std::string_view a, std::string_view b) const;
    };
    std::unordered_map<std::string_view, std::unique_ptr<TokenEntry>, std::hash<std::string_view>,
                       ConstantTimeEqual>
        _tokens;
    std::unordered_map<std::string_view, std::unique_ptr<KeyEntry>, std::hash<std::string_view>,
                       ConstantTimeEqual>
        _knownKeys;
    // A Known of the store may be kept only while it is of the current index.
    bool current(const Known& known);
    std::shared_ptr<const KeySet> _keys;
    std::shared_ptr<const consumers::ConsumerIndex> _stored;
    std::uint64_t _storedVersion = 0;
    std::uint64_t _keysVersion = 0;
};

} // namespace portico::authentication
