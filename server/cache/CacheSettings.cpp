#include "cache/CacheSettings.h"

#include "util/Strings.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>
#include <chrono>

namespace portico::cache
{

bool parseCacheSettings(config::LoadContext& context, const pugi::xml_node& element, CacheSettings& settings)
{
    config::ElementReader reader(context, element,
                                 {"ttl", "vary", "staleIfError", "public", "methods", "shared"});
    reader.expectEmpty();
    bool valid = true;
    config::Duration ttl{0}, stale{0};
    if (reader.has("ttl") && !reader.duration("ttl", ttl)) valid = false;
    if (reader.has("staleIfError") && !reader.duration("staleIfError", stale)) valid = false;
    settings.ttlSeconds = std::chrono::duration_cast<std::chrono::seconds>(ttl).count();
    settings.staleIfErrorSeconds = std::chrono::duration_cast<std::chrono::seconds>(stale).count();
    if (ttl.count() > 0 && settings.ttlSeconds == 0)
    {
        reader.invalid("ttl", reader.text("ttl").value_or(""), "at least 1s: ages are counted in seconds");
        valid = false;
    }
    if (reader.has("public") && !reader.boolean("public", settings.sharedAcrossConsumers)) valid = false;
    if (const std::optional<std::string> vary = reader.text("vary"))
    {
        bool names = true;
        util::forEachListElement(*vary,
                                 [&](std::string_view name)
                                 {
                                     names &= config::isHttpToken(name);
                                     std::string lower(name);
                                     std::transform(lower.begin(), lower.end(), lower.begin(),
                                                    [](unsigned char c)
                                                    { return static_cast<char>(std::tolower(c)); });
                                     settings.vary.push_back(std::move(lower));
                                 });
        if (!names)
        {
            reader.invalid("vary", *vary, "expected header names separated by commas");
            valid = false;
        }
    }
    if (reader.has("shared") && !reader.boolean("shared", settings.shared)) valid = false;
    if (const std::optional<std::string> methods = reader.text("methods"))
    {
        bool get = false, known = true;
        util::forEachListElement(*methods,
                                 [&](std::string_view method)
                                 {
                                     get |= method == "GET";
                                     settings.post |= method == "POST";
                                     known &= method == "GET" || method == "POST" || method == "HEAD";
                                 });
        if (!known || !get)
        {
            reader.invalid("methods", *methods,
                           "expected GET, or GET,POST (HEAD is answered from GET's entries)");
            valid = false;
        }
    }
    return valid;
}

} // namespace portico::cache
