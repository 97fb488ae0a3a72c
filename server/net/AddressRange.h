#pragma once

// IPv4 and IPv6 address ranges in CIDR notation ("10.0.0.0/8", "2001:db8::/32", or one address),
// for <allow ips>, <deny ips> and the trusted proxies. An IPv4-mapped IPv6 address
// ("::ffff:192.0.2.1") is matched as the IPv4 address it carries, so a dual-stack listener
// cannot be used to slip past an IPv4 rule.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::net
{

// An address as 16 bytes; IPv4 kept in its mapped form.
struct IpAddress
{
    std::array<unsigned char, 16> bytes{};
    bool v4 = false;

    static std::optional<IpAddress> parse(std::string_view text);
};

class AddressRange
{
public:
    // "ADDRESS" or "ADDRESS/PREFIX"; nullopt when it is neither, or when bits are set past the
    // prefix ("10.0.0.1/8" is refused: it is a typo for /32 or for 10.0.0.0/8).
    static std::optional<AddressRange> parse(std::string_view text);

    bool contains(const IpAddress& address) const;

private:
    IpAddress _network;
    unsigned _prefixBits = 0; // of the 128-bit form
};

class AddressRangeSet
{
public:
    // Comma- or space-separated ranges; on failure returns false and names the bad entry.
    bool parse(std::string_view list, std::string& badEntry);

    bool empty() const { return _ranges.empty(); }
    bool contains(const IpAddress& address) const;
    bool contains(std::string_view address) const;

private:
    std::vector<AddressRange> _ranges;
};

} // namespace portico::net
