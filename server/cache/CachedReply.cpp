#include "cache/CachedReply.h"

#include "cache/CacheControl.h"
#include "util/Strings.h"

#include <string>

namespace portico::cache
{

namespace
{

std::string_view opaqueTag(std::string_view tag)
{
    tag = util::trimOws(tag);
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
    answer.status = entry.status();
    answer.contentType = entry.contentType();
    answer.body = entry.body();
    entry.forEachHeader([&](std::string_view name, std::string_view value)
                        { answer.headers.emplace_back(std::string(name), std::string(value)); });
    answer.header("Age", std::to_string(entry.age(now)));
    answer.header("X-Cache", xCache);
    return answer;
}

bool satisfiesConditional(const http::HttpHead& request, const CachedResponse& entry)
{
    const std::string_view noneMatch = request.find("if-none-match");
    if (noneMatch.data() != nullptr)
    {
        if (entry.etag().empty()) return false;
        if (util::trimOws(noneMatch) == "*") return true;
        const std::string_view stored = opaqueTag(entry.etag());
        bool matched = false;
        util::forEachListElement(noneMatch,
                                 [&](std::string_view tag) { matched |= opaqueTag(tag) == stored; });
        return matched;
    }
    const std::string_view modifiedSince = request.find("if-modified-since");
    if (modifiedSince.data() == nullptr || entry.lastModified().empty()) return false;
    const std::optional<std::int64_t> since = parseHttpDate(modifiedSince);
    const std::optional<std::int64_t> modified = parseHttpDate(entry.lastModified());
    return since && modified && *modified <= *since;
}

pipeline::LocalReply notModifiedFromEntry(const CachedResponse& entry, std::int64_t now)
{
    pipeline::LocalReply answer;
    answer.status = 304;
    entry.forEachHeader(
        [&](std::string_view name, std::string_view value)
        {
            if (sentWithNotModified(name)) answer.headers.emplace_back(std::string(name), std::string(value));
        });
    answer.header("Age", std::to_string(entry.age(now)));
    answer.header("X-Cache", "HIT");
    return answer;
}

pipeline::LocalReply answerFromEntry(const http::HttpHead& request, const CachedResponse& entry,
                                     std::int64_t now)
{
    return satisfiesConditional(request, entry) ? notModifiedFromEntry(entry, now)
                                                : replyFromEntry(entry, now, "HIT");
}

void markAnsweredFromStore(pipeline::Exchange& exchange)
{
    exchange.cacheOutcome = "HIT";
}

bool varyMatches(const CachedResponse& entry, const http::HttpHead& request)
{
    bool matches = true;
    entry.forEachVary(
        [&](std::string_view name, std::string_view value)
        {
            const std::string_view now = request.find(name);
            matches &= value == (now.data() == nullptr ? std::string_view() : now);
        });
    return matches;
}

} // namespace portico::cache
