#include "consumers/ConsumerIndex.h"

#include "crypto/ConstantTime.h"

#include <algorithm>
#include <cstring>

namespace portico::consumers
{

namespace
{

std::uint64_t bucketOf(const crypto::Sha256Digest& digest)
{
    std::uint64_t bucket = 0;
    std::memcpy(&bucket, digest.data(), sizeof bucket);
    return bucket;
}

} // namespace

bool Consumer::inGroup(std::string_view group) const
{
    return std::find(groups.begin(), groups.end(), group) != groups.end();
}

ConsumerIndex::ConsumerIndex(const std::vector<config::ConsumerConfig>& consumers)
{
    _consumers.reserve(consumers.size());
    for (const config::ConsumerConfig& configured : consumers)
    {
        Consumer consumer;
        consumer.name = configured.name;
        consumer.groups = configured.groups;
        crypto::PasswordHash password;
        std::string error;
        if (!configured.password.empty() && crypto::PasswordHash::parse(configured.password, password, error))
            consumer.password = std::move(password);
        const std::size_t index = _consumers.size();
        _byName.emplace(consumer.name, index);
        for (const std::string& certificateName : configured.certificateNames)
            _byCertificateName.emplace(certificateName, index);
        for (const crypto::Sha256Digest& digest : configured.keyDigests)
            _byKey[bucketOf(digest)].push_back(KeyEntry{digest, index});
        _consumers.push_back(std::move(consumer));
    }
}

const Consumer* ConsumerIndex::findByKey(const crypto::Sha256Digest& digest) const
{
    const auto bucket = _byKey.find(bucketOf(digest));
    if (bucket == _byKey.end()) return nullptr;
    for (const KeyEntry& entry : bucket->second)
    {
        if (crypto::equalInConstantTime(entry.digest.data(), digest.data(), digest.size()))
            return &_consumers[entry.consumer];
    }
    return nullptr;
}

const Consumer* ConsumerIndex::findByName(std::string_view name) const
{
    const auto found = _byName.find(name);
    return found == _byName.end() ? nullptr : &_consumers[found->second];
}

std::size_t ConsumerIndex::keyCount(const Consumer& consumer) const
{
    const std::size_t index = static_cast<std::size_t>(&consumer - _consumers.data());
    std::size_t count = 0;
    for (const auto& [bucket, entries] : _byKey)
        for (const KeyEntry& entry : entries)
            count += entry.consumer == index ? 1 : 0;
    return count;
}

const Consumer* ConsumerIndex::findByCertificateName(std::string_view name) const
{
    const auto found = _byCertificateName.find(name);
    return found == _byCertificateName.end() ? nullptr : &_consumers[found->second];
}

} // namespace portico::consumers
