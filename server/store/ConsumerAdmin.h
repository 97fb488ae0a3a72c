#pragma once

// The admin API's consumer calls, apart from HTTP: list, create, delete, set a password, issue a key. Each
// change is written to the consumer store first and then published to the request path as a new index
// (consumers/StoredConsumers), so it takes effect on the next request. A consumer of the
// configuration file can be listed and given keys but not deleted here (the file is its source).

#include "consumers/ConsumerIndex.h"
#include "store/ConsumerStore.h"

#include <memory>
#include <string>

namespace portico::store
{

struct AdminAnswer
{
    int status = 200;
    std::string body; // the answer when the call succeeded
    std::string contentType = "application/json";
    std::string detail; // the problem's detail when it did not
};

class ConsumerAdmin
{
public:
    // store may be null (no <store>): then the calls that change anything answer 409.
    ConsumerAdmin(ConsumerStore* store, std::shared_ptr<const consumers::ConsumerIndex> configured);

    // Loads the store and publishes it; call once at start.
    void publish();
    // The consumers of a reloaded configuration (the admin listener's thread may be reading).
    void configure(std::shared_ptr<const consumers::ConsumerIndex> configured)
    {
        std::atomic_store(&_configured, std::move(configured));
    }

    AdminAnswer list() const;
    // One consumer, with its use of every quota counted by consumer in the current period.
    AdminAnswer show(const std::string& name) const;
    AdminAnswer create(const std::string& body);
    AdminAnswer remove(const std::string& name);
    // Sets ({"password":"…"} or {"passwordHash":"$pbkdf2-sha256$…"}) or, with {}, removes the
    // Basic password of a stored consumer.
    AdminAnswer setPassword(const std::string& name, const std::string& body);
    // A new key: 32 random bytes, shown in this answer only, stored as its SHA-256.
    AdminAnswer issueKey(const std::string& name);
    // The store's keys of a consumer by id (never the key), and revoking one.
    AdminAnswer listKeys(const std::string& name) const;
    AdminAnswer revokeKey(const std::string& name, const std::string& id);

private:
    AdminAnswer storeMissing() const;
    std::shared_ptr<const consumers::ConsumerIndex> configured() const
    {
        return std::atomic_load(&_configured);
    }
    // A change's answer: success after publishing the store anew, refusal for Exists or NotFound,
    // 500 when the database failed.
    AdminAnswer changed(ConsumerStore::Outcome outcome, AdminAnswer refusal, AdminAnswer success);

    ConsumerStore* _store;
    std::shared_ptr<const consumers::ConsumerIndex> _configured;
};

} // namespace portico::store
