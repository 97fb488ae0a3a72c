#include "authentication/SignInThrottle.h"

#include "net/AddressRange.h"

namespace portico::authentication
{

std::string SignInThrottle::clientKey(const std::string& address)
{
    const std::optional<net::IpAddress> parsed = net::IpAddress::parse(address);
    if (!parsed || parsed->v4) return address;
    return "v6/64:" + std::string(reinterpret_cast<const char*>(parsed->bytes.data()), 8);
}

bool SignInThrottle::startCheck(const std::string& address)
{
    std::lock_guard<std::mutex> lock(_mutex);
    unsigned& count = _inFlight[clientKey(address)];
    if (count >= maxChecksInFlight) return false;
    ++count;
    return true;
}

void SignInThrottle::endCheck(const std::string& address)
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto found = _inFlight.find(clientKey(address));
    if (found == _inFlight.end()) return;
    if (--found->second == 0) _inFlight.erase(found);
}

bool SignInThrottle::throttled(const std::string& address, util::MonoMillis now,
                               util::MonoMillis& retryAfter) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto found = _failures.find(clientKey(address));
    if (found == _failures.end() || found->second.count < maxFailures) return false;
    const util::MonoMillis windowEnd = found->second.windowStart + failureWindow;
    if (windowEnd <= now) return false;
    retryAfter = windowEnd - now;
    return true;
}

void SignInThrottle::recordFailure(const std::string& address, util::MonoMillis now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_failures.size() >= maxTrackedAddresses)
    {
        for (auto entry = _failures.begin(); entry != _failures.end();)
            entry =
                entry->second.windowStart + failureWindow <= now ? _failures.erase(entry) : std::next(entry);
        // Still full: a flood of addresses. Forgetting them all is the bounded choice; each then
        // starts again from zero, which a single guesser cannot exploit.
        if (_failures.size() >= maxTrackedAddresses) _failures.clear();
    }
    Failures& failures = _failures[clientKey(address)];
    if (failures.count == 0 || failures.windowStart + failureWindow <= now)
    {
        failures.count = 0;
        failures.windowStart = now;
    }
    ++failures.count;
}

} // namespace portico::authentication
