#include "tcp/ConfigValues.h"

#include <portico/config/Values.h>

namespace portico::tcp
{

std::string Endpoint::text() const
{
    const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return shown + ":" + std::to_string(port);
}

std::optional<std::chrono::milliseconds> ConfigValues::duration(std::string_view text)
{
    return config::parseDuration(text);
}

std::optional<std::size_t> ConfigValues::size(std::string_view text)
{
    return config::parseSize(text);
}

std::optional<std::uint64_t> ConfigValues::number(std::string_view text, std::uint64_t min, std::uint64_t max)
{
    return config::parseNumber(text, min, max);
}

std::optional<bool> ConfigValues::boolean(std::string_view text)
{
    return config::parseBool(text);
}

std::optional<Endpoint> ConfigValues::endpoint(std::string_view text)
{
    // A peer to connect to: port 0 ("any free port") makes no sense here.
    const std::optional<config::HostPort> parsed = config::parseHostPort(text);
    if (!parsed || parsed->port == 0)
    {
        return std::nullopt;
    }
    Endpoint endpoint;
    endpoint.host = parsed->host;
    endpoint.port = parsed->port;
    return endpoint;
}

std::string ConfigValues::durationText(std::chrono::milliseconds duration)
{
    return config::durationText(duration);
}

} // namespace portico::tcp
