#include "reload/RestartOnlySettings.h"

namespace portico::reload
{

namespace
{

void compare(std::vector<std::string>& notes, const char* setting, bool changed)
{
    if (changed) notes.push_back(std::string(setting) + " changed: it takes effect at the next restart");
}

} // namespace

std::vector<std::string> restartOnlyChanges(const config::Config& running, const config::Config& next)
{
    std::vector<std::string> notes;
    const config::ServerConfig& before = running.server;
    const config::ServerConfig& after = next.server;
    compare(notes, "<server ioThreads>", before.ioThreads != after.ioThreads);
    compare(notes, "<server workerThreads>", before.workerThreads != after.workerThreads);
    compare(notes, "<admin>",
            before.admin.enabled != after.admin.enabled || before.admin.host != after.admin.host ||
                before.admin.port != after.admin.port || before.admin.token != after.admin.token);
    compare(notes, "<logging>",
            before.logging.level != after.logging.level || before.logging.to != after.logging.to ||
                before.logging.path != after.logging.path ||
                before.logging.rotateBytes != after.logging.rotateBytes ||
                before.logging.keep != after.logging.keep);
    compare(notes, "<accessLog>",
            before.accessLog.enabled != after.accessLog.enabled ||
                before.accessLog.path != after.accessLog.path);
    const config::AuditConfig& trail = running.audit;
    const config::AuditConfig& nextTrail = next.audit;
    compare(notes, "<audit>",
            trail.database != nextTrail.database || trail.node != nextTrail.node ||
                trail.mode != nextTrail.mode || trail.bodies != nextTrail.bodies ||
                trail.bodyLimit != nextTrail.bodyLimit || trail.redact != nextTrail.redact ||
                trail.retentionSeconds != nextTrail.retentionSeconds);
    compare(notes, "<store>", running.store.database != next.store.database);
    compare(notes, "<plugins directory>", running.plugins.directory != next.plugins.directory);
    return notes;
}

} // namespace portico::reload
