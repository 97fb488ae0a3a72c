#pragma once

// The value syntaxes of Portico's configuration, in the plugin SDK so that the gateway and every
// adapter read durations, sizes, numbers, booleans, hosts and endpoints by the same rules. Each
// parser accepts exactly the documented spelling and nothing else: no surrounding spaces, no sign,
// no trailing junk, no silent clamping on overflow. A value that does not parse yields
// std::nullopt and the caller reports it with its position. Standard library only; all functions
// are pure and thread-safe. Link portico_config_values.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::config
{

using Duration = std::chrono::milliseconds;

// A whole number followed by one unit: "250ms", "30s", "5m", "2h", "1d". A bare "0" is also
// accepted because a zero needs no unit. Fractions ("1.5s") are refused: write "1500ms".
std::optional<Duration> parseDuration(std::string_view text);

// A byte count with an optional unit, case as written here:
//   "1024" or "1024B"          bytes
//   "64KiB" "10MiB" "1GiB" "1TiB"  powers of 1024 (IEC), the spelling the examples use
//   "64kB"/"64KB" "10MB" "1GB" "1TB" powers of 1000 (SI), because that is what the prefixes mean
// Anything else ("64k", "10mb", "64 KiB") is refused rather than guessed.
std::optional<std::size_t> parseSize(std::string_view text);

// Exactly "true" or "false".
std::optional<bool> parseBool(std::string_view text);

// Decimal digits only, within [min, max] inclusive.
std::optional<unsigned> parseUnsigned(std::string_view text, unsigned min = 0, unsigned max = 0xFFFFFFFFu);
std::optional<std::uint64_t> parseNumber(std::string_view text, std::uint64_t min, std::uint64_t max);

// "2s" for 2000 ms, "250ms" for 250: the shortest exact spelling, for messages.
std::string durationText(Duration duration);

struct HostPort
{
    std::string host; // without the brackets of an IPv6 literal
    std::uint16_t port = 0;
};

// "HOST:PORT" where HOST is a DNS name, a dotted IPv4 address or a bracketed IPv6 address
// ("[::1]:8080"). PORT is 0..65535; 0 asks the system for a free port (used by tests).
// An unbracketed IPv6 address ("::1:8080") is refused as ambiguous.
std::optional<HostPort> parseHostPort(std::string_view text);

// True for "localhost" (any case), any 127.0.0.0/8 address, "::1" (in any IPv6 spelling) and the
// IPv4-mapped form of a 127/8 address. Used to keep the admin API off public interfaces.
bool isLoopbackHost(std::string_view host);

// A host name or IP literal as it may appear in an address (no brackets, no port).
bool isValidHost(std::string_view host);

struct HttpUrl
{
    bool https = false;
    std::string host;       // without brackets
    std::uint16_t port = 0; // the explicit port, else 80 or 443
    std::string basePath;   // "" or "/prefix" without a trailing '/'
};

// "http://HOST[:PORT][/PATH]" or "https://…". No user info, query or fragment: an upstream
// target names a server and an optional path prefix, nothing else. Port 0 is refused.
std::optional<HttpUrl> parseHttpUrl(std::string_view text);

// Names of routes, upstreams and adapter types: letters, digits, '.', '_' and '-', starting
// with a letter or digit. Kept this narrow because names end up in metric labels, audit rows
// and URLs, and because ':' is reserved for generated names ("route:NAME").
bool isValidName(std::string_view name);

// The items of a list separated by commas and/or spaces ("a, b c" is a, b and c); empty items are
// dropped. For attributes that list names, methods, ranges or origins.
std::vector<std::string> splitList(std::string_view text);

// True for a non-empty RFC 9110 token (the characters allowed in a method name).
bool isHttpToken(std::string_view text);

} // namespace portico::config
