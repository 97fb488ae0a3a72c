#pragma once

// Reads <upstreams>: named groups of targets with their balancing, timeouts, passive and active
// health settings.

#include "config/Config.h"
#include "config/LoadContext.h"

#include <pugixml.hpp>

#include <map>
#include <string>
#include <vector>

namespace portico::config
{

class ElementReader;

class UpstreamSectionParser
{
public:
    UpstreamSectionParser(LoadContext& context, std::vector<UpstreamConfig>& target);

    void parse(const pugi::xml_node& upstreams);

    // Reads a target URL attribute (also used by <proxy url="…">). Reports and returns false when
    // it is missing or not http(s)://HOST[:PORT][/PATH].
    static bool readTargetUrl(ElementReader& reader, const char* attribute, TargetConfig& target);

private:
    void parseUpstream(const pugi::xml_node& element);
    void parseTarget(const pugi::xml_node& element, UpstreamConfig& upstream);
    void parseBreaker(const pugi::xml_node& element, BreakerConfig& breaker);
    void parseHealthCheck(const pugi::xml_node& element, HealthCheckConfig& healthCheck);

    LoadContext& _context;
    std::vector<UpstreamConfig>& _target;
    std::map<std::string, SourcePosition> _names;
};

} // namespace portico::config
