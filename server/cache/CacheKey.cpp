#include "cache/CacheKey.h"

namespace portico::cache
{

void buildCacheKey(const std::string& route, const pipeline::Exchange& exchange,
                   const CacheSettings& settings, std::string_view bodyDigest, std::string& key)
{
    key.clear();
    key.append(route).append(bodyDigest.empty() ? "\nGET\n" : "\nPOST\n");
    key.append(exchange.host).append("\n");
    key.append(exchange.normalizedPath);
    key.append("\n?").append(exchange.query);
    for (const std::string& name : settings.vary)
    {
        const std::string_view value = exchange.request.find(name);
        // An absent field and an empty one are told apart.
        key.append(value.data() == nullptr ? "\n-" : "\n=").append(value);
    }
    if (!settings.sharedAcrossConsumers) key.append("\nc=").append(exchange.consumer);
    if (!bodyDigest.empty()) key.append("\nb=").append(bodyDigest);
}

} // namespace portico::cache
