#pragma once

// Order of xs:date, xs:dateTime and xs:time values, for their minInclusive/maxInclusive/…
// facets: each value is read as an instant (a date as its first moment; a time on one common
// day) and compared in UTC. XSD's rule for a value with a timezone against one without holds: the
// one without may lie anywhere from -14:00 to +14:00, so the two compare only when they are
// further apart than that. Pure; thread-safe.

#include "soap/XsdBuiltin.h"

#include <optional>
#include <string_view>

namespace portico::soap
{

bool isTemporalType(XsdBuiltin type);

// -1, 0 or 1; nullopt when the order is indeterminate (timezones, see above) or a value cannot
// be read (a year outside 0001–9999, say).
std::optional<int> compareTemporal(XsdBuiltin type, std::string_view a, std::string_view b);

} // namespace portico::soap
