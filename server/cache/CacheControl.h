#pragma once

// The Cache-Control directives a shared cache acts on (RFC 9111 §5.2), read from every
// Cache-Control field of a message. Unknown directives are ignored, as the RFC asks; a malformed
// delta-seconds makes its directive count as absent, except that a malformed max-age or s-maxage
// on a response counts as 0 (stale at once), the safe reading.

#include <cstdint>
#include <optional>
#include <string_view>

namespace portico::cache
{

struct CacheControl
{
    bool noStore = false;
    bool noCache = false;
    bool isPrivate = false;
    bool isPublic = false;
    bool mustRevalidate = false;         // must-revalidate or proxy-revalidate
    std::optional<std::int64_t> maxAge;  // seconds
    std::optional<std::int64_t> sMaxAge; // seconds
    std::optional<std::int64_t> staleIfError;

    // Adds the directives of one field value ("max-age=60, private").
    void add(std::string_view fieldValue);
};

// An HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms) as seconds since the
// epoch; unset when it is not one.
std::optional<std::int64_t> parseHttpDate(std::string_view text);

} // namespace portico::cache
