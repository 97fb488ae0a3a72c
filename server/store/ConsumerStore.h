#pragma once

// The consumer store: consumers and API keys created through the admin API, kept in a SQLite
// database (<store database="FILE"/>, WAL) so they survive restarts. Keys are stored only as their
// SHA-256 and passwords only as PBKDF2 hashes; nothing in the file can be used to call the gateway. Used by
// the admin listener's thread and at start-up; every call takes the store's lock. The request path never
// touches it: it reads the in-memory index published from it (consumers/StoredConsumers).

#include "crypto/Sha256.h"

#include <mutex>
#include <string>
#include <vector>

struct sqlite3;

namespace portico::store
{

struct StoredConsumer
{
    std::string name;
    std::vector<std::string> groups;
    std::vector<crypto::Sha256Digest> keyDigests;
    std::string password; // a PHC string ("$pbkdf2-sha256$…"), empty: no Basic authentication
    bool inStore = true;  // false: a consumer of the configuration file that has keys here
};

class ConsumerStore
{
public:
    enum class Outcome
    {
        Done,
        Exists,   // create: the name is taken
        NotFound, // delete, add key: no such consumer
        Failed,   // the database refused; error() says why
    };

    ConsumerStore() = default;
    ~ConsumerStore();
    ConsumerStore(const ConsumerStore&) = delete;
    ConsumerStore& operator=(const ConsumerStore&) = delete;

    // Opens (creating it with mode 0600 when missing) and prepares the tables. False with error set.
    bool open(const std::string& path, std::string& error);

    // Every stored consumer with its key digests, and the keys of configuration consumers (by name).
    std::vector<StoredConsumer> load();

    // password: a PHC string already checked, or empty.
    Outcome createConsumer(const std::string& name, const std::vector<std::string>& groups,
                           const std::string& password);
    Outcome setPassword(const std::string& name, const std::string& password);
    Outcome deleteConsumer(const std::string& name);
    // consumerInStore: false for a consumer of the configuration file, which has no row of its own.
    Outcome addKey(const std::string& consumer, bool consumerInStore, const crypto::Sha256Digest& digest);

    struct KeyInfo
    {
        std::string id; // the first 16 hex digits of the key's SHA-256: names it without revealing it
        std::string created;
    };
    // The keys of a consumer kept in the store (not those of the configuration file).
    std::vector<KeyInfo> keys(const std::string& consumer);
    Outcome deleteKey(const std::string& consumer, const std::string& id);

    std::string error() const;

private:
    bool execute(const char* sql);

    mutable std::mutex _mutex;
    sqlite3* _db = nullptr;
    std::string _error;
};

} // namespace portico::store
