#include "store/ConsumerAdmin.h"

#include "consumers/StoredConsumers.h"
#include "crypto/PasswordHash.h"
#include "quota/QuotaUsageReport.h"
#include <portico/codec/Base64.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/rand.h>
#include <portico/config/Values.h>

#include <sstream>

namespace portico::store
{

namespace
{

std::string toJson(const Poco::Dynamic::Var& value)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

Poco::JSON::Array::Ptr groupsArray(const std::vector<std::string>& groups)
{
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const std::string& group : groups)
        array->add(group);
    return array;
}

// A consumer as the admin API shows it; source is "configuration" or "store".
Poco::JSON::Object consumerEntry(const consumers::Consumer& consumer, const char* source, std::size_t keys)
{
    Poco::JSON::Object entry;
    entry.set("name", consumer.name);
    entry.set("groups", groupsArray(consumer.groups));
    entry.set("source", source);
    entry.set("keys", static_cast<int>(keys));
    entry.set("basic", consumer.password.has_value());
    return entry;
}

AdminAnswer problem(int status, std::string detail)
{
    AdminAnswer answer;
    answer.status = status;
    answer.detail = std::move(detail);
    return answer;
}

// The password of a body, as the PHC string to store: "password" is hashed here (PBKDF2, the
// default iterations), "passwordHash" is a PHC string made elsewhere, checked like the
// configuration file's. phc stays empty when the body has neither. False with a 400 in refusal.
bool passwordOf(const Poco::JSON::Object& object, std::string& phc, AdminAnswer& refusal)
{
    const bool plain = object.has("password");
    const bool hashed = object.has("passwordHash");
    if (plain && hashed)
    {
        refusal = problem(400, "give \"password\" or \"passwordHash\", not both");
        return false;
    }
    if (!plain && !hashed) return true;
    const Poco::Dynamic::Var value = object.get(plain ? "password" : "passwordHash");
    if (!value.isString() || value.extract<std::string>().empty())
    {
        refusal = problem(400, std::string("\"") + (plain ? "password" : "passwordHash") +
                                   "\" must be a non-empty string");
        return false;
    }
    const std::string& text = value.extract<std::string>();
    if (plain)
    {
        phc = crypto::PasswordHash::create(text).phc();
        return true;
    }
    crypto::PasswordHash parsed;
    std::string error;
    if (!crypto::PasswordHash::parse(text, parsed, error))
    {
        refusal = problem(400, "\"passwordHash\" is not a usable PBKDF2-SHA256 PHC string: " + error);
        return false;
    }
    phc = text;
    return true;
}

} // namespace

ConsumerAdmin::ConsumerAdmin(ConsumerStore* store, std::shared_ptr<const consumers::ConsumerIndex> configured)
    : _store(store), _configured(std::move(configured))
{
}

void ConsumerAdmin::publish()
{
    if (_store == nullptr) return;
    std::vector<config::ConsumerConfig> entries;
    for (StoredConsumer& stored : _store->load())
    {
        config::ConsumerConfig entry;
        entry.name = std::move(stored.name);
        entry.groups = std::move(stored.groups);
        entry.keyDigests = std::move(stored.keyDigests);
        entry.password = std::move(stored.password);
        entries.push_back(std::move(entry));
    }
    consumers::StoredConsumers::shared().publish(std::make_shared<const consumers::ConsumerIndex>(entries));
}

AdminAnswer ConsumerAdmin::storeMissing() const
{
    return problem(409,
                   "consumers are managed here only with a consumer store: add <store database=\"FILE\"/>");
}

AdminAnswer ConsumerAdmin::changed(ConsumerStore::Outcome outcome, AdminAnswer refusal, AdminAnswer success)
{
    if (outcome == ConsumerStore::Outcome::Done)
    {
        publish(); // the next request sees the change
        return success;
    }
    if (outcome == ConsumerStore::Outcome::Failed)
        return problem(500, "the consumer store refused the change: " + _store->error());
    return refusal; // Exists or NotFound: the one the call can meet
}

AdminAnswer ConsumerAdmin::list() const
{
    Poco::JSON::Array all;
    const std::shared_ptr<const consumers::ConsumerIndex> fromFile = configured();
    for (const consumers::Consumer& consumer : fromFile->all())
        all.add(consumerEntry(consumer, "configuration", fromFile->keyCount(consumer)));
    if (const std::shared_ptr<const consumers::ConsumerIndex> stored =
            consumers::StoredConsumers::shared().current())
    {
        for (const consumers::Consumer& consumer : stored->all())
        {
            if (fromFile->findByName(consumer.name) != nullptr) continue; // keys for a configured one
            all.add(consumerEntry(consumer, "store", stored->keyCount(consumer)));
        }
    }
    AdminAnswer answer;
    answer.body = toJson(all);
    return answer;
}

AdminAnswer ConsumerAdmin::show(const std::string& name) const
{
    const std::shared_ptr<const consumers::ConsumerIndex> stored =
        consumers::StoredConsumers::shared().current();
    const std::shared_ptr<const consumers::ConsumerIndex> fromFile = configured();
    const consumers::Consumer* consumer = fromFile->findByName(name);
    const bool inFile = consumer != nullptr;
    if (consumer == nullptr && stored) consumer = stored->findByName(name);
    if (consumer == nullptr) return problem(404, "no consumer '" + name + "'");
    // Keys from the file and from the store (a consumer of the file may have both).
    std::size_t keys = inFile ? fromFile->keyCount(*consumer) : 0;
    if (const consumers::Consumer* inStore = stored ? stored->findByName(name) : nullptr)
        keys += stored->keyCount(*inStore);
    Poco::JSON::Object entry = consumerEntry(*consumer, inFile ? "configuration" : "store", keys);
    // Each quota counted by consumer, with this consumer's use of the current period.
    entry.set("quotas", quota::consumerQuotaUsage(name));
    AdminAnswer answer;
    answer.body = toJson(entry);
    return answer;
}

AdminAnswer ConsumerAdmin::create(const std::string& body)
{
    if (_store == nullptr) return storeMissing();
    std::string name, password;
    std::vector<std::string> groups;
    try
    {
        const Poco::JSON::Object::Ptr object =
            Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
        if (!object->has("name") || !object->get("name").isString())
            return problem(400, "the body needs \"name\": a string");
        name = object->getValue<std::string>("name");
        if (object->has("groups"))
        {
            const Poco::JSON::Array::Ptr list = object->getArray("groups");
            if (list.isNull()) return problem(400, "\"groups\" must be an array of names");
            for (std::size_t i = 0; i < list->size(); ++i)
            {
                const Poco::Dynamic::Var group = list->get(static_cast<unsigned>(i));
                if (!group.isString() || !config::isValidName(group.extract<std::string>()))
                    return problem(400, "group names are letters, digits, '.', '_' or '-'");
                groups.push_back(group.extract<std::string>());
            }
        }
        AdminAnswer refusal;
        if (!passwordOf(*object, password, refusal)) return refusal;
    }
    catch (const std::exception&)
    {
        return problem(400,
                       "the body is not a JSON object such as {\"name\":\"acme\",\"groups\":[\"partners\"]}");
    }
    if (!config::isValidName(name))
        return problem(400, "consumer names are letters, digits, '.', '_' or '-'");
    if (configured()->findByName(name) != nullptr)
        return problem(409, "consumer '" + name + "' is defined in the configuration file");
    Poco::JSON::Object created;
    created.set("name", name);
    created.set("groups", groupsArray(groups));
    created.set("basic", !password.empty());
    AdminAnswer success;
    success.status = 201;
    success.body = toJson(created);
    return changed(_store->createConsumer(name, groups, password),
                   problem(409, "consumer '" + name + "' exists"), success);
}

AdminAnswer ConsumerAdmin::setPassword(const std::string& name, const std::string& body)
{
    if (configured()->findByName(name) != nullptr)
        return problem(409, "consumer '" + name + "' is defined in the configuration file; set it there");
    if (_store == nullptr) return storeMissing();
    std::string password;
    try
    {
        const Poco::JSON::Object::Ptr object =
            Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
        AdminAnswer refusal;
        if (!passwordOf(*object, password, refusal)) return refusal;
    }
    catch (const std::exception&)
    {
        return problem(400, "the body is not a JSON object such as {\"password\":\"…\"}");
    }
    AdminAnswer success;
    success.status = 204;
    // No password in the body removes it: the consumer no longer signs in with Basic.
    return changed(_store->setPassword(name, password), problem(404, "no consumer '" + name + "'"), success);
}

AdminAnswer ConsumerAdmin::remove(const std::string& name)
{
    if (configured()->findByName(name) != nullptr)
        return problem(409, "consumer '" + name + "' is defined in the configuration file; remove it there");
    if (_store == nullptr) return storeMissing();
    AdminAnswer success;
    success.status = 204;
    return changed(_store->deleteConsumer(name), problem(404, "no consumer '" + name + "'"), success);
}

AdminAnswer ConsumerAdmin::issueKey(const std::string& name)
{
    if (_store == nullptr) return storeMissing();
    const bool inFile = configured()->findByName(name) != nullptr;
    std::string random(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(random.data()), static_cast<int>(random.size())) != 1)
        return problem(500, "no random bytes for a key");
    const std::string key =
        codec::encodeBase64(random, codec::Base64Alphabet::Url, codec::Base64Padding::Absent);
    const crypto::Sha256Digest digest = crypto::sha256(key);
    Poco::JSON::Object issued;
    issued.set("consumer", name);
    issued.set("key", key);
    issued.set("id", crypto::toHex(digest).substr(0, 16));
    AdminAnswer success;
    success.status = 201;
    success.body = toJson(issued);
    return changed(_store->addKey(name, !inFile, digest), problem(404, "no consumer '" + name + "'"),
                   success);
}

AdminAnswer ConsumerAdmin::listKeys(const std::string& name) const
{
    if (_store == nullptr) return storeMissing();
    Poco::JSON::Array keys;
    for (const ConsumerStore::KeyInfo& info : _store->keys(name))
    {
        Poco::JSON::Object key;
        key.set("id", info.id);
        key.set("created", info.created);
        keys.add(key);
    }
    AdminAnswer answer;
    answer.body = toJson(keys);
    return answer;
}

AdminAnswer ConsumerAdmin::revokeKey(const std::string& name, const std::string& id)
{
    if (_store == nullptr) return storeMissing();
    AdminAnswer success;
    success.status = 204;
    return changed(_store->deleteKey(name, id),
                   problem(404, "consumer '" + name + "' has no stored key '" + id + "'"), success);
}

} // namespace portico::store
