#pragma once

// Calendar periods of quotas, in UTC: a day starts at 00:00, a month on its first day. A period is
// numbered (days or months since 1970) so a counter can tell at once whether it belongs to the
// current one, and named ("2026-12-05", "2026-12") where people and the store database see it.

#include <cstdint>
#include <string>

namespace portico::quota
{

enum class QuotaPeriod
{
    Day,
    Month,
};

// The number of the period holding epochSeconds.
std::uint32_t periodIndex(QuotaPeriod period, std::int64_t epochSeconds);
// When that period ends (the next one starts), in seconds since the epoch.
std::int64_t periodEnd(QuotaPeriod period, std::uint32_t index);
std::string periodLabel(QuotaPeriod period, std::uint32_t index);

} // namespace portico::quota
