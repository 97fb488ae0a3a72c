#pragma once

// Registries that must not keep what they list alive (quotas of a replaced configuration, the
// stream pools of an adapter that let go): the objects still alive, the others dropped.

#include <map>
#include <memory>
#include <mutex>
#include <string>
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

// State shared by everything built with the same key while any of it lives: the configuration a
// reload builds gets the rate-limit buckets and quota counters of the one it replaces, for limits
// configured alike, so a reload neither resets nor doubles them.
template <typename T> class SharedByKey
{
public:
    // The live object of key, or a new one from make() (which must not call back here).
    template <typename Make> std::shared_ptr<T> obtain(const std::string& key, Make make)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        for (auto entry = _entries.begin(); entry != _entries.end();)
            entry = entry->second.expired() ? _entries.erase(entry) : std::next(entry);
        if (std::shared_ptr<T> live = _entries[key].lock()) return live;
        std::shared_ptr<T> made = make();
        _entries[key] = made;
        return made;
    }

private:
    std::mutex _mutex;
    std::map<std::string, std::weak_ptr<T>> _entries;
};

} // namespace portico::util
