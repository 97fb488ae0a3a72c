#include "cache/ResponseCapture.h"

#include "cache/CacheControl.h"
#include "cache/Freshness.h"
#include "util/Strings.h"

#include <algorithm>
#include <charconv>

namespace portico::cache
{

namespace
{

bool storableStatus(int status)
{
    switch (status)
    {
    case 200:
    case 203:
    case 204:
    case 300:
    case 301:
    case 308:
    case 404:
    case 405:
    case 410:
    case 414:
    case 501:
        return true;
    default:
        return false;
    }
}

// Fields a stored answer does not replay: framing and hop-by-hop ones (the writer makes its own),
// Age (recomputed on every hit) and those the gateway adds to each answer itself.
bool kept(std::string_view name)
{
    for (const std::string_view dropped :
         {"content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade",
          "proxy-connection", "proxy-authenticate", "age", "x-cache", "x-request-id", "set-cookie"})
        if (util::equalsIgnoreCase(name, dropped)) return false;
    return true;
}

std::optional<std::int64_t> seconds(std::string_view text)
{
    std::int64_t value = 0;
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || value < 0) return std::nullopt;
    return value;
}

bool listedIn(const std::vector<std::string>& names, std::string_view name)
{
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& listed) { return util::equalsIgnoreCase(listed, name); });
}

} // namespace

std::unique_ptr<CapturedResponse> startCapture(CaptureInput input)
{
    const pipeline::ResponseHead& head = input.head;
    if (!storableStatus(head.status)) return nullptr;
    if (head.bodyLength == pipeline::BodyLength::Known && head.contentLength > input.maxEntryBytes)
        return nullptr;

    CacheControl control;
    ResponseTiming timing;
    timing.requestTime = input.requestTime;
    timing.responseTime = input.now;
    auto entry = std::make_unique<CapturedResponse>();
    for (const http::HeaderField& field : head.fields)
    {
        const std::string_view name = field.name;
        if (util::equalsIgnoreCase(name, "set-cookie")) return nullptr; // never stored
        if (util::equalsIgnoreCase(name, "cache-control"))
            control.add(field.value);
        else if (util::equalsIgnoreCase(name, "date"))
            timing.date = parseHttpDate(field.value);
        else if (util::equalsIgnoreCase(name, "age"))
            timing.age = seconds(field.value);
        else if (util::equalsIgnoreCase(name, "expires"))
        {
            timing.expiresPresent = true;
            timing.expires = parseHttpDate(field.value);
        }
        else if (util::equalsIgnoreCase(name, "etag"))
            entry->etag.assign(field.value);
        else if (util::equalsIgnoreCase(name, "last-modified"))
            entry->lastModified.assign(field.value);
        else if (util::equalsIgnoreCase(name, "vary"))
        {
            // Each field the origin varies on, beyond the route's own list, with this request's value.
            bool varyAll = false;
            util::forEachListElement(field.value,
                                     [&](std::string_view varied)
                                     {
                                         if (varied == "*") varyAll = true;
                                         if (varyAll || listedIn(input.settings.vary, varied)) return;
                                         const std::string_view value = input.exchange.request.find(varied);
                                         entry->varyValues.emplace_back(
                                             std::string(varied),
                                             value.data() == nullptr ? std::string() : std::string(value));
                                     });
            if (varyAll) return nullptr; // varies on things a cache cannot see
        }
        if (util::equalsIgnoreCase(name, "content-type"))
            entry->contentType.assign(field.value);
        else if (kept(name))
            entry->headers.emplace_back(std::string(name), std::string(field.value));
    }
    if (control.noStore || control.isPrivate || control.noCache) return nullptr;
    entry->freshFor = freshnessLifetime(control, timing, input.settings.ttlSeconds);
    if (entry->freshFor <= 0) return nullptr;
    entry->initialAge = initialAge(timing);
    entry->responseTime = input.now;
    entry->staleIfError =
        control.mustRevalidate ? 0 : control.staleIfError.value_or(input.settings.staleIfErrorSeconds);
    entry->status = head.status;
    if (entry->contentType.empty() && head.status >= 400) entry->contentType = "application/octet-stream";
    entry->key = std::move(input.key);
    entry->route = input.route;
    entry->path = input.exchange.normalizedPath;
    if (head.bodyLength == pipeline::BodyLength::Known) entry->body.reserve(head.contentLength);
    return entry;
}

} // namespace portico::cache
