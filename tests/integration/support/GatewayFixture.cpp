#include "support/GatewayFixture.h"

#include <stdexcept>
#include <sys/stat.h>

namespace portico::test
{

DemoUpstream::DemoUpstream(const TempDirectory& folder, const std::string& name,
                           const std::string& extraArgument)
{
    std::vector<std::string> arguments{"--port=0", "--name=" + name};
    if (!extraArgument.empty())
    {
        arguments.push_back(extraArgument);
    }
    _process.start(binaryPath("portico-demo-upstream"), arguments, folder.file("upstream-" + name));
    if (!_process.waitForOutput("listening on", std::chrono::seconds(10)))
    {
        throw std::runtime_error("demo upstream did not start: " + _process.errorOutput());
    }
    std::string out = _process.output();
    _port = static_cast<unsigned short>(std::stoi(out.substr(out.rfind(':') + 1)));
}

Gateway::Gateway(const TempDirectory& folder, const std::string& configXml,
                 const std::vector<std::string>& environment)
{
    _port = freePort();
    _adminPort = freePort();
    while (_adminPort == _port)
    {
        _adminPort = freePort();
    }
    std::string text = configXml;
    replaceAll(text, "@PORT@", std::to_string(_port));
    replaceAll(text, "@ADMIN_PORT@", std::to_string(_adminPort));
    _configPath = folder.file("portico.xml");
    writeFile(_configPath, text);
    _process.start(binaryPath("porticod"), {"--config=" + _configPath}, folder.file("porticod"), environment);
    if (!_process.waitForOutput("serving", std::chrono::seconds(10)))
    {
        throw std::runtime_error("porticod did not start: " + _process.errorOutput());
    }
}

Gateway::~Gateway()
{
    _process.stop();
}

int DemoUpstream::requestsServed()
{
    RawHttpClient client("127.0.0.1", _port);
    const HttpResponse answer = client.request("GET /stats HTTP/1.1\r\nHost: upstream\r\n\r\n");
    const std::size_t at = answer.body.find("\"requests\":");
    if (answer.status != 200 || at == std::string::npos)
        throw std::runtime_error("the demo upstream's /stats answered " + answer.body);
    return std::stoi(answer.body.substr(at + 11));
}

HttpResponse adminCall(Gateway& gateway, const std::string& method, const std::string& target,
                       const std::string& body)
{
    RawHttpClient client("127.0.0.1", gateway.adminPort());
    std::string request =
        method + " " + target + " HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer test-admin-token\r\n";
    if (!body.empty()) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return client.request(request + "\r\n" + body);
}

HttpResponse Gateway::request(const std::string& bytes, bool forHead)
{
    RawHttpClient client("127.0.0.1", _port);
    return client.request(bytes, forHead);
}

HttpResponse Gateway::get(const std::string& target, const std::string& extraHeaders)
{
    return request(simpleRequest("GET", target, extraHeaders));
}

std::string gatewayConfig(const std::string& upstreams, const std::string& routes, const std::string& limits)
{
    return "<portico>\n"
           "  <server ioThreads=\"2\">\n"
           "    <listener address=\"127.0.0.1:@PORT@\"/>\n"
           "    <admin address=\"127.0.0.1:@ADMIN_PORT@\" token=\"test-admin-token\"/>\n" +
           (limits.empty() ? std::string() : "    " + limits + "\n") +
           "  </server>\n"
           "  <upstreams>\n" +
           upstreams +
           "  </upstreams>\n"
           "  <routes>\n" +
           routes +
           "  </routes>\n"
           "</portico>\n";
}

std::string pluginGatewayConfig(const std::string& pluginFolder, const std::string& routes)
{
    return "<portico>\n"
           "  <server ioThreads=\"2\">\n"
           "    <listener address=\"127.0.0.1:@PORT@\"/>\n"
           "    <admin address=\"127.0.0.1:@ADMIN_PORT@\" token=\"test-admin-token\"/>\n"
           "  </server>\n"
           "  <plugins directory=\"" +
           pluginFolder +
           "\"/>\n"
           "  <routes>\n" +
           routes +
           "  </routes>\n"
           "</portico>\n";
}

std::string privatePluginFolder(const TempDirectory& folder, const std::string& pluginName)
{
    std::string plugins = folder.file("plugins");
    ::mkdir(plugins.c_str(), 0755);
    std::string target = plugins + "/" + pluginName + ".so";
    writeFile(target, readFile(binaryPath("../plugins/" + pluginName + ".so")));
    ::chmod(target.c_str(), 0755);
    return plugins;
}

} // namespace portico::test
