#include "authentication/AuthLoopState.h"

#include "consumers/StoredConsumers.h"
#include "crypto/ConstantTime.h"

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

// Removes entries whose time is over; when that frees nothing, everything goes (a flood).
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

const consumers::Consumer* AuthLoopState::verified(const crypto::Sha256Digest& key, util::MonoMillis now)
{
    const auto found = _verified.find(key);
    if (found == _verified.end()) return nullptr;
    if (found->second.until <= now)
    {
        _verified.erase(found);
        return nullptr;
    }
    return found->second.consumer;
}

void AuthLoopState::remember(const crypto::Sha256Digest& key, const consumers::Consumer* consumer,
                             util::MonoMillis now)
{
    if (_verified.size() >= maxVerified)
    {
        for (auto entry = _verified.begin(); entry != _verified.end();)
            entry = entry->second.until <= now ? _verified.erase(entry) : std::next(entry);
        if (_verified.size() >= maxVerified) _verified.clear(); // a flood: start again
    }
    _verified[key] = Verified{consumer, now + verifiedFor};
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
    if (_tokens.size() >= maxTokens)
    {
        for (auto entry = _tokens.begin(); entry != _tokens.end();)
            entry = entry->second->verified.expires < now ? _tokens.erase(entry) : std::next(entry);
        if (_tokens.size() >= maxTokens) _tokens.clear(); // a flood: start again
    }
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
