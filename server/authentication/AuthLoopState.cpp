#include "authentication/AuthLoopState.h"

#include "consumers/StoredConsumers.h"
#include "crypto/ConstantTime.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

namespace portico::authentication
{

namespace
{

// Makes the cache keys useless outside this process: a memory dump does not give a fast hash to
// guess passwords against.
const std::array<unsigned char, 32>& processKey()
{
    static const std::array<unsigned char, 32> key = []
    {
        std::array<unsigned char, 32> bytes{};
        if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
            throw std::runtime_error("no random bytes for the credential cache");
        return bytes;
    }();
    return key;
}

// Removes entries whose time is over; when that frees too little, everything goes (a flood).
template <typename Map, typename Expired> void makeRoom(Map& map, std::size_t limit, Expired expired)
{
    if (map.size() < limit) return;
    for (auto entry = map.begin(); entry != map.end();)
        entry = expired(entry->second) ? map.erase(entry) : std::next(entry);
    if (map.size() >= limit) map.clear();
}

} // namespace

std::size_t AuthLoopState::DigestHash::operator()(const crypto::Sha256Digest& digest) const
{
    std::size_t value = 0;
    std::memcpy(&value, digest.data(), sizeof value);
    return value;
}

crypto::Sha256Digest AuthLoopState::credentialKey(std::string_view user, std::string_view password)
{
    const std::array<unsigned char, 32>& key = processKey();
    return crypto::sha256({std::string_view(reinterpret_cast<const char*>(key.data()), key.size()), user,
                           std::string_view("\0", 1), password});
}

const AuthLoopState::Known* AuthLoopState::verified(const crypto::Sha256Digest& key, util::MonoMillis now)
{
    storedConsumers(); // a change of the store empties the table first
    const auto found = _verified.find(key);
    if (found == _verified.end()) return nullptr;
    if (found->second.until <= now)
    {
        _verified.erase(found);
        return nullptr;
    }
    return &found->second.known;
}

void AuthLoopState::remember(const crypto::Sha256Digest& key, Known consumer, util::MonoMillis now)
{
    if (!current(consumer)) return;
    makeRoom(_verified, maxVerified, [now](const Verified& entry) { return entry.until <= now; });
    _verified[key] = Verified{std::move(consumer), now + verifiedFor};
}

AuthLoopState::KeyEntry::~KeyEntry()
{
    OPENSSL_cleanse(key.data(), key.size());
}

const AuthLoopState::Known* AuthLoopState::knownKey(std::string_view key)
{
    storedConsumers(); // a change of the store empties the table first
    const auto found = _knownKeys.find(key);
    return found == _knownKeys.end() ? nullptr : &found->second->known;
}

void AuthLoopState::rememberKey(std::string_view key, Known consumer)
{
    if (key.size() > maxCachedKeyBytes || !current(consumer)) return;
    // Only valid keys come here, so a full table means that many live keys: start again.
    makeRoom(_knownKeys, maxKnownKeys, [](const std::unique_ptr<KeyEntry>&) { return false; });
    auto entry = std::make_unique<KeyEntry>();
    entry->key.assign(key);
    entry->known = std::move(consumer);
    const std::string_view view = entry->key;
    _knownKeys.erase(view);
    _knownKeys.emplace(view, std::move(entry));
}

bool AuthLoopState::current(const Known& known)
{
    return known.holder == nullptr || known.holder == storedConsumers();
}

bool AuthLoopState::ConstantTimeEqual::operator()(std::string_view a, std::string_view b) const
{
    return crypto::equalInConstantTime(a, b);
}

const AuthLoopState::CachedToken* AuthLoopState::token(std::string_view token, std::int64_t now,
                                                       std::uint64_t keysVersion)
{
    const auto found = _tokens.find(token);
    if (found == _tokens.end()) return nullptr;
    const CachedToken& verified = found->second->verified;
    if (verified.expires < now || verified.keysVersion != keysVersion)
    {
        _tokens.erase(found);
        return nullptr;
    }
    return &verified;
}

void AuthLoopState::rememberToken(std::string_view token, CachedToken verified, std::int64_t now)
{
    if (token.size() > maxCachedTokenBytes) return;
    makeRoom(_tokens, maxTokens,
             [now](const std::unique_ptr<TokenEntry>& entry) { return entry->verified.expires < now; });
    auto entry = std::make_unique<TokenEntry>(TokenEntry{std::string(token), std::move(verified)});
    const std::string_view key = entry->token;
    _tokens.erase(key);
    _tokens.emplace(key, std::move(entry));
}

const std::shared_ptr<const consumers::ConsumerIndex>& AuthLoopState::storedConsumers()
{
    consumers::StoredConsumers& stored = consumers::StoredConsumers::shared();
    const std::uint64_t version = stored.version();
    if (version != _storedVersion)
    {
        _stored = stored.current();
        _storedVersion = version;
        // What was accepted may have been revoked: keys and passwords are checked anew.
        _knownKeys.clear();
        _verified.clear();
    }
    return _stored;
}

const KeySet* AuthLoopState::keys(const JwtKeySource& source, std::uint64_t& version)
{
    const std::uint64_t current = source.version();
    if (current != _keysVersion || !_keys)
    {
        _keys = source.current();
        _keysVersion = current;
    }
    version = _keysVersion;
    return _keys.get();
}

} // namespace portico::authentication
