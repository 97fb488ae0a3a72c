#include "net/AddressRange.h"

#include "net/SocketHeaders.h"

#include <cstring>

namespace portico::net
{

namespace
{

constexpr unsigned char mappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};

} // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    if (text.empty() || text.size() > 45) return std::nullopt;
    char buffer[46];
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    IpAddress address;
    unsigned char v4[4];
    if (inet_pton(AF_INET, buffer, v4) == 1)
    {
        std::memcpy(address.bytes.data(), mappedPrefix, sizeof mappedPrefix);
        std::memcpy(address.bytes.data() + 12, v4, 4);
        address.v4 = true;
        return address;
    }
    if (inet_pton(AF_INET6, buffer, address.bytes.data()) == 1)
    {
        address.v4 = std::memcmp(address.bytes.data(), mappedPrefix, sizeof mappedPrefix) == 0;
        return address;
    }
    return std::nullopt;
}

std::optional<AddressRange> AddressRange::parse(std::string_view text)
{
    const std::size_t slash = text.find('/');
    const std::optional<IpAddress> network = IpAddress::parse(text.substr(0, slash));
    if (!network) return std::nullopt;
    // The prefix counts bits of the form written: "::ffff:10.0.0.0/104" is the same range as "10.0.0.0/8".
    const bool writtenAsV4 = text.substr(0, slash).find(':') == std::string_view::npos;
    const unsigned width = writtenAsV4 ? 32 : 128;
    unsigned prefix = width;
    if (slash != std::string_view::npos)
    {
        const std::string_view digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 ||
            digits.find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
        prefix = static_cast<unsigned>(std::stoul(std::string(digits)));
        if (prefix > width) return std::nullopt;
    }
    AddressRange range;
    range._network = *network;
    range._prefixBits = prefix + (writtenAsV4 ? 96 : 0);
    // No host bits may be set past the prefix.
    for (unsigned bit = range._prefixBits; bit < 128; ++bit)
        if (range._network.bytes[bit / 8] & (0x80 >> (bit % 8))) return std::nullopt;
    return range;
}

bool AddressRange::contains(const IpAddress& address) const
{
    const unsigned fullBytes = _prefixBits / 8;
    if (std::memcmp(address.bytes.data(), _network.bytes.data(), fullBytes) != 0) return false;
    const unsigned rest = _prefixBits % 8;
    if (rest == 0) return true;
    const unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (address.bytes[fullBytes] & mask) == (_network.bytes[fullBytes] & mask);
}

bool AddressRangeSet::parse(std::string_view list, std::string& badEntry)
{
    std::size_t start = 0;
    while (start <= list.size())
    {
        std::size_t end = list.find_first_of(", ", start);
        if (end == std::string_view::npos) end = list.size();
        const std::string_view entry = list.substr(start, end - start);
        if (!entry.empty())
        {
            const std::optional<AddressRange> range = AddressRange::parse(entry);
            if (!range)
            {
                badEntry = std::string(entry);
                return false;
            }
            _ranges.push_back(*range);
        }
        start = end + 1;
    }
    return true;
}

bool AddressRangeSet::contains(const IpAddress& address) const
{
    for (const AddressRange& range : _ranges)
        if (range.contains(address)) return true;
    return false;
}

bool AddressRangeSet::contains(std::string_view address) const
{
    const std::optional<IpAddress> parsed = IpAddress::parse(address);
    return parsed && contains(*parsed);
}

} // namespace portico::net
