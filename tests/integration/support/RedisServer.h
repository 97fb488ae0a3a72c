#pragma once

// A real redis-server for a test: on a free loopback port, persistence off, stopped by the
// destructor. stop() and start() again on the same port simulate an outage; pause() and resume()
// (SIGSTOP/SIGCONT) a server that accepts connections but answers nothing.

#include "support/TestProcess.h"

#include <string>

namespace portico::test
{

class RedisServer
{
public:
    explicit RedisServer(const TempDirectory& folder);
    ~RedisServer();

    unsigned short port() const { return _port; }
    std::string address() const { return "127.0.0.1:" + std::to_string(_port); }

    void start();
    void stop();
    void pause();
    void resume();

private:
    const TempDirectory& _folder;
    unsigned short _port;
    TestProcess _process;
    int _starts = 0;
};

} // namespace portico::test
