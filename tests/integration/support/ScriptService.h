#pragma once

// A peer from tests/demo/, written in Python (run by Debian's /usr/bin/python3) or, for a .js
// script, JavaScript (run by /usr/bin/node), started on a free loopback port: it prints
// "listening on HOST:PORT" when ready. Stopped by the destructor.

#include "support/TestProcess.h"

#include <string>
#include <vector>

namespace portico::test
{

class ScriptService
{
public:
    // script is relative to the source tree, e.g. "tests/demo/tcp/hl7_ack_service.py".
    ScriptService(const TempDirectory& folder, const std::string& name, const std::string& script,
                  const std::vector<std::string>& arguments = {});
    unsigned short port() const { return _port; }
    std::string address() const { return "127.0.0.1:" + std::to_string(_port); }
    TestProcess& process() { return _process; }

private:
    TestProcess _process;
    unsigned short _port = 0;
};

} // namespace portico::test
