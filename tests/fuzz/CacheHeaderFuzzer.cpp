// Fuzz target for what the cache reads from messages it does not control: Cache-Control field
// values (from clients and from upstreams) and HTTP-dates (Expires, Date, If-Modified-Since).
// Input: byte 0 bit 0 chooses the reader (Cache-Control, or an HTTP-date); the rest is the field
// value, split at each 0x00 byte into several fields of one message for Cache-Control.
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// every delta-seconds read is non-negative; a date read reads the same again when formatted as
// an IMF-fixdate.

#include "cache/CacheControl.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace
{

[[noreturn]] void fail(const char* property)
{
    std::fprintf(stderr, "CacheHeaderFuzzer: %s\n", property);
    std::abort();
}

void checkDelta(const std::optional<std::int64_t>& seconds, const char* property)
{
    if (seconds && *seconds < 0) fail(property);
}

// The date as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), independently of the reader, and
// through gmtime: POCO's formatter writes negative times of day for dates long before 1970.
std::string imfFixdate(std::int64_t seconds)
{
    const std::time_t when = static_cast<std::time_t>(seconds);
    std::tm utc{};
    if (gmtime_r(&when, &utc) == nullptr) return {};
    char text[64];
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[utc.tm_wday], utc.tm_mday,
                  months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace portico::cache;
    if (size < 1) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    if ((data[0] & 1) == 0)
    {
        CacheControl control;
        for (std::size_t begin = 0; begin <= text.size();)
        {
            std::size_t end = text.find('\0', begin);
            if (end == std::string_view::npos) end = text.size();
            control.add(text.substr(begin, end - begin));
            begin = end + 1;
        }
        checkDelta(control.maxAge, "a negative max-age");
        checkDelta(control.sMaxAge, "a negative s-maxage");
        checkDelta(control.staleIfError, "a negative stale-if-error");
        return 0;
    }
    const std::optional<std::int64_t> date = parseHttpDate(text);
    if (!date) return 0;
    const std::string again = imfFixdate(*date);
    if (again.empty()) fail("a date gmtime cannot express");
    const std::optional<std::int64_t> reread = parseHttpDate(again);
    if (!reread || *reread != *date) fail("a date that does not read the same as an IMF-fixdate");
    return 0;
}
