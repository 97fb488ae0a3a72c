#include "reload/Reloader.h"

#include "audit/AuditEvents.h"
#include "cache/CacheStore.h"
#include "config/ConfigLoader.h"
#include "crypto/Sha256.h"
#include "log/ServerLog.h"
#include "reload/RestartOnlySettings.h"
#include "runtime/RuntimeBuilder.h"

#include <loader/PluginCatalog.h>

#include <fstream>
#include <sstream>

namespace portico::reload
{

Reloader::Reloader(config::ConfigPtr running, plugins::PluginCatalog& catalog, plugin::HostServices& host,
                   dataplane::DataPlane& dataPlane, store::ConsumerAdmin& consumers,
                   std::function<void(runtime::Runtime&)> wire)
    : _running(std::move(running)), _digest(fileDigest(_running->file)), _catalog(catalog), _host(host),
      _dataPlane(dataPlane), _consumers(consumers), _wire(std::move(wire))
{
}

std::string Reloader::fileDigest(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::string();
    std::ostringstream text;
    text << in.rdbuf();
    return crypto::toHex(crypto::sha256(text.str()));
}

ReloadOutcome Reloader::reload(const std::string& who)
{
    std::lock_guard<std::mutex> lock(_mutex);
    ReloadOutcome outcome = attempt();
    const std::string by = who.empty() ? std::string() : " by " + who;
    if (outcome.ok)
    {
        audit::auditEvent("RELOAD config=" + _running->file + " sha256=" + outcome.previousDigest +
                              " -> sha256=" + outcome.digest + by,
                          200, who == "SIGHUP" ? std::string() : who);
        log::serverLog(log::Level::Info, "configuration reloaded" + by + " (sha256 " + outcome.digest + ")");
        for (const std::string& note : outcome.notes)
            log::serverLog(log::Level::Warning, "reload: " + note);
    }
    else
    {
        audit::auditEvent("RELOAD refused config=" + _running->file + " sha256=" + outcome.digest + " (" +
                              std::to_string(outcome.errors.size()) +
                              " errors; sha256=" + outcome.previousDigest + " still serving)" + by,
                          400, who == "SIGHUP" ? std::string() : who);
        log::serverLog(log::Level::Error,
                       "the configuration was not reloaded" + by + "; the running one still serves:");
        for (const std::string& error : outcome.errors)
            log::serverLog(log::Level::Error, error);
    }
    return outcome;
}

ReloadOutcome Reloader::attempt()
{
    ReloadOutcome outcome;
    outcome.previousDigest = _digest;
    outcome.digest = fileDigest(_running->file);
    config::LoadResult loaded = config::ConfigLoader::loadFile(_running->file);
    if (!loaded.ok())
    {
        outcome.errors = std::move(loaded.errors);
        return outcome;
    }
    outcome.notes = restartOnlyChanges(*_running, *loaded.config);
    // Libraries dropped into the folder since are loaded; those loaded stay (objects may use them).
    if (!_running->plugins.directory.empty())
        _catalog.loadDirectory(_running->plugins.directory, outcome.notes);
    const std::shared_ptr<const runtime::Runtime> current = _dataPlane.runtime().get();
    std::shared_ptr<runtime::Runtime> next =
        runtime::buildRuntime(loaded.config, _catalog, _host, outcome.errors, current.get());
    if (!outcome.errors.empty() || next == nullptr)
    {
        if (outcome.errors.empty())
            outcome.errors.push_back(_running->file + ":1:1: the configuration cannot be built");
        return outcome;
    }
    for (const std::string& problem : next->upstreams.problems())
        outcome.notes.push_back("warning: " + problem);
    _wire(*next);
    if (!_dataPlane.replace(next, outcome.errors)) return outcome;
    _consumers.configure(loaded.config->consumerIndex);
    cache::CacheStore::shared().setBudget(loaded.config->cacheStore.bytes);
    _running = loaded.config;
    _digest = outcome.digest;
    outcome.ok = true;
    return outcome;
}

void Reloader::reapRetired()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _dataPlane.reapRetired();
}

} // namespace portico::reload
