#pragma once

// Registries that must not keep what they list alive (quotas of a replaced configuration, the
// stream pools of an adapter that let go): the objects still alive, the others dropped.

#include <memory>
#include <mutex>
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

// Such a registry, shared between threads: objects enroll, readers take the live ones.
template <typename T> class LiveRegistry
{
public:
    void enroll(const std::shared_ptr<T>& object)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        takeLive(_entries); // forgets the objects gone since
        _entries.push_back(object);
    }
    std::vector<std::shared_ptr<T>> live()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return takeLive(_entries);
    }

private:
    std::mutex _mutex;
    std::vector<std::weak_ptr<T>> _entries;
};

} // namespace portico::util
