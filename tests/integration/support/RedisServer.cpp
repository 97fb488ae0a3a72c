#include "support/RedisServer.h"

#include <signal.h>

#include <stdexcept>

namespace portico::test
{

RedisServer::RedisServer(const TempDirectory& folder) : _folder(folder), _port(freePort())
{
    start();
}

RedisServer::~RedisServer()
{
    resume();
}

void RedisServer::start()
{
    ++_starts;
    _process.start("/usr/bin/redis-server",
                   {"--port", std::to_string(_port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                    "no", "--dir", _folder.path()},
                   _folder.file("redis-" + std::to_string(_starts)));
    if (!_process.waitForOutput("Ready to accept connections", std::chrono::seconds(10)))
        throw std::runtime_error("redis-server did not start: " + _process.output() + _process.errorOutput());
}

void RedisServer::stop()
{
    resume();
    _process.stop();
}

void RedisServer::pause()
{
    if (_process.running()) ::kill(_process.pid(), SIGSTOP);
}

void RedisServer::resume()
{
    if (_process.running()) ::kill(_process.pid(), SIGCONT);
}

} // namespace portico::test
