#include "support/PostgresServer.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <pwd.h>
#include <stdexcept>
#include <sys/types.h>
#include <unistd.h>

namespace portico::test
{

namespace
{

const std::string binDirectory = "/usr/lib/postgresql/15/bin";

// A program with its arguments, as TestProcess::start and runToCompletion take them.
struct Command
{
    std::string program;
    std::vector<std::string> arguments;
};

// The account the server runs as when the tests run as root (PostgreSQL refuses root). "nobody"
// exists everywhere, so nothing has to be added to the machine.
struct passwd* serverAccount()
{
    struct passwd* account = ::getpwnam("nobody");
    if (account == nullptr)
    {
        throw std::runtime_error("PostgresServer: running as root and there is no \"nobody\" account");
    }
    return account;
}

// program as the server's account: unchanged for a normal user; as root through setpriv, which
// changes the ids and then execs the program, so the pid TestProcess signals is the program itself
// (runuser would stay in between as the parent). Numeric ids, as the group of nobody is named
// differently across distributions.
Command asServerUser(const std::string& program, const std::vector<std::string>& arguments)
{
    if (::geteuid() != 0)
    {
        return {program, arguments};
    }
    struct passwd* account = serverAccount();
    Command command{"/usr/bin/setpriv",
                    {"--reuid=" + std::to_string(account->pw_uid),
                     "--regid=" + std::to_string(account->pw_gid), "--clear-groups", "--", program}};
    command.arguments.insert(command.arguments.end(), arguments.begin(), arguments.end());
    return command;
}

std::string withoutFinalNewline(std::string text)
{
    while (!text.empty() && text.back() == '\n')
    {
        text.pop_back();
    }
    return text;
}

} // namespace

PostgresServer::PostgresServer(const TempDirectory& folder) : _port(freePort())
{
    // The scratch folder is 0700 (mkdtemp) directly under /tmp, so handing it to nobody is enough
    // for the server to reach it; the test's own folder stays root's.
    if (::geteuid() == 0)
    {
        struct passwd* account = serverAccount();
        if (::chown(_scratch.path().c_str(), account->pw_uid, account->pw_gid) != 0)
        {
            throw std::runtime_error("PostgresServer: chown " + _scratch.path() + ": " +
                                     std::strerror(errno));
        }
    }
    std::string data = _scratch.file("data");

    // --auth=trust covers local and host (127.0.0.1/32, ::1/128) lines of pg_hba.conf; --no-sync
    // because the cluster is thrown away; the C locale so the result does not depend on the
    // machine's locale settings.
    Command initdb = asServerUser(binDirectory + "/initdb", {"-D", data, "-U", "portico", "--auth=trust",
                                                             "--no-sync", "--locale=C", "--encoding=UTF8"});
    std::string out;
    std::string err;
    int code = runToCompletion(initdb.program, initdb.arguments, out, err, std::chrono::seconds(60));
    writeFile(folder.file("postgres-initdb.out"), out);
    writeFile(folder.file("postgres-initdb.err"), err);
    if (code != 0)
    {
        throw std::runtime_error("initdb failed (exit " + std::to_string(code) + "): " + out + err);
    }

    // Foreground postgres, logging to stderr (the .err file), so TestProcess owns it and SIGINT
    // is its fast shutdown. The unix socket goes into the scratch folder, as the default
    // /var/run/postgresql may not exist or not be writable; durability is off for speed.
    Command postgres = asServerUser(binDirectory + "/postgres",
                                    {"-D", data, "-p", std::to_string(_port), "-k", _scratch.path(), "-c",
                                     "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                                     "synchronous_commit=off", "-c", "full_page_writes=off"});
    _program = postgres.program;
    _arguments = postgres.arguments;
    _logPrefix = folder.file("postgres");
    start();

    // initdb makes only postgres, template0 and template1.
    try
    {
        psqlOn("postgres", "CREATE DATABASE portico");
    }
    catch (const std::exception& error)
    {
        stop();
        throw std::runtime_error(std::string("PostgresServer: ") + error.what() + "\n" + log());
    }
}

PostgresServer::~PostgresServer()
{
    stop();
}

void PostgresServer::waitUntilReady()
{
    // pg_isready rather than the "ready to accept connections" log line: it checks the TCP
    // listener the tests use. Bounded, and it stops early when postgres has exited (port taken,
    // bad setting, …) instead of waiting out the deadline.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (true)
    {
        std::string out;
        std::string err;
        int code = runToCompletion(
            binDirectory + "/pg_isready",
            {"-h", "127.0.0.1", "-p", std::to_string(_port), "-U", "portico", "-d", "postgres", "-t", "1"},
            out, err, std::chrono::seconds(5));
        if (code == 0)
        {
            return;
        }
        int exitCode = _process.waitForExit(std::chrono::milliseconds(100));
        if (exitCode != -2)
        {
            throw std::runtime_error("postgres exited (" + std::to_string(exitCode) + ") on 127.0.0.1:" +
                                     std::to_string(_port) + " before accepting connections:\n" + log());
        }
        if (std::chrono::steady_clock::now() > deadline)
        {
            stop();
            throw std::runtime_error("postgres did not accept connections on 127.0.0.1:" +
                                     std::to_string(_port) + " within 30 s:\n" + log());
        }
    }
}

std::string PostgresServer::log() const
{
    return _process.output() + _process.errorOutput();
}

std::string PostgresServer::urlOf(const std::string& database) const
{
    return "postgresql://portico@127.0.0.1:" + std::to_string(_port) + "/" + database;
}

std::string PostgresServer::psql(const std::string& sql) const
{
    return psqlOn("portico", sql);
}

std::string PostgresServer::psqlOn(const std::string& database, const std::string& sql) const
{
    // The versioned psql rather than Debian's /usr/bin/psql wrapper, which picks a version and
    // cluster from /etc/postgresql-common; -X ignores any ~/.psqlrc. The client runs as whoever
    // runs the test: it connects over TCP with trust authentication.
    std::string out;
    std::string err;
    int code = runToCompletion(binDirectory + "/psql",
                               {"-At", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", urlOf(database), "-c", sql},
                               out, err, std::chrono::seconds(30));
    if (code != 0)
    {
        throw std::runtime_error("psql failed (exit " + std::to_string(code) + ") for \"" + sql +
                                 "\": " + err);
    }
    return withoutFinalNewline(out);
}

void PostgresServer::start()
{
    _process.start(_program, _arguments, _logPrefix);
    waitUntilReady();
}

void PostgresServer::stop()
{
    _process.stop(SIGINT, std::chrono::seconds(10));
}

} // namespace portico::test
