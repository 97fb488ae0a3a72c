#include "loader/PluginCatalog.h"

#include "loader/PluginFilePermissions.h"

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>

namespace portico::plugins
{

// One loaded plugin: the library stays loaded for as long as the Plugin object (and through it
// every adapter created from it) is referenced.
struct PluginCatalog::Entry
{
    std::string file;
    std::shared_ptr<plugin::Plugin> plugin;
    std::map<std::string, plugin::AdapterFactory*> factories;
};

namespace
{

std::string jsonEscape(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += c;
        }
        else if (static_cast<unsigned char>(c) < 0x20)
        {
            out += ' ';
        }
        else
        {
            out += c;
        }
    }
    return out;
}

} // namespace

PluginCatalog::PluginCatalog() = default;
PluginCatalog::~PluginCatalog() = default;

void PluginCatalog::loadDirectory(const std::string& directory, std::vector<std::string>& problems)
{
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error))
    {
        // ".so", ".dll" or ".dylib": the system's own suffix for shared libraries.
        if (entry.path().extension() == boost::dll::shared_library::suffix())
        {
            files.push_back(entry.path().string());
        }
    }
    if (error)
    {
        problems.push_back(directory + ": cannot read the plugin folder: " + error.message());
        return;
    }
    std::sort(files.begin(), files.end());
    std::lock_guard<std::recursive_mutex> lock(_mutex);
    for (const std::string& file : files)
    {
        const bool loaded = std::any_of(_infos.begin(), _infos.end(),
                                        [&file](const PluginInfo& info) { return info.file == file; });
        if (!loaded) loadFile(file, problems);
    }
}

std::vector<PluginInfo> PluginCatalog::plugins() const
{
    std::lock_guard<std::recursive_mutex> lock(_mutex);
    return _infos;
}

bool PluginCatalog::loadFile(const std::string& path, std::vector<std::string>& problems)
{
    std::lock_guard<std::recursive_mutex> lock(_mutex);
    std::string refused = permissionProblem(path);
    if (!refused.empty())
    {
        problems.push_back(refused);
        return false;
    }
    // Declared outside the try: an exception a plugin throws (from name(), adapters(), type()) has
    // its type and what() in the library, so the library must stay loaded until the handler is done
    // with it, after the objects of the try block are gone.
    std::shared_ptr<boost::dll::shared_library> library;
    try
    {
        library = std::make_shared<boost::dll::shared_library>(
            std::filesystem::path(path), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        if (!library->has("portico_plugin_abi_version") || !library->has("portico_plugin_build_signature") ||
            !library->has("portico_plugin_create"))
        {
            problems.push_back(path +
                               ": not a Portico plugin (it does not export portico_plugin_abi_version, "
                               "portico_plugin_build_signature and portico_plugin_create)");
            return false;
        }
        std::uint32_t found = library->get_alias<std::uint32_t()>("portico_plugin_abi_version")();
        if (found != plugin::abiVersion)
        {
            problems.push_back(path + ": refused, plugin ABI version " + std::to_string(found) +
                               ", expected " + std::to_string(plugin::abiVersion));
            return false;
        }
        const char* signature = library->get_alias<const char*()>("portico_plugin_build_signature")();
        std::string foundSignature = signature != nullptr ? signature : "";
        if (foundSignature != PORTICO_PLUGIN_BUILD_SIGNATURE)
        {
            problems.push_back(path + ": refused, build signature \"" + foundSignature + "\", expected \"" +
                               PORTICO_PLUGIN_BUILD_SIGNATURE + "\"");
            return false;
        }
        plugin::Plugin* created = library->get_alias<plugin::Plugin*()>("portico_plugin_create")();
        if (created == nullptr)
        {
            problems.push_back(path + ": the plugin's factory failed");
            return false;
        }
        // The deleter holds the library, so it is unloaded only after the plugin is deleted.
        std::shared_ptr<plugin::Plugin> owned(created, [library](plugin::Plugin* object) { delete object; });
        auto entry = std::make_unique<Entry>();
        entry->file = path;
        entry->plugin = owned;
        PluginInfo info;
        info.file = path;
        info.name = owned->name();
        info.version = owned->version();
        info.abiVersion = found;
        for (plugin::AdapterFactory* factory : owned->adapters())
        {
            if (factory == nullptr)
            {
                continue;
            }
            std::string type = factory->type();
            if (hasAdapter(type) || entry->factories.count(type) != 0)
            {
                problems.push_back(path + ": adapter type '" + type +
                                   "' is already provided by another plugin; "
                                   "this one is ignored");
                continue;
            }
            entry->factories[type] = factory;
            info.adapterTypes.push_back(type);
        }
        _entries.push_back(std::move(entry));
        _infos.push_back(std::move(info));
        return true;
    }
    catch (const std::exception& e)
    {
        problems.push_back(path + ": cannot load the plugin: " + e.what());
    }
    catch (...)
    {
        problems.push_back(path + ": cannot load the plugin: it threw an unknown exception");
    }
    return false;
}

bool PluginCatalog::hasAdapter(const std::string& type) const
{
    std::lock_guard<std::recursive_mutex> lock(_mutex);
    for (const auto& entry : _entries)
    {
        if (entry->factories.count(type) != 0)
        {
            return true;
        }
    }
    return false;
}

std::vector<std::string> PluginCatalog::adapterTypes() const
{
    std::lock_guard<std::recursive_mutex> lock(_mutex);
    std::vector<std::string> types;
    for (const auto& entry : _entries)
    {
        for (const auto& factory : entry->factories)
        {
            types.push_back(factory.first);
        }
    }
    std::sort(types.begin(), types.end());
    return types;
}

std::shared_ptr<plugin::Adapter> PluginCatalog::createAdapter(const std::string& type,
                                                              const plugin::AdapterConfig& config,
                                                              plugin::HostServices& host,
                                                              std::vector<std::string>& errors) const
{
    std::lock_guard<std::recursive_mutex> lock(_mutex);
    for (const auto& entry : _entries)
    {
        auto found = entry->factories.find(type);
        if (found == entry->factories.end())
        {
            continue;
        }
        try
        {
            std::unique_ptr<plugin::Adapter> adapter = found->second->create(config, host, errors);
            if (!adapter)
            {
                if (errors.empty())
                {
                    errors.push_back("the '" + type + "' adapter refused its configuration");
                }
                return nullptr;
            }
            std::shared_ptr<plugin::Plugin> keep = entry->plugin;
            return std::shared_ptr<plugin::Adapter>(adapter.release(),
                                                    [keep](plugin::Adapter* object) { delete object; });
        }
        catch (const std::exception& e)
        {
            errors.push_back("the '" + type + "' adapter failed: " + e.what());
        }
        catch (...)
        {
            errors.push_back("the '" + type + "' adapter failed with an unknown exception");
        }
        return nullptr;
    }
    std::string known;
    for (const std::string& name : adapterTypes())
    {
        known += known.empty() ? name : ", " + name;
    }
    errors.push_back("no loaded plugin provides adapter type '" + type + "'" +
                     (known.empty() ? std::string(" (no plugins are loaded)") : " (loaded: " + known + ")"));
    return nullptr;
}

std::string PluginCatalog::describeJson() const
{
    std::lock_guard<std::recursive_mutex> lock(_mutex);
    std::string json = "[";
    for (std::size_t i = 0; i < _infos.size(); ++i)
    {
        const PluginInfo& info = _infos[i];
        json += i == 0 ? "" : ",";
        json += "{\"name\":\"" + jsonEscape(info.name) + "\",\"version\":\"" + jsonEscape(info.version) +
                "\",\"file\":\"" + jsonEscape(info.file) +
                "\",\"abiVersion\":" + std::to_string(info.abiVersion) + ",\"adapters\":[";
        for (std::size_t k = 0; k < info.adapterTypes.size(); ++k)
        {
            json += (k == 0 ? "\"" : ",\"") + jsonEscape(info.adapterTypes[k]) + "\"";
        }
        json += "]}";
    }
    return json + "]";
}

} // namespace portico::plugins
