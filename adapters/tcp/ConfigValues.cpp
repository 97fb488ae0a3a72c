#include "tcp/ConfigValues.h"

#include <limits>
#include <utility>

namespace portico::tcp
{

namespace
{

// Reads the leading decimal digits of text into value; returns how many there were (0 on
// overflow, so an absurd number is never silently wrapped).
std::size_t readDigits(std::string_view text, std::uint64_t& value)
{
    value = 0;
    std::size_t count = 0;
    while (count < text.size() && text[count] >= '0' && text[count] <= '9')
    {
        const auto digit = static_cast<std::uint64_t>(text[count] - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
        {
            return 0;
        }
        value = value * 10 + digit;
        ++count;
    }
    return count;
}

std::optional<std::uint64_t> scaled(std::uint64_t value, std::uint64_t factor, std::uint64_t limit)
{
    if (factor != 0 && value > limit / factor)
    {
        return std::nullopt;
    }
    return value * factor;
}

} // namespace

std::string Endpoint::text() const
{
    const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return shown + ":" + std::to_string(port);
}

std::optional<std::chrono::milliseconds> ConfigValues::duration(std::string_view text)
{
    std::uint64_t value = 0;
    const std::size_t digits = readDigits(text, value);
    if (digits == 0)
    {
        return std::nullopt;
    }
    const std::string_view unit = text.substr(digits);
    if (unit.empty())
    {
        // "30" could mean seconds or milliseconds; only zero needs no unit.
        return value == 0 ? std::optional<std::chrono::milliseconds>(0) : std::nullopt;
    }
    static constexpr std::pair<std::string_view, std::uint64_t> units[] = {
        {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
    for (const auto& [name, factor] : units)
    {
        if (unit == name)
        {
            const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
            const std::optional<std::uint64_t> ms = scaled(value, factor, limit);
            if (!ms)
            {
                return std::nullopt;
            }
            return std::chrono::milliseconds(static_cast<std::int64_t>(*ms));
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> ConfigValues::size(std::string_view text)
{
    std::uint64_t value = 0;
    const std::size_t digits = readDigits(text, value);
    if (digits == 0)
    {
        return std::nullopt;
    }
    const std::string_view unit = text.substr(digits);
    constexpr std::uint64_t Ki = 1024;
    constexpr std::uint64_t K = 1000;
    static constexpr std::pair<std::string_view, std::uint64_t> units[] = {
        {"", 1},   {"B", 1},  {"KiB", Ki},   {"MiB", Ki * Ki}, {"GiB", Ki * Ki * Ki},
        {"kB", K}, {"KB", K}, {"MB", K * K}, {"GB", K * K * K}};
    for (const auto& [name, factor] : units)
    {
        if (unit == name)
        {
            const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::size_t>::max());
            const std::optional<std::uint64_t> bytes = scaled(value, factor, limit);
            if (!bytes)
            {
                return std::nullopt;
            }
            return static_cast<std::size_t>(*bytes);
        }
    }
    return std::nullopt;
}

std::optional<std::uint64_t> ConfigValues::number(std::string_view text, std::uint64_t min, std::uint64_t max)
{
    std::uint64_t value = 0;
    if (text.empty() || readDigits(text, value) != text.size() || value < min || value > max)
    {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> ConfigValues::boolean(std::string_view text)
{
    if (text == "true")
    {
        return true;
    }
    if (text == "false")
    {
        return false;
    }
    return std::nullopt;
}

std::optional<Endpoint> ConfigValues::endpoint(std::string_view text)
{
    Endpoint endpoint;
    std::string_view portText;
    if (!text.empty() && text.front() == '[')
    {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
        {
            return std::nullopt;
        }
        endpoint.host.assign(text.substr(1, close - 1));
        portText = text.substr(close + 2);
        if (endpoint.host.find(':') == std::string::npos)
        {
            return std::nullopt; // brackets are for IPv6 addresses only
        }
    }
    else
    {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string_view::npos)
        {
            return std::nullopt;
        }
        endpoint.host.assign(text.substr(0, colon));
        portText = text.substr(colon + 1);
        if (endpoint.host.find(':') != std::string::npos)
        {
            return std::nullopt; // an IPv6 address needs brackets
        }
    }
    if (endpoint.host.empty())
    {
        return std::nullopt;
    }
    for (char c : endpoint.host)
    {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                             c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
        if (!allowed)
        {
            return std::nullopt;
        }
    }
    const std::optional<std::uint64_t> port = number(portText, 1, 65535);
    if (!port)
    {
        return std::nullopt;
    }
    endpoint.port = static_cast<std::uint16_t>(*port);
    return endpoint;
}

std::string ConfigValues::durationText(std::chrono::milliseconds duration)
{
    const auto ms = duration.count();
    if (ms != 0 && ms % 1000 == 0)
    {
        return std::to_string(ms / 1000) + "s";
    }
    return std::to_string(ms) + "ms";
}

} // namespace portico::tcp
