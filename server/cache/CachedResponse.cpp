#include "cache/CachedResponse.h"

namespace portico::cache
{

namespace
{

// The allocations and nodes of one entry besides its bytes: the object, its strings' and vectors'
// blocks, the store's list and index nodes. Counted so the budget bounds memory, not payload.
constexpr std::size_t bookkeepingBytes = 320;

} // namespace

std::size_t CachedResponse::cost() const
{
    std::size_t bytes = bookkeepingBytes + key.size() + route.size() + path.size() + contentType.size() +
                        body.size() + etag.size() + lastModified.size();
    for (const auto& [name, value] : headers)
        bytes += name.size() + value.size() + 32;
    for (const auto& [name, value] : varyValues)
        bytes += name.size() + value.size() + 32;
    return bytes;
}

} // namespace portico::cache
