#pragma once

// <consumers>: <consumer name groups> with <key value|sha256/>, <password pbkdf2/> and
// <certificate name/> children.
// A key given as text is hashed at once and its text dropped; names and key digests must be
// unique; a password must be a PBKDF2-SHA256 PHC string of at least 100,000 iterations.

#include "config/Config.h"
#include "config/LoadContext.h"

#include <pugixml.hpp>

#include <vector>

namespace portico::config
{

class ConsumersSectionParser
{
public:
    ConsumersSectionParser(LoadContext& context, std::vector<ConsumerConfig>& target);

    void parse(const pugi::xml_node& element);

private:
    void parseConsumer(const pugi::xml_node& element);
    void parseKey(const pugi::xml_node& element, ConsumerConfig& consumer);
    void parsePassword(const pugi::xml_node& element, ConsumerConfig& consumer);
    void parseCertificate(const pugi::xml_node& element, ConsumerConfig& consumer);

    LoadContext& _context;
    std::vector<ConsumerConfig>& _target;
    std::vector<std::pair<crypto::Sha256Digest, SourcePosition>> _keys; // for duplicates across consumers
};

} // namespace portico::config
