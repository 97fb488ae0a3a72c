#include "config/ConsumersSectionParser.h"

#include "crypto/PasswordHash.h"

#include <portico/config/ElementReader.h>

#include <algorithm>

namespace portico::config
{

ConsumersSectionParser::ConsumersSectionParser(LoadContext& context, std::vector<ConsumerConfig>& target)
    : _context(context), _target(target)
{
}

void ConsumersSectionParser::parse(const pugi::xml_node& element)
{
    ElementReader reader(_context, element, {});
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            if (std::string_view(child.name()) == "consumer")
                parseConsumer(child);
            else
                reader.unknownChild(child, {"consumer"});
        });
}

void ConsumersSectionParser::parseConsumer(const pugi::xml_node& element)
{
    ElementReader reader(_context, element, {"name", "groups"});
    ConsumerConfig consumer;
    consumer.position = reader.position();
    if (const std::optional<std::string> name = reader.required("name"))
    {
        if (!isValidName(*name))
            reader.invalid("name", *name, "expected letters, digits, '.', '_' or '-'");
        else if (const auto same =
                     std::find_if(_target.begin(), _target.end(),
                                  [&](const ConsumerConfig& other) { return other.name == *name; });
                 same != _target.end())
            reader.error("name", "duplicate consumer '" + *name + "' (first at " +
                                     describePosition(same->position) + ")");
        else
            consumer.name = *name;
    }
    if (const std::optional<std::string> groups = reader.text("groups"))
    {
        consumer.groups = splitList(*groups);
        for (const std::string& group : consumer.groups)
            if (!isValidName(group))
                reader.invalid("groups", *groups,
                               "group names are letters, digits, '.', '_' or '-', separated by commas");
    }
    pugi::xml_node password;
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view name = child.name();
            if (name == "key")
                parseKey(child, consumer);
            else if (name == "certificate")
                parseCertificate(child, consumer);
            else if (name == "password")
            {
                if (reader.once(child, password)) parsePassword(child, consumer);
            }
            else
                reader.unknownChild(child, {"key", "password", "certificate"});
        });
    if (!consumer.name.empty()) _target.push_back(std::move(consumer));
}

void ConsumersSectionParser::parseKey(const pugi::xml_node& element, ConsumerConfig& consumer)
{
    ElementReader reader(_context, element, {"value", "sha256"});
    reader.expectEmpty();
    crypto::Sha256Digest digest{};
    if (reader.has("value") == reader.has("sha256"))
    {
        reader.error("<key> takes exactly one of value=\"…\" (the key) or sha256=\"…\" (its SHA-256 in hex)");
        return;
    }
    if (reader.has("value"))
    {
        const std::optional<std::string> value = reader.text("value");
        if (!value) return;
        // Short keys can be guessed; the admin API issues 32 random bytes.
        if (value->size() < 16)
        {
            reader.error("value", "the key on <key> is too short: an API key needs at least 16 characters");
            return;
        }
        digest = crypto::sha256(*value);
    }
    else
    {
        const std::optional<std::string> hex = reader.text("sha256");
        if (!hex) return;
        if (!crypto::parseHexDigest(*hex, digest))
        {
            reader.invalid("sha256", *hex, "expected 64 hex digits (the SHA-256 of the key)");
            return;
        }
    }
    const auto same =
        std::find_if(_keys.begin(), _keys.end(), [&](const auto& seen) { return seen.first == digest; });
    if (same != _keys.end())
    {
        reader.error("the same key is given twice (first at " + describePosition(same->second) +
                     "): a key must name one consumer");
        return;
    }
    _keys.emplace_back(digest, reader.position());
    consumer.keyDigests.push_back(digest);
}

void ConsumersSectionParser::parseCertificate(const pugi::xml_node& element, ConsumerConfig& consumer)
{
    ElementReader reader(_context, element, {"name"});
    reader.expectEmpty();
    const std::optional<std::string> name = reader.required("name");
    if (!name) return;
    for (const ConsumerConfig& other : _target)
    {
        if (std::find(other.certificateNames.begin(), other.certificateNames.end(), *name) !=
            other.certificateNames.end())
        {
            reader.error("name",
                         "the certificate name '" + *name + "' already names consumer '" + other.name + "'");
            return;
        }
    }
    consumer.certificateNames.push_back(*name);
}

void ConsumersSectionParser::parsePassword(const pugi::xml_node& element, ConsumerConfig& consumer)
{
    ElementReader reader(_context, element, {"pbkdf2"});
    reader.expectEmpty();
    const std::optional<std::string> phc = reader.required("pbkdf2");
    if (!phc) return;
    crypto::PasswordHash hash;
    std::string problem;
    if (!crypto::PasswordHash::parse(*phc, hash, problem))
    {
        // The value is a secret's hash: it is not repeated in the message.
        reader.error("pbkdf2", "invalid 'pbkdf2' on <password>: " + problem);
        return;
    }
    consumer.password = *phc;
}

} // namespace portico::config
