#pragma once

// The value syntaxes of Portico's configuration vocabulary for the tcp adapter's attributes:
// durations ("250ms", "2s", "5m", "2h", "1d"), sizes ("1024", "64KiB", "1MiB"), bounded whole
// numbers, booleans and HOST:PORT endpoints. The rules are the SDK's (portico/config/Values.h),
// the gateway's own; this only adapts them to the adapter's types. Pure functions; thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::tcp
{

struct Endpoint
{
    std::string host; // a name or address; IPv6 without brackets
    std::uint16_t port = 0;

    // "host:port", or "[v6]:port".
    std::string text() const;
};

class ConfigValues
{
public:
    // A whole number and a unit (ms, s, m, h, d); "0" alone is zero. nullopt otherwise.
    static std::optional<std::chrono::milliseconds> duration(std::string_view text);

    // Bytes, or a whole number with B, KiB, MiB, GiB, TiB, kB, KB, MB, GB or TB.
    static std::optional<std::size_t> size(std::string_view text);

    // Decimal digits only, within [min, max].
    static std::optional<std::uint64_t> number(std::string_view text, std::uint64_t min, std::uint64_t max);

    // "true" or "false".
    static std::optional<bool> boolean(std::string_view text);

    // "HOST:PORT" or "[IPv6]:PORT", port 1-65535.
    static std::optional<Endpoint> endpoint(std::string_view text);

    // "2s" for 2000 ms, "250ms" for 250: the shortest exact spelling, for messages.
    static std::string durationText(std::chrono::milliseconds duration);
};

} // namespace portico::tcp
