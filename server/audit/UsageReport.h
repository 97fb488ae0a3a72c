#pragma once

// GET /admin/usage read from audit_usage (see UsageRollup): requests, errors, bytes and latency
// percentiles per period, consumer and route, the hours of the table added up into days or months.

#include "audit/LatencyHistogram.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace portico::audit
{

enum class UsagePeriod
{
    Hour,  // "2026-12-05T13"
    Day,   // "2026-12-05"
    Month, // "2026-12"
};

struct UsageQuery
{
    std::optional<std::string> consumer; // "" selects requests without a consumer
    std::optional<std::string> route;
    std::string fromHour; // inclusive, "YYYY-MM-DDTHH"; "" from the first
    std::string toHour;   // exclusive; "" to the last
    UsagePeriod period = UsagePeriod::Day;
};

struct UsageLine
{
    std::string period;
    std::optional<std::string> consumer; // none: unauthenticated requests
    std::optional<std::string> route;    // none: requests that matched no route
    std::int64_t requests = 0;
    std::int64_t errors = 0;       // answered 400 or above
    std::int64_t serverErrors = 0; // answered 500 or above
    std::int64_t bytesIn = 0;
    std::int64_t bytesOut = 0;
    double p50Ms = 0;
    double p99Ms = 0;
};

// Adds hourly rows of a usage table up into the query's periods (both stores use it).
class UsageSum
{
public:
    explicit UsageSum(UsagePeriod period) : _period(period) {}
    // consumer and route "" when none.
    UsageLine& add(const std::string& hour, const std::string& consumer, const std::string& route,
                   const LatencyHistogram& latency);
    // Lines ordered by period, consumer, route, with their percentiles.
    void finish(std::vector<UsageLine>& lines);

private:
    struct Sum
    {
        UsageLine line;
        LatencyHistogram latency;
    };
    UsagePeriod _period;
    std::map<std::tuple<std::string, std::string, std::string>, Sum> _sums;
};

// Lines ordered by period, consumer, route.
bool readUsage(const std::string& path, const UsageQuery& query, std::vector<UsageLine>& lines,
               std::string& error);

// "2026-12", "2026-12-05", "2026-12-05T13" or any longer ISO-8601 time → "YYYY-MM-DDTHH"; empty
// when it is none of these.
std::string usageHour(const std::string& text);

} // namespace portico::audit
