#pragma once

// A real PostgreSQL 15 server (Debian's /usr/lib/postgresql/15/bin) for a test: a fresh cluster made
// by initdb with trust authentication, user and database "portico", listening on 127.0.0.1 on a free
// port, durability off for speed, stopped (fast shutdown) by the destructor. Tests that talk to a
// database then exercise the real wire protocol and SQL instead of a fake.
//
// PostgreSQL refuses to run as root, and CI runs the tests as root: then initdb and postgres run as
// the "nobody" account (through setpriv, which execs, so the pid we signal is postgres itself) in a
// scratch folder of their own under /tmp owned by nobody, since the test's folder is 0700 root.

#include "support/TestProcess.h"

#include <string>
#include <vector>

namespace portico::test
{

class PostgresServer
{
public:
    // Runs initdb and starts postgres; waits (bounded) until it accepts connections. Throws
    // std::runtime_error with the server's log when it does not come up. Logs go into folder
    // (postgres-initdb.*, postgres.*); the cluster itself lives in a scratch folder removed by the
    // destructor.
    explicit PostgresServer(const TempDirectory& folder);
    // Stops the server (fast shutdown, bounded wait, killed if needed).
    ~PostgresServer();

    unsigned short port() const { return _port; }
    // "postgresql://portico@127.0.0.1:PORT/portico"
    std::string url() const { return urlOf("portico"); }

    // Runs sql with psql against the database (-At -X -q, stops at the first error) and returns its
    // stdout without the final newline, so a one-value query gives just the value. Throws
    // std::runtime_error with psql's stderr on a non-zero exit.
    std::string psql(const std::string& sql) const;

    // Fast shutdown (SIGINT), bounded wait, SIGKILL if it does not exit. Idempotent.
    void stop();
    // Starts the stopped server again: same cluster, same port (bounded wait until it accepts).
    void start();

private:
    std::string urlOf(const std::string& database) const;
    std::string psqlOn(const std::string& database, const std::string& sql) const;
    void waitUntilReady();
    std::string log() const;

    // Declared before _process so the server is stopped before its data is removed.
    TempDirectory _scratch;
    unsigned short _port;
    std::string _program;
    std::vector<std::string> _arguments;
    std::string _logPrefix;
    TestProcess _process;
};

} // namespace portico::test
