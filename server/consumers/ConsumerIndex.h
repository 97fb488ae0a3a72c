#pragma once

// The consumers of one configuration, indexed for the request path: by API-key digest and by
// name. Immutable once built and shared by every route's <auth>, so lookups take no lock.
// The final comparison of a key digest is made in constant time.

#include "config/Config.h"
#include "crypto/PasswordHash.h"
#include "crypto/Sha256.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::consumers
{

struct Consumer
{
    std::string name;
    std::vector<std::string> groups;
    std::optional<crypto::PasswordHash> password;

    bool inGroup(std::string_view group) const;
};

class ConsumerIndex
{
public:
    // The entries must already be valid (the configuration parser checked names, duplicates and hashes).
    explicit ConsumerIndex(const std::vector<config::ConsumerConfig>& consumers);

    const Consumer* findByKey(const crypto::Sha256Digest& digest) const;
    const Consumer* findByName(std::string_view name) const;
    // The consumer a client certificate name (its Common Name or an alternative name) belongs to.
    const Consumer* findByCertificateName(std::string_view name) const;
    bool empty() const { return _consumers.empty(); }
    const std::vector<Consumer>& all() const { return _consumers; }
    // How many keys name this consumer.
    std::size_t keyCount(const Consumer& consumer) const;

private:
    struct KeyEntry
    {
        crypto::Sha256Digest digest;
        std::size_t consumer;
    };

    std::vector<Consumer> _consumers;
    std::map<std::string, std::size_t, std::less<>> _byName;
    std::map<std::string, std::size_t, std::less<>> _byCertificateName;
    // Bucketed by the digest's first 8 bytes; the whole digest is then compared in constant time.
    std::unordered_map<std::uint64_t, std::vector<KeyEntry>> _byKey;
};

} // namespace portico::consumers
