#pragma once

// Registries that must not keep what they list alive (quotas of a replaced configuration, the
// stream pools of an adapter that let go): the objects still alive, the others dropped.

#include <memory>
#include <vector>

namespace portico::util
{

template <typename T> std::vector<std::shared_ptr<T>> takeLive(std::vector<std::weak_ptr<T>>& entries)
{
    std::vector<std::shared_ptr<T>> live;
    for (auto entry = entries.begin(); entry != entries.end();)
    {
        if (std::shared_ptr<T> object = entry->lock())
        {
            live.push_back(std::move(object));
            ++entry;
        }
        else
            entry = entries.erase(entry);
    }
    return live;
}

} // namespace portico::util
