#include "app/PorticoApp.h"

#include "admin/AdminServer.h"
#include "app/ControlSignals.h"
#include "app/PasswordHashCommand.h"
#include "app/ServiceNotifier.h"
#include "app/VerifyAuditCommand.h"
#include "audit/AuditEvents.h"
#include "audit/AuditGate.h"
#include "audit/AuditStage.h"
#include "audit/AuditWriter.h"
#include "audit/PostgresAuditSink.h"
#include "cache/CacheStore.h"
#include "config/ConfigLoader.h"
#include "crypto/Sha256.h"
#include "dataplane/DataPlane.h"
#include "hostservices/HostServicesImpl.h"
#include "log/ServerLog.h"
#include "metrics/RequestMetrics.h"
#include "quota/QuotaLedger.h"
#include "reload/Reloader.h"
#include "runtime/RuntimeBuilder.h"
#include "store/ConsumerAdmin.h"
#include "store/ConsumerStore.h"

#include <loader/PluginCatalog.h>

#include <Poco/Environment.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace portico::app
{

void PorticoApp::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
    options.addOption(Poco::Util::Option("config", "", "configuration file (default etc/portico.xml)")
                          .required(false)
                          .repeatable(false)
                          .argument("FILE"));
    options.addOption(
        Poco::Util::Option("check-config", "", "validate the configuration, print ok or the errors")
            .required(false)
            .repeatable(false));
    options.addOption(
        Poco::Util::Option("hash-password", "",
                           "read a password from stdin, print its PBKDF2 PHC string for <password pbkdf2>")
            .required(false)
            .repeatable(false));
    options.addOption(
        Poco::Util::Option("verify-audit", "",
                           "check the hash chain of an audit database: ok, or the first row broken")
            .required(false)
            .repeatable(false)
            .argument("DB"));
    options.addOption(
        Poco::Util::Option("version", "", "print the version").required(false).repeatable(false));
    options.addOption(Poco::Util::Option("help", "h", "print this help").required(false).repeatable(false));
}

void PorticoApp::handleOption(const std::string& name, const std::string& value)
{
    ServerApplication::handleOption(name, value);
    if (name == "config")
    {
        _configFile = value;
    }
    else if (name == "check-config")
    {
        _checkOnly = true;
    }
    else if (name == "hash-password")
    {
        _exitCode = printPasswordHash(std::cin, std::cout, std::cerr);
        _stopAfterOptions = true;
        stopOptionsProcessing();
    }
    else if (name == "verify-audit")
    {
        _exitCode = verifyAuditCommand(value, std::cout, std::cerr);
        _stopAfterOptions = true;
        stopOptionsProcessing();
    }
    else if (name == "version")
    {
        std::cout << "porticod " << PORTICO_VERSION << std::endl;
        _stopAfterOptions = true;
        stopOptionsProcessing();
    }
    else if (name == "help")
    {
        printHelp();
        _stopAfterOptions = true;
        stopOptionsProcessing();
    }
}

void PorticoApp::printHelp()
{
    Poco::Util::HelpFormatter formatter(options());
    formatter.setCommand(commandName());
    formatter.setUsage("[--config=FILE] [--check-config] [--daemon --pidfile=FILE]");
    formatter.setHeader("Portico: a REST gateway in front of HTTP, SOAP and legacy TCP services.");
    formatter.format(std::cout);
}

int PorticoApp::main(const std::vector<std::string>&)
{
    if (_stopAfterOptions)
    {
        return _exitCode;
    }
    // Before the first thread starts, so that every thread inherits the mask.
    ControlSignals::block();
    config::LoadResult loaded = config::ConfigLoader::loadFile(_configFile);
    std::vector<std::string> errors = loaded.errors;
    // Plugins and the services they are given outlive the runtime, whose adapters point to both;
    // declared first, they are destroyed last.
    auto catalog = std::make_unique<plugins::PluginCatalog>();
    std::unique_ptr<hostservices::HostServicesImpl> host;
    std::shared_ptr<runtime::Runtime> runtime;
    if (loaded.ok())
    {
        Poco::Net::initializeSSL();
        host = std::make_unique<hostservices::HostServicesImpl>(loaded.config->server.workerThreads);
        if (!loaded.config->plugins.directory.empty())
        {
            std::vector<std::string> problems;
            catalog->loadDirectory(loaded.config->plugins.directory, problems);
            for (const std::string& problem : problems)
            {
                std::cerr << "porticod: plugin: " << problem << std::endl;
            }
        }
        runtime = runtime::buildRuntime(loaded.config, *catalog, *host, errors);
    }
    if (!errors.empty() || runtime == nullptr)
    {
        for (const std::string& error : errors)
        {
            std::cerr << error << std::endl;
        }
        return 1; // the contract's exit code for configuration errors (not POCO's EXIT_CONFIG)
    }
    for (const std::string& problem : runtime->upstreams.problems())
    {
        std::cerr << "warning: " << problem << std::endl;
    }
    if (_checkOnly)
    {
        std::cout << "ok" << std::endl;
        return EXIT_OK;
    }
    try
    {
        log::configureServerLog(loaded.config->server.logging);
    }
    catch (const std::exception& e)
    {
        std::cerr << loaded.config->file << ": " << e.what() << std::endl;
        return 1;
    }
    // The consumer store outlives the admin listener that changes it.
    std::unique_ptr<store::ConsumerStore> consumerStore;
    if (!loaded.config->store.database.empty())
    {
        consumerStore = std::make_unique<store::ConsumerStore>();
        std::string problem;
        if (!consumerStore->open(loaded.config->store.database, problem))
        {
            std::cerr << config::describePosition(loaded.config->store.position) << ": " << problem
                      << std::endl;
            return 1;
        }
    }
    if (consumerStore)
    {
        // Quota counts come back from the store before the first request, and go on being written.
        std::string problem;
        if (!quota::QuotaLedger::shared().attach(loaded.config->store.database, problem))
        {
            std::cerr << config::describePosition(loaded.config->store.position) << ": " << problem
                      << std::endl;
            return 1;
        }
    }
    cache::CacheStore::shared().setBudget(loaded.config->cacheStore.bytes);
    // The audit trail is open before the first request, and written to the end after the last.
    std::unique_ptr<audit::AuditWriter> auditWriter;
    std::unique_ptr<audit::AuditStage> auditStage;
    std::unique_ptr<audit::AuditGate> auditGate;
    if (loaded.config->audit.enabled())
    {
        const config::AuditConfig& auditConfig = loaded.config->audit;
        std::string problem;
        std::unique_ptr<audit::AuditSink> database;
        const std::string node = auditConfig.node.empty() ? Poco::Environment::nodeName() : auditConfig.node;
        if (auditConfig.shared())
        {
            auto shared = std::make_unique<audit::PostgresAuditSink>();
            if (shared->open(auditConfig.database, node, problem)) database = std::move(shared);
        }
        else
        {
            auto file = std::make_unique<audit::AuditDatabase>();
            if (file->open(auditConfig.database, problem, auditConfig.strict())) database = std::move(file);
        }
        if (!database)
        {
            std::cerr << config::describePosition(auditConfig.position) << ": " << problem << std::endl;
            return 1;
        }
        const bool keepsBodies = auditConfig.bodies != "none";
        auditWriter = std::make_unique<audit::AuditWriter>(
            std::move(database), auditConfig.database,
            keepsBodies ? std::make_unique<audit::AuditBodies>(auditConfig.bodies, auditConfig.redact)
                        : nullptr,
            auditConfig.retentionSeconds);
        if (auditConfig.shared()) auditWriter->setNode(node);
        auditStage = std::make_unique<audit::AuditStage>(*auditWriter, loaded.config->audit.strict());
        if (loaded.config->audit.strict())
        {
            auditGate =
                std::make_unique<audit::AuditGate>(*auditWriter, keepsBodies ? auditConfig.bodyLimit : 0);
        }
        audit::AuditWriter::publish(auditWriter.get());
        audit::auditEvent("START porticod " + std::string(PORTICO_VERSION) +
                              " config=" + loaded.config->file +
                              " sha256=" + reload::Reloader::fileDigest(loaded.config->file),
                          0, "");
    }
    // What every Runtime gets besides its routes, the first and each one a reload builds (the
    // audit settings themselves only change with a restart).
    const std::size_t auditBodyBytes = loaded.config->audit.enabled() && loaded.config->audit.bodies != "none"
                                           ? loaded.config->audit.bodyLimit
                                           : 0;
    const auto wire = [&auditStage, &auditGate, auditBodyBytes](runtime::Runtime& built)
    {
        built.table.completion.push_back(&metrics::RequestMetrics::shared());
        if (auditStage) built.table.completion.push_back(auditStage.get());
        built.table.gate = auditGate.get();
        built.table.auditBodyBytes = auditBodyBytes;
    };
    wire(*runtime);
    store::ConsumerAdmin consumerAdmin(consumerStore.get(), loaded.config->consumerIndex);
    consumerAdmin.publish();
    std::unique_ptr<dataplane::DataPlane> running;
    try
    {
        running = std::make_unique<dataplane::DataPlane>(runtime);
        dataplane::DataPlane& dataPlane = *running;
        reload::Reloader reloader(loaded.config, *catalog, *host, dataPlane, consumerAdmin, wire);
        const auto reloadNow = [&reloader](const std::string& who)
        {
            ServiceNotifier::reloading("reloading the configuration");
            reload::ReloadOutcome outcome = reloader.reload(who);
            ServiceNotifier::ready(outcome.ok ? "serving, configuration sha256 " + outcome.digest
                                              : "serving; the last reload was refused");
            return outcome;
        };
        std::unique_ptr<admin::AdminServer> admin;
        if (loaded.config->server.admin.enabled)
        {
            admin = std::make_unique<admin::AdminServer>(loaded.config->server.admin, dataPlane, *catalog,
                                                         &consumerAdmin, reloadNow);
        }
        host->attachLoops(dataPlane.loops());
        dataPlane.start();
        // Read before the admin API starts: from then on a POST /admin/reload may replace the
        // listeners on the admin thread.
        const std::vector<std::uint16_t> ports = dataPlane.listenerPorts();
        if (admin)
        {
            admin->start();
        }
        std::string serving =
            "version " + std::string(PORTICO_VERSION) + " serving " + loaded.config->file + " on";
        for (std::size_t i = 0; i < ports.size(); ++i)
        {
            serving += ' ' + loaded.config->server.listeners[i].host + ':' + std::to_string(ports[i]);
        }
        if (admin)
        {
            serving +=
                " (admin " + loaded.config->server.admin.host + ':' + std::to_string(admin->port()) + ')';
        }
        log::serverLog(log::Level::Info, serving);
        ServiceNotifier::ready("serving " + loaded.config->file);
#if defined(_WIN32)
        // The service manager's stop (or Ctrl+C) reaches POCO's ServerApplication: relay it to the
        // loop below, which also frees what reloads through the admin API replaced.
        std::thread(
            [this]
            {
                waitForTerminationRequest();
                ControlSignals::requestStop();
            })
            .detach();
#endif
        for (;;)
        {
            const ControlSignals::Received received = ControlSignals::wait(std::chrono::seconds(1));
            if (received == ControlSignals::Received::Stop) break;
            if (received == ControlSignals::Received::Reload) reloadNow("SIGHUP");
            // Configurations replaced by reloads go once the last connection using them has.
            reloader.reapRetired();
            if (dataPlane.loopsAnswered()) ServiceNotifier::watchdog();
        }
        ServiceNotifier::stopping("draining in-flight requests");
        log::serverLog(log::Level::Info, "stopping, draining in-flight requests");
        if (admin)
        {
            admin->stop();
        }
        std::size_t abandoned = dataPlane.stop();
        // Plugin work still running on the workers may answer into the loops: finish it while
        // the loops exist, then destroy them.
        host->detachLoops();
        host->stopWorkers();
        running.reset();
        quota::QuotaLedger::shared().detach(); // the last counts, after the last request
        if (auditWriter)
        {
            audit::auditEvent("STOP porticod", 0, "");
            audit::AuditWriter::publish(nullptr);
            auditWriter->stop(); // the last rows, after the last request
        }
        if (abandoned > 0)
        {
            log::serverLog(log::Level::Warning, "drain timeout reached with " + std::to_string(abandoned) +
                                                    " connection(s) still open");
        }
    }
    catch (const std::exception& e)
    {
        host->detachLoops();
        host->stopWorkers();
        running.reset();
        quota::QuotaLedger::shared().detach();
        audit::AuditWriter::publish(nullptr);
        log::serverLog(log::Level::Error, e.what());
        return EXIT_SOFTWARE;
    }
    Poco::Net::uninitializeSSL();
    return EXIT_OK;
}

} // namespace portico::app
