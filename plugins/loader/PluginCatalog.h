#pragma once

// Loads adapter plugins (Boost.DLL) and keeps them: checks each library's ABI version and build
// signature before calling its factory, refuses files others could have replaced, and survives a
// plugin that throws or fails to load (it is reported and skipped; the routes that need its
// adapters then fail configuration with a clear error). Built at start-up; a reload loads the
// libraries added to the folder since (never unloading one: a library goes only with the last
// object made from it). Any thread may use it.

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace portico::plugins
{

struct PluginInfo
{
    std::string file;
    std::string name;
    std::string version;
    std::uint32_t abiVersion = 0;
    std::vector<std::string> adapterTypes;
};

class PluginCatalog
{
public:
    PluginCatalog();
    ~PluginCatalog();
    PluginCatalog(const PluginCatalog&) = delete;
    PluginCatalog& operator=(const PluginCatalog&) = delete;

    // Loads every "*.so" in directory not loaded yet, in name order. Each problem is one message
    // naming the file; a refused or broken plugin is skipped, the others still load.
    void loadDirectory(const std::string& directory, std::vector<std::string>& problems);
    // Loads one library; false with a message in problems when refused.
    bool loadFile(const std::string& path, std::vector<std::string>& problems);

    std::vector<PluginInfo> plugins() const;
    bool hasAdapter(const std::string& type) const;
    std::vector<std::string> adapterTypes() const;

    // Creates a configured adapter of type. The returned pointer keeps the plugin (and its
    // library) loaded for as long as the adapter lives. nullptr with errors set on failure.
    std::shared_ptr<plugin::Adapter> createAdapter(const std::string& type,
                                                   const plugin::AdapterConfig& config,
                                                   plugin::HostServices& host,
                                                   std::vector<std::string>& errors) const;

    // A JSON array describing the loaded plugins (for GET /admin/plugins).
    std::string describeJson() const;

private:
    struct Entry;
    // Recursive: loading a library asks hasAdapter() about its types.
    mutable std::recursive_mutex _mutex;
    std::vector<std::unique_ptr<Entry>> _entries;
    std::vector<PluginInfo> _infos;
};

} // namespace portico::plugins
