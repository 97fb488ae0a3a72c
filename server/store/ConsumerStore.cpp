#include "store/ConsumerStore.h"

#include "schema/SchemaMigrations.h"
#include "util/OwnerOnlyFiles.h"

#include <sqlite3.h>

#include <map>

namespace portico::store
{

namespace
{

// A prepared statement, finalized when it goes out of scope.
class Statement
{
public:
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &_statement, nullptr); }
    ~Statement() { sqlite3_finalize(_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return _statement != nullptr; }
    void bind(int index, const std::string& text)
    {
        sqlite3_bind_text(_statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    int step() { return sqlite3_step(_statement); }
    std::string column(int index) const
    {
        const unsigned char* text = sqlite3_column_text(_statement, index);
        return text != nullptr ? reinterpret_cast<const char*>(text) : "";
    }

private:
    sqlite3_stmt* _statement = nullptr;
};

// A statement that changes rows: Done when it changed some, NotFound when none, Failed with error set.
ConsumerStore::Outcome changeRows(sqlite3* db, Statement& statement, std::string& error)
{
    if (statement.step() != SQLITE_DONE)
    {
        error = sqlite3_errmsg(db);
        return ConsumerStore::Outcome::Failed;
    }
    return sqlite3_changes(db) > 0 ? ConsumerStore::Outcome::Done : ConsumerStore::Outcome::NotFound;
}

std::string joinGroups(const std::vector<std::string>& groups)
{
    std::string text;
    for (const std::string& group : groups)
        text += (text.empty() ? "" : ",") + group;
    return text;
}

std::vector<std::string> splitGroups(const std::string& text)
{
    std::vector<std::string> groups;
    std::size_t start = 0;
    while (start < text.size())
    {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) groups.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return groups;
}

} // namespace

ConsumerStore::~ConsumerStore()
{
    if (_db != nullptr) sqlite3_close(_db);
}

bool ConsumerStore::open(const std::string& path, std::string& error)
{
    std::lock_guard<std::mutex> lock(_mutex);
    // Created owner-only: the file says who the consumers are, even if it holds no secret.
    int result = SQLITE_ERROR;
    {
        const util::OwnerOnlyFiles ownerOnly;
        result = sqlite3_open_v2(path.c_str(), &_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    }
    if (result != SQLITE_OK)
    {
        error =
            "cannot open the store database '" + path + "': " + (_db ? sqlite3_errmsg(_db) : "out of memory");
        return false;
    }
    sqlite3_busy_timeout(_db, 5000);
    if (!execute("PRAGMA journal_mode=WAL") || !execute("PRAGMA synchronous=FULL") ||
        !execute("PRAGMA foreign_keys=ON"))
    {
        error = "cannot prepare the store database '" + path + "': " + _error;
        return false;
    }
    const std::vector<schema::Migration> steps{
        {1, "consumers, their passwords and API keys",
         [](sqlite3* db, std::string& problem)
         {
             // Files made before passwords lived here gain the column; their rows keep none.
             return schema::execute(
                        db,
                        "CREATE TABLE IF NOT EXISTS consumers (name TEXT PRIMARY KEY, groups TEXT NOT "
                        "NULL DEFAULT '', created TEXT NOT NULL DEFAULT "
                        "(strftime('%Y-%m-%dT%H:%M:%fZ','now')), password TEXT NOT NULL DEFAULT '')",
                        problem) &&
                    schema::addColumnIfMissing(db, "consumers", "password", "TEXT NOT NULL DEFAULT ''",
                                               problem) &&
                    schema::execute(
                        db,
                        "CREATE TABLE IF NOT EXISTS api_keys (sha256 TEXT PRIMARY KEY, consumer TEXT NOT "
                        "NULL, created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))",
                        problem);
         }},
        {2, "quota counts",
         [](sqlite3* db, std::string& problem)
         {
             return schema::execute(
                 db,
                 "CREATE TABLE IF NOT EXISTS quota_usage (quota TEXT NOT NULL, key TEXT NOT NULL, "
                 "period TEXT NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (quota, key, period))",
                 problem);
         }},
    };
    return schema::migrate(_db, "the store database '" + path + "'", steps, error);
}

bool ConsumerStore::execute(const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(_db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    _error = message != nullptr ? message : sqlite3_errmsg(_db);
    sqlite3_free(message);
    return false;
}

std::vector<StoredConsumer> ConsumerStore::load()
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::map<std::string, StoredConsumer> byName;
    Statement consumers(_db, "SELECT name, groups, password FROM consumers");
    while (consumers.ok() && consumers.step() == SQLITE_ROW)
    {
        StoredConsumer& consumer = byName[consumers.column(0)];
        consumer.name = consumers.column(0);
        consumer.groups = splitGroups(consumers.column(1));
        consumer.password = consumers.column(2);
    }
    Statement keys(_db, "SELECT consumer, sha256 FROM api_keys");
    while (keys.ok() && keys.step() == SQLITE_ROW)
    {
        crypto::Sha256Digest digest{};
        if (!crypto::parseHexDigest(keys.column(1), digest)) continue;
        auto found = byName.find(keys.column(0));
        if (found == byName.end())
        {
            found = byName.emplace(keys.column(0), StoredConsumer{}).first;
            found->second.name = keys.column(0);
            found->second.inStore = false;
        }
        found->second.keyDigests.push_back(digest);
    }
    std::vector<StoredConsumer> all;
    for (auto& [name, consumer] : byName)
        all.push_back(std::move(consumer));
    return all;
}

ConsumerStore::Outcome ConsumerStore::createConsumer(const std::string& name,
                                                     const std::vector<std::string>& groups,
                                                     const std::string& password)
{
    std::lock_guard<std::mutex> lock(_mutex);
    Statement insert(_db, "INSERT INTO consumers (name, groups, password) VALUES (?, ?, ?)");
    insert.bind(1, name);
    insert.bind(2, joinGroups(groups));
    insert.bind(3, password);
    const int result = insert.step();
    if (result == SQLITE_DONE) return Outcome::Done;
    if (result == SQLITE_CONSTRAINT) return Outcome::Exists;
    _error = sqlite3_errmsg(_db);
    return Outcome::Failed;
}

ConsumerStore::Outcome ConsumerStore::setPassword(const std::string& name, const std::string& password)
{
    std::lock_guard<std::mutex> lock(_mutex);
    Statement update(_db, "UPDATE consumers SET password = ? WHERE name = ?");
    update.bind(1, password);
    update.bind(2, name);
    return changeRows(_db, update, _error);
}

ConsumerStore::Outcome ConsumerStore::deleteConsumer(const std::string& name)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (!execute("BEGIN IMMEDIATE")) return Outcome::Failed;
    Statement keys(_db, "DELETE FROM api_keys WHERE consumer = ?");
    keys.bind(1, name);
    Statement consumer(_db, "DELETE FROM consumers WHERE name = ?");
    consumer.bind(1, name);
    if (keys.step() != SQLITE_DONE)
    {
        _error = sqlite3_errmsg(_db);
        execute("ROLLBACK");
        return Outcome::Failed;
    }
    const int keysDeleted = sqlite3_changes(_db);
    if (consumer.step() != SQLITE_DONE)
    {
        _error = sqlite3_errmsg(_db);
        execute("ROLLBACK");
        return Outcome::Failed;
    }
    const bool existed = keysDeleted + sqlite3_changes(_db) > 0;
    if (!execute("COMMIT"))
    {
        execute("ROLLBACK");
        return Outcome::Failed;
    }
    return existed ? Outcome::Done : Outcome::NotFound;
}

ConsumerStore::Outcome ConsumerStore::addKey(const std::string& consumer, bool consumerInStore,
                                             const crypto::Sha256Digest& digest)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (consumerInStore)
    {
        Statement exists(_db, "SELECT 1 FROM consumers WHERE name = ?");
        exists.bind(1, consumer);
        if (exists.step() != SQLITE_ROW) return Outcome::NotFound;
    }
    Statement insert(_db, "INSERT INTO api_keys (sha256, consumer) VALUES (?, ?)");
    insert.bind(1, crypto::toHex(digest));
    insert.bind(2, consumer);
    if (insert.step() == SQLITE_DONE) return Outcome::Done;
    _error = sqlite3_errmsg(_db);
    return Outcome::Failed;
}

std::vector<ConsumerStore::KeyInfo> ConsumerStore::keys(const std::string& consumer)
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<KeyInfo> found;
    Statement select(
        _db, "SELECT substr(sha256, 1, 16), created FROM api_keys WHERE consumer = ? ORDER BY created");
    select.bind(1, consumer);
    while (select.ok() && select.step() == SQLITE_ROW)
        found.push_back(KeyInfo{select.column(0), select.column(1)});
    return found;
}

ConsumerStore::Outcome ConsumerStore::deleteKey(const std::string& consumer, const std::string& id)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (id.size() != 16 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
        return Outcome::NotFound;
    Statement remove(_db, "DELETE FROM api_keys WHERE consumer = ? AND substr(sha256, 1, 16) = ?");
    remove.bind(1, consumer);
    remove.bind(2, id);
    return changeRows(_db, remove, _error);
}

std::string ConsumerStore::error() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _error;
}

} // namespace portico::store
