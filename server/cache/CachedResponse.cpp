#include "cache/CachedResponse.h"

#include <algorithm>
#include <charconv>

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

namespace
{

constexpr std::string_view serialMagic = "PORTICO-CACHE-1 ";

} // namespace

std::string CachedResponse::serialize() const
{
    std::string out(serialMagic);
    for (const std::int64_t number :
         {std::int64_t(_status), _responseTime, _initialAge, _freshFor, _staleIfError})
        out.append(std::to_string(number)).push_back(' ');
    for (const Span span : {_key, _path, _contentType, _etag, _lastModified, _headers, _vary, _body})
        out.append(std::to_string(span.offset))
            .append(" ")
            .append(std::to_string(span.length))
            .push_back(' ');
    out.back() = '\n';
    out.append(_block);
    return out;
}

std::shared_ptr<const CachedResponse> CachedResponse::deserialize(std::string_view bytes,
                                                                  std::shared_ptr<const std::string> route)
{
    if (bytes.substr(0, serialMagic.size()) != serialMagic) return nullptr;
    bytes.remove_prefix(serialMagic.size());
    const std::size_t lineEnd = bytes.find('\n');
    if (lineEnd == std::string_view::npos) return nullptr;
    std::string_view line = bytes.substr(0, lineEnd);
    const std::string_view block = bytes.substr(lineEnd + 1);
    std::int64_t numbers[5 + 16] = {};
    for (std::int64_t& number : numbers)
    {
        while (!line.empty() && line.front() == ' ')
            line.remove_prefix(1);
        const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), number);
        if (error != std::errc()) return nullptr;
        line.remove_prefix(static_cast<std::size_t>(end - line.data()));
    }
    auto entry = std::make_shared<CachedResponse>();
    entry->_block.assign(block);
    Span* spans[] = {&entry->_key,          &entry->_path,    &entry->_contentType, &entry->_etag,
                     &entry->_lastModified, &entry->_headers, &entry->_vary,        &entry->_body};
    for (std::size_t i = 0; i < 8; ++i)
    {
        const std::int64_t offset = numbers[5 + 2 * i], length = numbers[6 + 2 * i];
        if (offset < 0 || length < 0 || static_cast<std::uint64_t>(offset + length) > block.size())
            return nullptr;
        *spans[i] = Span{static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(length)};
    }
    entry->_status = static_cast<int>(numbers[0]);
    entry->_responseTime = numbers[1];
    entry->_initialAge = numbers[2];
    entry->_freshFor = numbers[3];
    entry->_staleIfError = numbers[4];
    entry->_route = std::move(route);
    // Fields are "name\0value\0" pairs: a region that does not end so is not one.
    for (const Span span : {entry->_headers, entry->_vary})
        if (span.length > 0 &&
            (block[span.offset + span.length - 1] != '\0' ||
             std::count(block.begin() + span.offset, block.begin() + span.offset + span.length, '\0') % 2 !=
                 0))
            return nullptr;
    return entry;
}

std::size_t CachedResponse::cost() const
{
    return bookkeepingBytes + _block.capacity();
}

} // namespace portico::cache
