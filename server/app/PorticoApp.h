#pragma once

// porticod's process: POCO ServerApplication (so --daemon/--pidfile on Unix and the Windows
// service options come with it), the command line of the contract, start-up and the graceful
// stop on SIGTERM/SIGINT.

#include <Poco/Util/ServerApplication.h>

#include <string>

namespace portico::app
{

class PorticoApp final : public Poco::Util::ServerApplication
{
protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const std::vector<std::string>& arguments) override;

private:
    void printHelp();

    std::string _configFile = "etc/portico.xml";
    bool _checkOnly = false;
    bool _stopAfterOptions = false;
    int _exitCode = 0;
};

} // namespace portico::app
