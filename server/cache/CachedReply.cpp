#include "cache/CachedReply.h"

#include "cache/CacheControl.h"
#include "util/Strings.h"

#include <string>

namespace portico::cache
{

namespace
{

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::string_view opaqueTag(std::string_view tag)
{
    tag = trim(tag);
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
    return tag;
}

// The fields a 304 carries (RFC 9110 §15.4.5).
bool sentWithNotModified(std::string_view name)
{
    for (const std::string_view field :
         {"cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified"})
        if (util::equalsIgnoreCase(name, field)) return true;
    return false;
}

} // namespace

pipeline::LocalReply replyFromEntry(const CachedResponse& entry, std::int64_t now, const char* xCache)
{
    pipeline::LocalReply answer;
    answer.status = entry.status;
    answer.contentType = entry.contentType;
    answer.body = entry.body;
    answer.headers.reserve(entry.headers.size() + 2);
    for (const auto& field : entry.headers)
        answer.headers.push_back(field);
    answer.header("Age", std::to_string(entry.age(now)));
    answer.header("X-Cache", xCache);
    return answer;
}

bool satisfiesConditional(const http::HttpHead& request, const CachedResponse& entry)
{
    const std::string_view noneMatch = request.find("if-none-match");
    if (noneMatch.data() != nullptr)
    {
        if (entry.etag.empty()) return false;
        if (trim(noneMatch) == "*") return true;
        const std::string_view stored = opaqueTag(entry.etag);
        std::string_view list = noneMatch;
        while (!list.empty())
        {
            const std::size_t comma = list.find(',');
            if (opaqueTag(list.substr(0, comma)) == stored) return true;
            list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        }
        return false;
    }
    const std::string_view modifiedSince = request.find("if-modified-since");
    if (modifiedSince.data() == nullptr || entry.lastModified.empty()) return false;
    const std::optional<std::int64_t> since = parseHttpDate(modifiedSince);
    const std::optional<std::int64_t> modified = parseHttpDate(entry.lastModified);
    return since && modified && *modified <= *since;
}

pipeline::LocalReply notModifiedFromEntry(const CachedResponse& entry, std::int64_t now)
{
    pipeline::LocalReply answer;
    answer.status = 304;
    for (const auto& field : entry.headers)
        if (sentWithNotModified(field.first)) answer.headers.push_back(field);
    answer.header("Age", std::to_string(entry.age(now)));
    answer.header("X-Cache", "HIT");
    return answer;
}

} // namespace portico::cache
