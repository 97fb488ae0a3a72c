#pragma once

// Starts real processes for an integration test: demo upstreams on free loopback ports and
// porticod on a configuration written for the test. Everything it starts is stopped by its
// destructor.

#include "support/RawHttpClient.h"
#include "support/TestProcess.h"

#include <memory>
#include <string>
#include <vector>

namespace portico::test
{

class DemoUpstream
{
public:
    // Starts portico-demo-upstream named name on a free port; throws if it does not come up.
    DemoUpstream(const TempDirectory& folder, const std::string& name, const std::string& extraArgument = "");
    unsigned short port() const { return _port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(_port); }
    TestProcess& process() { return _process; }
    // How many requests reached it (GET /stats: health checks and that call apart).
    int requestsServed();

private:
    TestProcess _process;
    unsigned short _port = 0;
};

class Gateway
{
public:
    // Writes configXml to folder/portico.xml after replacing "@PORT@" with a free port (and
    // "@ADMIN_PORT@" with another), starts porticod and waits until it serves.
    Gateway(const TempDirectory& folder, const std::string& configXml,
            const std::vector<std::string>& environment = {});
    ~Gateway();

    unsigned short port() const { return _port; }
    unsigned short adminPort() const { return _adminPort; }
    TestProcess& process() { return _process; }
    std::string configPath() const { return _configPath; }

    // One request on a fresh connection.
    HttpResponse request(const std::string& bytes, bool forHead = false);
    HttpResponse get(const std::string& target, const std::string& extraHeaders = "");

private:
    TestProcess _process;
    unsigned short _port = 0;
    unsigned short _adminPort = 0;
    std::string _configPath;
};

// A call on a gateway's admin API with the tests' admin token (body sent when not empty).
HttpResponse adminCall(Gateway& gateway, const std::string& method, const std::string& target,
                       const std::string& body = "");

// A configuration with one listener on @PORT@, admin on @ADMIN_PORT@ and the given
// <upstreams> and <routes> contents; limits may be overridden with a <limits …/> element text.
std::string gatewayConfig(const std::string& upstreams, const std::string& routes,
                          const std::string& limits = "");

// The same with <plugins directory="pluginFolder"/> and adapter routes (no upstreams).
std::string pluginGatewayConfig(const std::string& pluginFolder, const std::string& routes);

// A folder "plugins" in folder holding a copy of build/plugins/NAME.so, with the 0755 modes the
// loader insists on (the build folder's own modes are not the test's to rely on). Returns its path.
std::string privatePluginFolder(const TempDirectory& folder, const std::string& pluginName);

} // namespace portico::test
