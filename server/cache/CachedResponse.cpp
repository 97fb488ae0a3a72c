#include "cache/CachedResponse.h"

namespace portico::cache
{

namespace
{

// Besides the block: the object and its control block (one allocation), the store's list node
// and index node and its share of the index's buckets, and the allocator's header of each.
constexpr std::size_t bookkeepingBytes = sizeof(CachedResponse) + 16 + 40 + 48 + 16 + 4 * 16;

} // namespace

std::shared_ptr<const CachedResponse> CachedResponse::build(const CapturedResponse& captured)
{
    auto entry = std::make_shared<CachedResponse>();
    std::size_t size = captured.key.size() + captured.path.size() + captured.contentType.size() +
                       captured.etag.size() + captured.lastModified.size() + captured.body.size();
    for (const auto& [name, value] : captured.headers)
        size += name.size() + value.size() + 2;
    for (const auto& [name, value] : captured.varyValues)
        size += name.size() + value.size() + 2;
    entry->_block.reserve(size);
    entry->_key = entry->append(captured.key);
    entry->_path = entry->append(captured.path);
    entry->_contentType = entry->append(captured.contentType);
    entry->_etag = entry->append(captured.etag);
    entry->_lastModified = entry->append(captured.lastModified);
    entry->_headers = entry->appendFields(captured.headers);
    entry->_vary = entry->appendFields(captured.varyValues);
    entry->_body = entry->append(captured.body);
    entry->_route = captured.route;
    entry->_status = captured.status;
    entry->_responseTime = captured.responseTime;
    entry->_initialAge = captured.initialAge;
    entry->_freshFor = captured.freshFor;
    entry->_staleIfError = captured.staleIfError;
    return entry;
}

CachedResponse::Span CachedResponse::append(std::string_view bytes)
{
    const Span span{static_cast<std::uint32_t>(_block.size()), static_cast<std::uint32_t>(bytes.size())};
    _block.append(bytes);
    return span;
}

CachedResponse::Span
CachedResponse::appendFields(const std::vector<std::pair<std::string, std::string>>& fields)
{
    const std::size_t start = _block.size();
    for (const auto& [name, value] : fields)
    {
        _block.append(name).push_back('\0');
        _block.append(value).push_back('\0');
    }
    return Span{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(_block.size() - start)};
}

std::size_t CachedResponse::cost() const
{
    return bookkeepingBytes + _block.capacity();
}

} // namespace portico::cache
