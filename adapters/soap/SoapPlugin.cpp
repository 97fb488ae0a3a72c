// The soap plugin library: one Plugin offering the "soap" adapter factory.

#include "soap/SoapAdapterFactory.h"

#include <portico/plugin/PluginAbi.h>

#include <boost/dll/alias.hpp>

namespace portico::soap
{

namespace
{

class SoapPlugin : public plugin::Plugin
{
public:
    std::string name() const override { return "soap"; }
    std::string version() const override { return "1.0.0"; }
    std::vector<plugin::AdapterFactory*> adapters() override { return {&_factory}; }

private:
    SoapAdapterFactory _factory;
};

} // namespace

plugin::Plugin* createSoapPlugin()
{
    return new SoapPlugin();
}

} // namespace portico::soap

PORTICO_PLUGIN_EXPORT(portico::soap::createSoapPlugin)
