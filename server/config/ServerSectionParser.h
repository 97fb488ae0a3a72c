#pragma once

// Reads <server>: listeners, the admin listener, limits and the access log.

#include "config/Config.h"
#include "config/LoadContext.h"

#include <pugixml.hpp>

namespace portico::config
{

class ElementReader;

class ServerSectionParser
{
public:
    ServerSectionParser(LoadContext& context, ServerConfig& target);

    void parse(const pugi::xml_node& server);

private:
    void parseListener(const pugi::xml_node& element);
    void parseAdmin(const pugi::xml_node& element);
    void parseLimits(const pugi::xml_node& element);
    void parseAccessLog(const pugi::xml_node& element);
    void parseLogging(const pugi::xml_node& element);
    void parseTrustedProxies(const pugi::xml_node& element);
    bool readAddress(ElementReader& reader, std::string& host, std::uint16_t& port);
    void checkAddressUnique(ElementReader& reader, const std::string& host, std::uint16_t port);

    struct UsedAddress
    {
        std::string host;
        std::uint16_t port;
        SourcePosition position;
    };

    LoadContext& _context;
    ServerConfig& _target;
    std::vector<UsedAddress> _usedAddresses;
};

} // namespace portico::config
