// The tcp plugin library: exports the Plugin that offers the "tcp" adapter type (PluginAbi.h).

#include "tcp/TcpAdapterFactory.h"

#include <portico/plugin/PluginAbi.h>

#include <boost/dll/alias.hpp>

namespace portico::tcp
{

class TcpPlugin final : public plugin::Plugin
{
public:
    std::string name() const override { return "tcp"; }
    std::string version() const override { return "1.0.0"; }
    std::vector<plugin::AdapterFactory*> adapters() override { return {&_factory}; }

private:
    TcpAdapterFactory _factory;
};

} // namespace portico::tcp

namespace
{

portico::plugin::Plugin* createTcpPlugin()
{
    return new portico::tcp::TcpPlugin();
}

} // namespace

PORTICO_PLUGIN_EXPORT(createTcpPlugin)
