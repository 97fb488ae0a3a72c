#include "quota/QuotaPeriod.h"

#include <cstdio>

namespace portico::quota
{

namespace
{

constexpr std::int64_t secondsPerDay = 86400;

// Days since 1970-01-01 to a civil date and back (proleptic Gregorian; H. Hinnant's algorithms).
void civilFromDays(std::int64_t days, int& year, unsigned& month, unsigned& day)
{
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned dayOfEra = static_cast<unsigned>(days - era * 146097);
    const unsigned yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned monthPrime = (5 * dayOfYear + 2) / 153;
    day = dayOfYear - (153 * monthPrime + 2) / 5 + 1;
    month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9;
    year = static_cast<int>(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
}

std::int64_t daysFromCivil(int year, unsigned month, unsigned day)
{
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yearOfEra = static_cast<unsigned>(year - era * 400);
    const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + static_cast<std::int64_t>(dayOfEra) - 719468;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

std::uint32_t periodIndex(QuotaPeriod period, std::int64_t epochSeconds)
{
    const std::int64_t days = floorDiv(epochSeconds, secondsPerDay);
    if (period == QuotaPeriod::Day) return static_cast<std::uint32_t>(days);
    int year = 0;
    unsigned month = 0, day = 0;
    civilFromDays(days, year, month, day);
    return static_cast<std::uint32_t>((year - 1970) * 12 + static_cast<int>(month) - 1);
}

std::int64_t periodEnd(QuotaPeriod period, std::uint32_t index)
{
    if (period == QuotaPeriod::Day) return (static_cast<std::int64_t>(index) + 1) * secondsPerDay;
    const std::uint32_t next = index + 1;
    return daysFromCivil(1970 + static_cast<int>(next / 12), next % 12 + 1, 1) * secondsPerDay;
}

std::string periodLabel(QuotaPeriod period, std::uint32_t index)
{
    char text[16];
    if (period == QuotaPeriod::Month)
    {
        std::snprintf(text, sizeof text, "%04u-%02u", 1970 + index / 12, index % 12 + 1);
        return text;
    }
    int year = 0;
    unsigned month = 0, day = 0;
    civilFromDays(index, year, month, day);
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, day);
    return text;
}

} // namespace portico::quota
